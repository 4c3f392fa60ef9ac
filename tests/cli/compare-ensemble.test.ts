import { beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, KPI_NAMES } from './helpers.js';
import type { Result } from './helpers.js';

/**
 * `corridor compare` with a scenario that has runs > 1 (tests/fixtures/fuel-blockade-ensemble.yaml:
 * the 2025 fuel blockade over 90 days, 50 runs): its KPIs are medians with P5–P95 beside
 * them, and its first crossings have the dates of P5, P50 and P95 and the share that never
 * cross. Single runs beside it are as before, with their crossing dates.
 */

const BASELINE = 'scenarios/baseline.yaml';
const ENSEMBLE = 'tests/fixtures/fuel-blockade-ensemble.yaml';
const SINGLE = 'scenarios/dakar-corridor-closed-60d.yaml';

beforeAll(ensureBuilt, 300_000);

describe('corridor compare with an ensemble', () => {
  let json: Result;
  let table: Result;
  let csv: Result;
  beforeAll(async () => {
    const run = (format: string): Promise<Result> => corridor(['compare', BASELINE, ENSEMBLE, SINGLE, '--format', format, '--workers', '1']);
    [json, table, csv] = await Promise.all([run('json'), run('table'), run('csv')]);
  }, 120_000);

  it('JSON: each KPI of the ensemble has its median as value, P5 ≤ P25 ≤ P50 ≤ P75 ≤ P95, the nominal run and the runs with a value', () => {
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    const [ensemble, single] = doc.scenarios;
    expect(ensemble).toMatchObject({ file: ENSEMBLE, runs: 50, sampling: 'latin_hypercube', horizon: 90, seed: 3 });
    expect(Object.keys(ensemble.kpis)).toEqual(KPI_NAMES);
    for (const name of KPI_NAMES) {
      const k = ensemble.kpis[name];
      if (k.runsWithValue === 0) continue;
      expect(k.value).toBe(k.p50);
      expect(k.p5).toBeLessThanOrEqual(k.p25);
      expect(k.p25).toBeLessThanOrEqual(k.p50);
      expect(k.p50).toBeLessThanOrEqual(k.p75);
      expect(k.p75).toBeLessThanOrEqual(k.p95);
      expect(k).toHaveProperty('nominal');
    }
    // Uncertain fuel demand spreads the days of shortage.
    const shortage = ensemble.kpis.fuel_shortage_days;
    expect(shortage.p95).toBeGreaterThan(shortage.p5);
    expect(shortage.delta).toBeCloseTo(shortage.p50 - doc.baseline.kpis.fuel_shortage_days.value, 12);
    // The single run has no bands, and is the same as without the ensemble beside it.
    expect(single.runs).toBe(1);
    expect(single.kpis.fuel_min_days_cover).not.toHaveProperty('p5');
    expect(single.kpis.fuel_min_days_cover.value).toBeCloseTo(1.978, 3);
  });

  it('JSON: first crossings, the dates of P5, P50 and P95 for the ensemble and the share that never cross; a date or null for single runs', () => {
    const doc = JSON.parse(json.stdout);
    const cover = doc.scenarios[0].crossings.fuel_cover_below_1_day;
    expect(cover.ensemble.runs).toBe(50);
    expect(cover.ensemble.neverShare).toBeGreaterThanOrEqual(0);
    expect(cover.ensemble.neverShare).toBeLessThan(1);
    const { p5, p50, p95 } = cover.ensemble.date;
    expect(p5 <= p50 && p50 <= p95).toBe(true);
    expect(p5).toMatch(/^2025-\d\d-\d\d$/);
    expect(cover.ensemble.day.p50).toBeGreaterThan(0);
    expect(doc.baseline.crossings.fuel_cover_below_1_day).toMatchObject({ day: null, date: null });
    expect(doc.baseline.crossings.fuel_cover_below_1_day).not.toHaveProperty('ensemble');
  });

  it('table: a P5–P95 column after the ensemble, none after single runs, and a first-crossings table', () => {
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^KPI +unit +baseline +fuel-blockade-ensemble +P5–P95 +Δ +Δ% +dakar-corridor-closed-60d +Δ +Δ%$/m);
    expect(table.stdout).toMatch(/^fuel_shortage_days +day +0 +[\d.]+ +[\d.]+–[\d.]+ +\+[\d.]+ +— +33\.75 +\+33\.75 +—$/m);
    expect(table.stdout).toMatch(/^Ensembles \(fuel-blockade-ensemble 50 runs\): value is the median/m);
    expect(table.stdout).toMatch(/^first crossing +scenario +date +P5 +P50 +P95 +never$/m);
    expect(table.stdout).toMatch(/^fuel_cover_below_1_day +fuel-blockade-ensemble +(never|\d{4}-\d\d-\d\d) +2025-\d\d-\d\d +2025-\d\d-\d\d +2025-\d\d-\d\d +\d+%$/m);
    expect(table.stdout).toMatch(/^fuel_cover_below_1_day +baseline +never$/m);
  });

  it('CSV: runs, p5, p50 and p95 columns when a scenario is an ensemble, empty for single runs', () => {
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe('scenario,kpi,unit,value,baseline,delta,relative_delta,runs,p5,p50,p95');
    expect(rows).toHaveLength(2 * KPI_NAMES.length);
    expect(rows.find((r) => r.startsWith(`${ENSEMBLE},fuel_shortage_days,`))).toMatch(/,50,[\d.]+,[\d.]+,[\d.]+$/);
    expect(rows.find((r) => r.startsWith(`${SINGLE},fuel_shortage_days,`))).toMatch(/,1,,,$/);
  });

  it('prints the same for any number of workers', async () => {
    const args = ['compare', BASELINE, ENSEMBLE, '--format', 'json'];
    const [one, two] = await Promise.all([corridor([...args, '--workers', '1']), corridor([...args, '--workers', '2'])]);
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/: 50 runs on 1 worker in /);
    expect(two.stdout).toBe(one.stdout);
  });

  it('with only single runs, the table gains the crossing dates and nothing else', async () => {
    const r = await corridor(['compare', BASELINE, SINGLE, '--format', 'table']);
    expect(r.stdout).not.toContain('P5–P95');
    expect(r.stdout).toMatch(/^first crossing +scenario +date$/m);
    expect(r.stdout).toMatch(/^gold_below_half +dakar-corridor-closed-60d +never$/m);
  });
});
