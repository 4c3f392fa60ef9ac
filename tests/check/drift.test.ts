import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_SCENARIOS } from '../cli/helpers.js';
import { check, copyProject, edit, ensureBuilt, MODEL, removeCopies, topDrift, write } from './support.js';
import type { CheckJson } from './support.js';

beforeAll(ensureBuilt, 120_000);

afterAll(removeCopies);

/**
 * A change injected into a copy of the model: `check` must fail with exit 1 and put the
 * variable the change moves most at the top of its report; a change within tolerance passes.
 */
describe('corridor check: drift from the goldens', () => {
  it('passes on an unchanged copy: exit 0, OK, and the time taken on stderr', async () => {
    const dir = copyProject();
    const r = await check(dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Goldens: all within tolerance: \\d+ variables \\([\\d,]+ values\\) in ${SHIPPED_SCENARIOS} scenarios`));
    expect(r.stdout).toMatch(/Expectations: all \d+ hold/);
    expect(r.stdout.trimEnd().endsWith('OK')).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`^checked ${SHIPPED_SCENARIOS} scenarios \\([\\d,]+ values\\) and \\d+ expectations in \\d+\\.\\d\\d s\\n$`));
  });

  it("Senegal's total exports nudged by 5%: exit 1, senegal_export_loss_pct at the top", async () => {
    const dir = copyProject();
    edit(dir, MODEL, 'value: 3908 bn_CFA/year', 'value: 4103.4 bn_CFA/year');
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(topDrift(r.stdout)?.variable).toBe('senegal_export_loss_pct');
    expect(r.stdout).toMatch(/FAILED: \d+ variables? drifted/);
    // Only that KPI moves, in every scenario that costs Senegal exports, by 1/1.05 − 1.
    const json = JSON.parse((await check(dir, ['--format', 'json'])).stdout) as CheckJson;
    expect(json.ok).toBe(false);
    expect(new Set(json.drift.map((d) => d.variable))).toEqual(new Set(['senegal_export_loss_pct']));
    expect(json.drift.map((d) => d.scenario).sort()).toEqual([
      'bamako-fuel-blockade-2025',
      'bamako-fuel-blockade-ensemble',
      'dakar-closed-nouakchott-diversion',
      'dakar-corridor-closed-60d',
      'escorted-convoys-weekly',
      'joint-patrols',
      'kayes-nioro-blockade',
    ]);
    const worst = json.drift[0]!.worst as { expected: number; actual: number; relDiff: number };
    expect(worst.actual / worst.expected).toBeCloseTo(1 / 1.05, 6);
  });

  it('tanker_load nudged by 5%: exit 1, a fuel series of a scenario with convoys at the top, and the table has every column', async () => {
    const dir = copyProject();
    edit(dir, MODEL, 'value: 46000 L/tanker', 'value: 48300 L/tanker');
    const r = await check(dir);
    expect(r.code).toBe(1);
    const header = r.stdout.split('\n').find((l) => l.startsWith('scenario'));
    expect(header?.split(/\s{2,}/)).toEqual(['scenario', 'variable', 'time', 'expected', 'actual', 'diff', 'rel diff', 'tolerance', 'drift/tol', 'points']);
    const top = topDrift(r.stdout);
    expect(top?.variable).toMatch(/^fuel_/);
    expect(['escorted-convoys-weekly', 'bamako-fuel-blockade-2025', 'joint-patrols', 'kayes-nioro-blockade']).toContain(top?.scenario);
    // Drift is ordered by drift relative to tolerance, biggest first.
    const json = JSON.parse((await check(dir, ['--format', 'json', '--limit', '0'])).stdout) as CheckJson;
    const ratios = json.drift.map((d) => (d.worst.driftOverTolerance as number | null) ?? Infinity);
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
    expect(json.drift[0]).toMatchObject({ scenario: top?.scenario, variable: top?.variable });
    // Scenarios without tankers do not move.
    expect(json.drift.some((d) => d.scenario === 'baseline' || d.scenario === 'southern-corridor-cut')).toBe(false);
  });

  it('an equation-level figure (a point of the rationing lookup) changed by 5%: exit 1, a fuel variable at the top', async () => {
    const dir = copyProject();
    edit(dir, MODEL, 'points: [[0, 0], [0.5, 0.3], [1, 0.55], [2, 0.9], [2.5, 1]]', 'points: [[0, 0], [0.5, 0.3], [1, 0.55], [2, 0.855], [2.5, 1]]');
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(topDrift(r.stdout)?.variable).toMatch(/^fuel_/);
  });

  it('a change within tolerance passes: a figure nudged by 1e-10, exit 0', async () => {
    const dir = copyProject();
    edit(dir, MODEL, 'value: 3908 bn_CFA/year', 'value: 3908.0000004 bn_CFA/year');
    const r = await check(dir);
    expect(r.code, r.stdout).toBe(0);
  });

  it('a per-variable tolerance lets a 5% change of that variable pass, and only that one', async () => {
    const dir = copyProject();
    edit(dir, MODEL, 'value: 3908 bn_CFA/year', 'value: 4103.4 bn_CFA/year');
    // The shipped expectation "at least 10%" would fail on this change; only the goldens are tested here.
    write(dir, 'checks/expectations.yaml', 'expectations: []\n');
    write(dir, 'tests/golden/tolerances.yaml', 'default: { rtol: 1.0e-6, atol: 1.0e-9 }\nvariables:\n  tankers_lost: { atol: 0.5 }\n  tankers_lost_total: { atol: 0.5 }\n  cargo_backlog: { atol: 1.0e-3 }\n  fuel_unmet_demand: { atol: 1.0e-3 }\n  transport_jobs_idle: { atol: 1.0e-3 }\n  senegal_export_loss_pct: { rtol: 0.06 }\n');
    // Two scenarios that lose Senegal exports are enough here.
    const two = ['scenarios/dakar-corridor-closed-60d.yaml', 'scenarios/joint-patrols.yaml'];
    expect((await check(dir, two)).code).toBe(0);
    // rtol 0.04 is not enough for a 4.8% change.
    edit(dir, 'tests/golden/tolerances.yaml', 'senegal_export_loss_pct: { rtol: 0.06 }', 'senegal_export_loss_pct: { rtol: 0.04 }');
    const r = await check(dir, two);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rtol 0.04 + atol 1e-9 %');
    // A tolerance for one scenario only.
    edit(dir, 'tests/golden/tolerances.yaml', 'senegal_export_loss_pct: { rtol: 0.04 }', 'senegal_export_loss_pct: { rtol: 0.06 }\nscenarios:\n  joint-patrols:\n    senegal_export_loss_pct: { rtol: 0.01 }');
    const one = JSON.parse((await check(dir, [...two, '--format', 'json'])).stdout) as CheckJson;
    expect(one.drift.map((d) => `${d.scenario} ${d.variable}`)).toEqual(['joint-patrols senegal_export_loss_pct']);
  });

  it('--update records on purpose and says what changed; check then passes; a second update is "unchanged"', async () => {
    const dir = copyProject();
    edit(dir, MODEL, 'value: 3908 bn_CFA/year', 'value: 4103.4 bn_CFA/year');
    const before = readFileSync(join(dir, 'tests/golden/baseline.kpis.csv'), 'utf8');
    const r = await check(dir, ['--update']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tests/golden/baseline.{kpis,series}.csv: unchanged');
    expect(r.stdout).toMatch(/tests\/golden\/dakar-corridor-closed-60d\.\{kpis,series\}\.csv: 1 of \d+ values changed/);
    expect(r.stdout).toMatch(/Biggest changes/);
    expect(r.stdout).toMatch(/dakar-corridor-closed-60d\s+senegal_export_loss_pct\s+KPI\s+10\.27\d*\s+9\.78\d*/);
    expect(r.stderr).toMatch(new RegExp(`^recorded ${SHIPPED_SCENARIOS} scenarios \\([\\d,]+ values\\) in tests/golden in \\d+\\.\\d\\d s\\n$`));
    expect(readFileSync(join(dir, 'tests/golden/baseline.kpis.csv'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'tests/golden/dakar-corridor-closed-60d.kpis.csv'), 'utf8')).toMatch(/^senegal_export_loss_pct,9\.78\d+,%$/m);
    // The goldens now hold, but a written expectation still guards the figure: updating cannot hide it.
    const after = await check(dir);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('Goldens: all within tolerance');
    expect(after.stdout).toMatch(/Expectations: 1 of \d+ failed\n✗ Closing the Dakar road for 60 days costs Senegal at least 10% of its exports/);
    expect(after.stdout).toMatch(/expected ≥ 10\n\s+found\s+9\.78\d*\n\s+at checks\/expectations\.yaml:\d+:5/);
    const again = await check(dir, ['--update']);
    expect(again.stdout.trimEnd().endsWith('unchanged')).toBe(true);
  });

  it('a golden without a scenario is stale: exit 1; --update removes it', async () => {
    const dir = copyProject();
    write(dir, 'tests/golden/old-scenario.kpis.csv', 'variable,value,unit\n');
    write(dir, 'tests/golden/old-scenario.series.csv', 'variable,date,day,value\n');
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('stale golden: tests/golden/old-scenario.*.csv has no scenario old-scenario');
    const u = await check(dir, ['--update']);
    expect(u.stdout).toContain('tests/golden/old-scenario.kpis.csv: removed');
    expect(existsSync(join(dir, 'tests/golden/old-scenario.kpis.csv'))).toBe(false);
    expect((await check(dir)).code).toBe(0);
  });

  it('a horizon made longer: the new points are drift ("not in the golden"), never silently accepted', async () => {
    const dir = copyProject();
    edit(dir, 'scenarios/dakar-corridor-closed-60d.yaml', 'horizon: 120', 'horizon: 130');
    const json = JSON.parse((await check(dir, ['scenarios/dakar-corridor-closed-60d.yaml', '--format', 'json'])).stdout) as CheckJson;
    expect(json.ok).toBe(false);
    const points = json.drift.flatMap((d) => d.points);
    expect(points.some((p) => p.presence === 'run only' && p.day === 126)).toBe(true);
    expect(points.some((p) => p.presence === 'golden only' && p.day === 120)).toBe(true);
  });
});
