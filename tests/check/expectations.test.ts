import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, copyProject, ensureBuilt, removeCopies, write } from './support.js';
import type { CheckJson } from './support.js';

beforeAll(ensureBuilt, 120_000);
afterAll(removeCopies);

const D = 'dakar-corridor-closed-60d';
const J = 'joint-patrols';

/**
 * Each predicate, operand form and window form, once where it holds and once where it fails,
 * on values of the shipped scenarios: in dakar-corridor-closed-60d (road closed from day 10
 * to day 70), fuel cover is exactly 3 until day 9 (2025-09-10), 3.036 on day 10, lowest on
 * day 21 (1.97877, 2025-09-22) and 2.98611 on day 99, 2.98799 on day 100;
 * senegal_export_loss_pct is 10.2706. joint-patrols loses 168 tankers, the 2025 blockade 236.
 * An expectation named "holds …" must hold and one named "fails …" must fail.
 */
const EXPECTATIONS = `
expectations:
  # Predicates against a number, on a KPI (no window).
  - { name: holds gt, scenario: ${D}, kpi: senegal_export_loss_pct, gt: 10 }
  - { name: fails gt, scenario: ${D}, kpi: senegal_export_loss_pct, gt: 10.3 }
  - { name: holds gte, scenario: ${D}, kpi: senegal_export_loss_pct, gte: 10.27 }
  - { name: fails gte, scenario: ${D}, kpi: senegal_export_loss_pct, gte: 10.28 }
  - { name: holds lt, scenario: ${D}, kpi: senegal_export_loss_pct, lt: 10.3 }
  - { name: fails lt, scenario: ${D}, kpi: senegal_export_loss_pct, lt: 10.27 }
  - { name: holds lte, scenario: ${D}, kpi: senegal_export_loss_pct, lte: 10.271 }
  - { name: fails lte, scenario: ${D}, kpi: senegal_export_loss_pct, lte: 10.27 }
  - { name: holds between, scenario: ${D}, kpi: senegal_export_loss_pct, between: [10, 11] }
  - { name: fails between, scenario: ${D}, kpi: senegal_export_loss_pct, between: [11, 12] }
  - { name: holds approx within the default 1%, scenario: ${D}, kpi: senegal_export_loss_pct, approx: 10.3 }
  - { name: fails approx beyond the default 1%, scenario: ${D}, kpi: senegal_export_loss_pct, approx: 10.5 }
  - { name: holds approx with atol, scenario: ${D}, kpi: senegal_export_loss_pct, approx: 10.2, atol: 0.1 }
  - { name: fails approx with atol, scenario: ${D}, kpi: senegal_export_loss_pct, approx: 10.2, atol: 0.05 }
  - { name: holds approx with rtol, scenario: ${D}, kpi: senegal_export_loss_pct, approx: 10.2, rtol: 0.01 }
  - { name: fails approx with rtol, scenario: ${D}, kpi: senegal_export_loss_pct, approx: 10.2, rtol: 0.005 }

  # Time windows on a series.
  - { name: holds whole run, scenario: ${D}, variable: fuel_days_cover, gte: 1.9 }
  - { name: fails whole run, scenario: ${D}, variable: fuel_days_cover, gte: 2 }
  - { name: holds dates, scenario: ${D}, variable: fuel_days_cover, from: 2025-09-01, to: 2025-09-10, approx: 3, rtol: 1.0e-9 }
  - { name: fails dates, scenario: ${D}, variable: fuel_days_cover, from: 2025-09-01, to: 2025-09-11, approx: 3, rtol: 1.0e-9 }
  - { name: holds days, scenario: ${D}, variable: fuel_days_cover, from: day 100, to: day 120, gt: 2.987 }
  - { name: fails days, scenario: ${D}, variable: fuel_days_cover, from: day 99, to: day 120, gt: 2.987 }
  - { name: holds days as numbers and an open end, scenario: ${D}, variable: fuel_days_cover, from: 100, gt: 2.987 }
  - { name: holds up to a day, scenario: ${D}, variable: fuel_days_cover, to: day 9, lte: 3 }
  - { name: holds at a date, scenario: ${D}, variable: fuel_days_cover, at: 2025-09-22, lt: 1.98 }
  - { name: fails at a day, scenario: ${D}, variable: fuel_days_cover, at: day 21, lt: 1.978 }

  # Against another variable, a KPI, another scenario.
  - { name: holds against a KPI of the same scenario, scenario: ${D}, variable: fuel_days_cover, gte: { kpi: fuel_min_days_cover } }
  - { name: holds against another variable, scenario: ${D}, variable: corridor_flow_dakar_bamako, from: day 12, to: day 69, lte: { variable: corridor_flow_nouakchott_bamako } }
  - { name: fails against another variable, scenario: ${D}, variable: corridor_flow_dakar_bamako, to: day 69, lte: { variable: corridor_flow_nouakchott_bamako } }
  - { name: holds against another scenario, scenario: ${D}, variable: corridor_flow_nouakchott_bamako, from: day 20, to: day 69, gt: { scenario: baseline } }
  - { name: fails against another scenario, scenario: ${D}, variable: corridor_flow_nouakchott_bamako, to: day 69, gt: { scenario: baseline } }
  - { name: holds against another scenario's variable, scenario: ${D}, variable: fuel_days_cover, from: day 18, to: day 69, lt: { scenario: baseline, variable: fuel_days_cover } }
  - { name: holds on a model variable that is not saved, scenario: ${D}, variable: fuel_demand, gt: 0 }
  - { name: holds KPI against another scenario, scenario: ${J}, kpi: tankers_lost, lt: { scenario: bamako-fuel-blockade-2025 } }
  - { name: fails KPI against another scenario, scenario: ${J}, kpi: tankers_lost, gt: { scenario: bamako-fuel-blockade-2025 } }
  - { name: holds KPI against another KPI, scenario: ${D}, kpi: gold_output_loss_kg, gt: { kpi: gold_output_loss_pct } }
  - { name: holds between a number and a reference, scenario: ${J}, kpi: tankers_lost, between: [0, { scenario: bamako-fuel-blockade-2025 }] }

  # Several runs: a statistic of the KPI's distribution.
  - { name: holds median over runs, scenario: ${J}, kpi: tankers_lost, runs: 20, between: [100, 220] }
  - { name: fails max over seeds, scenario: ${J}, kpi: tankers_lost, seeds: [1, 2, 3, 4, 5], statistic: max, lt: 100 }
  - { name: holds percentile against another scenario over the same runs, scenario: ${J}, kpi: tankers_lost, runs: 10, statistic: p90, lt: { scenario: bamako-fuel-blockade-2025 } }
`;

describe('corridor check: written expectations', () => {
  let json: CheckJson;
  let code: number | null;
  let table: string;

  beforeAll(async () => {
    const dir = copyProject();
    write(dir, 'e.yaml', EXPECTATIONS);
    const args = [`scenarios/${D}.yaml`, `scenarios/${J}.yaml`, '--expectations', 'e.yaml'];
    const r = await check(dir, [...args, '--format', 'json']);
    code = r.code;
    json = JSON.parse(r.stdout) as CheckJson;
    table = (await check(dir, args)).stdout;
  }, 120_000);

  const outcome = (name: string): CheckJson['expectations'][number] => {
    const o = json.expectations.find((e) => e.name === name);
    if (o === undefined) throw new Error(`no outcome named ${name}`);
    return o;
  };

  it('every expectation is evaluated, and each holds or fails as its name says', () => {
    const names = [...EXPECTATIONS.matchAll(/name: ([^,]+),/g)].map((m) => m[1]!);
    expect(json.expectations.map((e) => e.name)).toEqual(names);
    for (const e of json.expectations) expect({ name: e.name, ok: e.ok }).toEqual({ name: e.name, ok: e.name!.startsWith('holds') });
    expect(code).toBe(1);
    expect(json.drift).toEqual([]);
  });

  it.each(['gt', 'gte', 'lt', 'lte', 'between'])('%s: says what was expected and what was found', (p) => {
    const o = outcome(`fails ${p}`);
    const symbol = { gt: '> 10.3', gte: '≥ 10.28', lt: '< 10.27', lte: '≤ 10.27', between: 'between 11 and 12' }[p];
    expect(o.expected).toBe(symbol);
    expect(o.found).toBe('10.2706');
    expect(o.actual).toBeCloseTo(10.2706, 4);
  });

  it('approx: the tolerance is shown with the value', () => {
    expect(outcome('fails approx beyond the default 1%').expected).toBe('≈ 10.5 (±1%)');
    expect(outcome('fails approx with atol').expected).toBe('≈ 10.2 (±0.05)');
    expect(outcome('fails approx with rtol').expected).toBe('≈ 10.2 (±0.5%)');
  });

  it('a series that fails is reported at its worst day in the window, with how many days fail', () => {
    expect(outcome('fails whole run')).toMatchObject({ date: '2025-09-22', day: 21, found: expect.stringMatching(/^1\.97877\d* on 2025-09-22 \(day 21\); \d+ of 121 days fail$/) });
    expect(outcome('fails dates')).toMatchObject({ date: '2025-09-11', day: 10, found: expect.stringMatching(/; 1 of 11 days fail$/) });
    expect(outcome('fails days')).toMatchObject({ date: '2025-12-09', day: 99, found: expect.stringMatching(/; 1 of 22 days fail$/) });
    expect(outcome('fails at a day')).toMatchObject({ date: '2025-09-22', day: 21, found: expect.stringMatching(/; 1 of 1 days fail$/) });
    expect(outcome('holds whole run').found).toMatch(/^1\.97877\d* to 3\.04797\d* over 121 days$/);
    expect(outcome('holds days as numbers and an open end').found).toMatch(/over 21 days$/);
    expect(outcome('holds up to a day').found).toBe('3 over 10 days');
  });

  it('a reference is shown with its value and what it is', () => {
    expect(outcome('fails KPI against another scenario')).toMatchObject({ expected: '> 236 (tankers_lost of bamako-fuel-blockade-2025)', found: '168' });
    // Equal before the closure, and below the baseline on day 10, when the road closes and nothing has rerouted yet.
    expect(outcome('fails against another scenario')).toMatchObject({ expected: '> 364.4766 (corridor_flow_nouakchott_bamako of baseline)', date: '2025-09-11', found: expect.stringMatching(/^363\.0006\d* on 2025-09-11 \(day 10\); 11 of 70 days fail$/) });
    expect(outcome('fails against another variable')).toMatchObject({ expected: '≤ 364.4766 (corridor_flow_nouakchott_bamako)', date: '2025-09-01' });
  });

  it('several runs: the statistic is tested, and the description says over what', () => {
    expect(outcome('holds median over runs').description).toBe(`${J}: median over 20 runs of KPI tankers_lost between 100 and 220`);
    expect(outcome('fails max over seeds').description).toBe(`${J}: max over seeds 1–5 of KPI tankers_lost < 100`);
    expect(Number(outcome('fails max over seeds').found)).toBeGreaterThanOrEqual(100);
    expect(outcome('holds percentile against another scenario over the same runs').expected).toMatch(/^< \d+(\.\d+)? \(p90 of tankers_lost of bamako-fuel-blockade-2025 over the same runs\)$/);
  });

  it('the table lists failures first with expected, found and where the expectation is written', () => {
    expect(table).toMatch(/Expectations: \d+ of \d+ failed\n✗ fails gt\n/);
    expect(table).toMatch(/✗ fails whole run\n {4}dakar-corridor-closed-60d: fuel_days_cover ≥ 2, for the whole run\n {4}expected ≥ 2\n {4}found {4}1\.97877\d* on 2025-09-22 \(day 21\); \d+ of 121 days fail\n {4}at e\.yaml:\d+:5\n/);
    expect(table).toMatch(/✓ holds gt\n/);
    expect(table).toMatch(/\nFAILED: \d+ expectations failed\n$/);
  });
});

describe('corridor check: expectations and the choice of scenarios', () => {
  it('all hold: exit 0; expectations about scenarios not checked are left out', async () => {
    const dir = copyProject();
    write(dir, 'e.yaml', `expectations:\n  - { scenario: baseline, variable: fuel_days_cover, between: [2, 10] }\n  - { scenario: ${J}, kpi: tankers_lost, gt: 1000 }\n`);
    const r = await check(dir, ['scenarios/baseline.yaml', '--expectations', 'e.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.expectations.map((e) => e.description)).toEqual(['baseline: fuel_days_cover between 2 and 10, for the whole run']);
    expect(r.stderr).toMatch(/^checked 1 scenario \([\d,]+ values\) and 1 expectation in \d+\.\d\d s\n$/);
  });
});
