import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantileOf } from '@corridor/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../packages/cli/src/load/scenario.js';
import { formatNumber } from '../../packages/cli/src/output/numbers.js';
import { corridor, ensureBuilt, KPI_NAMES, lines, modelFile, repoRoot, scratch } from '../cli/helpers.js';
import type { Result } from '../cli/helpers.js';

/**
 * `corridor sensitivity` end to end on the 2025 fuel blockade: the tornado's numbers (sorted
 * by swing, each end at the distribution's P5 and P95), the terminal's drawing (every
 * parameter, widest first, 80 columns, no colour in a pipe), the ranking, and the mistakes a
 * user makes (a KPI that does not exist, a scenario with nothing uncertain).
 */

const SCENARIO = 'scenarios/bamako-fuel-blockade-2025.yaml';
const FUEL_DEMAND = ['private_transport_fuel_demand_normal', 'other_fuel_demand_normal', 'public_transport_fuel_demand_normal'];
// Few runs, in the CLI's own thread: the ranking's numbers are not what these tests check
// (the pool is, once, below).
const RUNS = ['--runs', '60', '--workers', '1'];

interface Bar {
  name: string;
  unit: string | null;
  low: { quantile: number; input: number; value: number | null };
  high: { quantile: number; input: number; value: number | null };
  swing: number | null;
}

const dirs: string[] = [];
beforeAll(ensureBuilt, 300_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function refused(r: Result, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const errors = lines(r.stderr);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('corridor sensitivity --format json', () => {
  let doc: {
    schemaVersion: number;
    scenario: { file: string; seed: number };
    kpi: string;
    unit: string;
    base: number;
    bars: Bar[];
    runs: number;
    runsFrom: string;
    runsWithValue: number;
    r2: number;
    rank: { name: string; spearman: number; srrc: number; share: number }[];
  };
  let result: Result;

  beforeAll(async () => {
    result = await corridor(['sensitivity', SCENARIO, '--kpi', 'fuel_shortage_days', '--format', 'json', ...RUNS]);
    doc = JSON.parse(result.stdout);
  }, 120_000);

  it('says what it is: the scenario, the KPI and its unit, the base value', () => {
    expect(result.code).toBe(0);
    // stderr: the ensemble's one line of progress, nothing else.
    expect(result.stderr).toMatch(/^scenarios\/bamako-fuel-blockade-2025\.yaml: 60 runs on 1 worker in \d+\.\d s\n$/);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.scenario.file).toBe(SCENARIO);
    expect(doc.kpi).toBe('fuel_shortage_days');
    expect(doc.unit).toBe('day');
    expect(doc.base).toBeGreaterThan(0);
  });

  it('has one bar per uncertain parameter, biggest swing first, each swing |high − low|', () => {
    const { scenario } = loadScenario(join(repoRoot, SCENARIO));
    expect(doc.bars.map((b) => b.name).sort()).toEqual(scenario!.uncertain.map((u) => u.name).sort());
    const swings = doc.bars.map((b) => b.swing!);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    for (const b of doc.bars) expect(b.swing).toBeCloseTo(Math.abs(b.high.value! - b.low.value!), 12);
  });

  it("each bar's ends are the distribution's P5 and P95 (the engine's quantileOf), in the model's unit", () => {
    const { scenario } = loadScenario(join(repoRoot, SCENARIO));
    for (const b of doc.bars) {
      const u = scenario!.uncertain.find((x) => x.name === b.name)!;
      expect(b.low.quantile).toBe(0.05);
      expect(b.high.quantile).toBe(0.95);
      expect(b.low.input).toBe(quantileOf(u.distribution, 0.05, u.scale));
      expect(b.high.input).toBe(quantileOf(u.distribution, 0.95, u.scale));
      expect(b.unit).toBe(u.unit ?? null);
      // The base sits between the ends of a monotonic effect, or at one of them.
      expect(Math.min(b.low.value!, b.high.value!)).toBeLessThanOrEqual(doc.base);
      expect(Math.max(b.low.value!, b.high.value!)).toBeGreaterThanOrEqual(doc.base);
    }
  });

  it('fuel demand moves days of shortage most: the three demand parameters head the tornado, and more demand means more shortage', () => {
    expect(doc.bars.slice(0, 3).map((b) => b.name).sort()).toEqual([...FUEL_DEMAND].sort());
    for (const b of doc.bars.slice(0, 3)) expect(b.high.value!).toBeGreaterThan(b.low.value!);
    // Gold prices do not change how much fuel there is.
    expect(doc.bars.find((b) => b.name === 'gold_price')!.swing).toBe(0);
  });

  it('has the ranking: the runs asked for, a row per parameter, shares that add up to 1, an R²', () => {
    expect(doc.runs).toBe(60);
    expect(doc.runsFrom).toBe('option');
    expect(doc.runsWithValue).toBe(60);
    expect(doc.rank.map((r) => r.name).sort()).toEqual(doc.bars.map((b) => b.name).sort());
    expect(doc.rank.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 9);
    for (const r of doc.rank) expect(Math.abs(r.spearman)).toBeLessThanOrEqual(1);
    expect(doc.r2).toBeGreaterThan(0.5);
    expect(doc.r2).toBeLessThanOrEqual(1 + 1e-9);
    expect(FUEL_DEMAND).toContain(doc.rank[0]!.name);
  });
});

describe('corridor sensitivity: the terminal tornado', () => {
  let result: Result;
  let bars: Bar[];

  beforeAll(async () => {
    const [table, json] = await Promise.all([
      corridor(['sensitivity', SCENARIO, '--kpi', 'fuel_shortage_days', '--format', 'table', ...RUNS]),
      corridor(['sensitivity', SCENARIO, '--kpi', 'fuel_shortage_days', '--format', 'json', ...RUNS]),
    ]);
    result = table;
    bars = JSON.parse(json.stdout).bars;
  }, 120_000);

  it('names every parameter, widest first, in the order of the JSON', () => {
    expect(result.code).toBe(0);
    const tornado = result.stdout.slice(0, result.stdout.indexOf('Ranking from the ensemble'));
    const order = bars.map((b) => tornado.indexOf(` ${b.name}`));
    for (const at of order) expect(at).toBeGreaterThan(0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    bars.forEach((b, i) => expect(tornado).toMatch(new RegExp(`^ *${i + 1} ${b.name}\\b`, 'm')));
  });

  it('draws each bar between the values at its ends, the P5 side light and the P95 side solid, around the base', () => {
    const text = result.stdout.split('\n');
    const top = bars[0]!;
    const row = text.findIndex((l) => / 1 \w+/.test(l) && l.includes(top.name));
    // The bar is the line after its name (or after the inputs, when they wrap).
    const bar = text.slice(row + 1, row + 3).find((l) => l.includes('│'))!;
    expect(bar).toMatch(/░+│█+/);
    expect(bar.trimStart().startsWith(`${formatNumber(top.low.value)} ░`)).toBe(true);
    expect(bar.endsWith(`█ ${formatNumber(top.high.value)}`)).toBe(true);
    expect(result.stdout).toMatch(/P5 [\d,.]+ → P95 [\d,.]+ m³\/day/);
    expect(result.stdout).toContain('no change');
  });

  it('fits in 80 columns and has no colour codes in a pipe', () => {
    for (const line of result.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('is followed by the ranking: Spearman, SRRC, share, R², and where the number of runs came from', () => {
    expect(result.stdout).toMatch(/^#\s+parameter\s+Spearman\s+SRRC\s+share$/m);
    for (const b of bars) expect(result.stdout).toMatch(new RegExp(`^\\d+\\s+${b.name}\\s+-?\\d\\.\\d\\d\\s+-?\\d\\.\\d\\d\\s+\\d+\\.\\d%$`, 'm'));
    expect(result.stdout).toMatch(/^R² of the rank regression \d\.\d\d/m);
    expect(result.stdout).toMatch(/^60 runs, Latin hypercube sampling: set by --runs$/m);
  });

  it('a one-run scenario without --runs gets the default number of runs, and says so', async () => {
    const r = await corridor(['sensitivity', 'scenarios/dakar-corridor-closed-60d.yaml', '--kpi', 'gold_output_loss_kg', '--format', 'json', '--workers', '1']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ runs: 500, runsFrom: 'default' });
    expect(doc.bars[0].name).toBe('kayes_insecurity_output_loss');
  });

  it('prints the same for any number of workers', async () => {
    const args = ['sensitivity', SCENARIO, '--kpi', 'fuel_min_days_cover', '--format', 'json', '--runs', '40'];
    const [one, two] = await Promise.all([corridor([...args, '--workers', '1']), corridor([...args, '--workers', '2'])]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('takes a crossing as well as a KPI; runs and ends that never cross count as later than the horizon', async () => {
    const [r, table] = await Promise.all([
      corridor(['sensitivity', SCENARIO, '--kpi', 'fuel_cover_below_1_day', '--format', 'json', ...RUNS]),
      corridor(['sensitivity', SCENARIO, '--kpi', 'fuel_cover_below_1_day', '--format', 'table', ...RUNS]),
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ kpi: 'fuel_cover_below_1_day', unit: 'day', never: 150, runs: 60, runsRanked: 60 });
    // With every parameter at its median the depots keep a day of cover: the base never crosses.
    expect(doc.base).toBeNull();
    expect(doc.runsNever).toBeGreaterThan(0);
    expect(doc.runsNever + doc.runsWithValue).toBe(60);
    // More fuel demand: the depots cross on a day within the horizon; less: never. The swing is
    // then at least the days from that day to the horizon.
    const top = doc.bars[0] as Bar & { swingAtLeast: boolean };
    expect(FUEL_DEMAND).toContain(top.name);
    expect(top.low.value).toBeNull();
    expect(top.high.value).toBeGreaterThan(0);
    expect(top.high.value).toBeLessThan(150);
    expect(top.swingAtLeast).toBe(true);
    expect(top.swing).toBeCloseTo(150 - top.high.value!, 9);
    // The two big fuel demands lead the ranking, and more demand means crossing earlier.
    expect(doc.rank.slice(0, 2).map((x: { name: string }) => x.name).sort()).toEqual(['other_fuel_demand_normal', 'private_transport_fuel_demand_normal']);
    for (const x of doc.rank.slice(0, 2)) expect(x.spearman).toBeLessThan(-0.2);
    expect(table.stdout).toContain('base never (not within 150 days)');
    expect(table.stdout).toMatch(new RegExp(`${top.name}[\\s\\S]*swing ≥ ${formatNumber(top.swing!).replace('.', '\\.')}\\n +${formatNumber(top.high.value!).replace('.', '\\.')} █+│ never\\n`));
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(`${doc.runsNever} of the 60 runs never get there within the horizon: ranked together, after every run that does`);
  });
});

describe('corridor sensitivity: help and seed', () => {
  it('--help explains the two methods and gives examples', async () => {
    const r = await corridor(['sensitivity', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Examples:\n {2}\$ corridor sensitivity scenarios\/bamako-fuel-blockade-2025\.yaml --kpi fuel_shortage_days$/m);
    expect(r.stdout).toContain('P5 and its P95');
    expect(r.stdout).toContain('Spearman');
  });

  it('--seed is the seed of the tornado and the ensemble, and the output says so', async () => {
    const r = await corridor(['sensitivity', SCENARIO, '--kpi', 'tankers_lost', '--seed', '7', '--format', 'json', '--runs', '20', '--workers', '1']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scenario.seed).toBe(7);
  });
});

describe('corridor sensitivity: bad input', () => {
  it('an unknown --kpi: one line with the nearest name and the valid ones, exit 2', async () => {
    const r = await corridor(['sensitivity', SCENARIO, '--kpi', 'fuel_shortage_dayz']);
    refused(r, /^corridor: --kpi fuel_shortage_dayz: not a KPI or crossing of scenarios\/bamako-fuel-blockade-2025\.yaml; did you mean fuel_shortage_days\? \(one of: .*\)$/);
    for (const k of [...KPI_NAMES, 'fuel_cover_below_1_day', 'gold_below_half']) expect(r.stderr).toContain(k);
  });

  it('no --kpi: a usage error naming the option', async () => {
    refused(await corridor(['sensitivity', SCENARIO]), /required option '--kpi <name>' not specified/);
  });

  it('a scenario with no uncertain parameters: a clear message, exit 2', async () => {
    const dir = scratch();
    dirs.push(dir);
    const model = readFileSync(modelFile, 'utf8');
    const at = model.search(/^uncertainty:/m);
    expect(at).toBeGreaterThan(0);
    // The model without its uncertainty block (the last block of the file).
    const rest = model.slice(at).split('\n').slice(1);
    const end = rest.findIndex((l) => /^\S/.test(l));
    writeFileSync(join(dir, 'model.yaml'), model.slice(0, at) + (end >= 0 ? rest.slice(end).join('\n') : ''));
    writeFileSync(join(dir, 'certain.yaml'), 'model: model.yaml\nstart: 2025-09-01\nhorizon: 30\n');
    const r = await corridor(['sensitivity', join(dir, 'certain.yaml'), '--kpi', 'fuel_shortage_days']);
    refused(r, /certain\.yaml has no uncertain parameters: give distributions in an uncertainty block/);
  });

  it('--runs below 10 is a usage error', async () => {
    refused(await corridor(['sensitivity', SCENARIO, '--kpi', 'tankers_lost', '--runs', '3']), /--runs.*at least 10/);
  });
});
