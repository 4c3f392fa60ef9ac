import { describe, expect, it } from 'vitest';
import { computeKpis, KPI_NAMES, runScenario, simulate, simulatePair, type KpiName, type ResolvedScenario } from '@corridor/engine';
import { referenceModel, resolved, scenario } from './support.js';

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('runScenario: a scenario without events is its own baseline', () => {
  it('parameters but no events: the baseline is the run, bit for bit, and nothing is lost', () => {
    const run = scenario({ horizon: 90, parameters: { diversion_lag: 21, tanker_load: '40000 L/tanker' }, outputs: ['fuel_stock', 'gold_output'] });
    expect(run.scenario.events).toEqual([]);
    for (const name of Object.keys(run.series)) expect(sameBits(run.baseline[name]!, run.series[name]!), name).toBe(true);
    expect(run.kpis.gold_output_loss_kg.value).toBe(0);
    expect(run.kpis.export_revenue_loss_bn_cfa.value).toBe(0);
    // And it is what a run of its own gives.
    const { model } = referenceModel();
    const s = run.scenario;
    const own = simulate(model, { seed: s.seed, record: ['fuel_stock'], time: { start: 0, stop: s.horizon, dt: s.dt, method: s.method, savePeriod: s.dt }, overrides: s.parameterOverrides });
    const every = Math.round(s.saveEvery / s.dt);
    expect(sameBits(run.baseline['fuel_stock']!, own.series['fuel_stock']!.filter((_, i) => i % every === 0))).toBe(true);
  });

  it('with events the baseline is run apart, without them', () => {
    const run = scenario({
      horizon: 90,
      events: [{ type: 'blockade', corridor: 'dakar_bamako', from: '2025-09-11', to: '2025-10-11', severity: 1 }],
      outputs: ['fuel_stock'],
    });
    expect(sameBits(run.baseline['fuel_stock']!, run.series['fuel_stock']!)).toBe(false);
  });
});

describe('the generated Euler loop on the reference model', () => {
  it('gives the run, its baseline, its KPIs and crossings bit for bit as the step-by-step path does', () => {
    // Events that switch time series on and off (the loop recomputes what depends on them),
    // random attacks, and every variable recorded.
    const s = resolved({
      horizon: 150,
      events: [
        { type: 'blockade', corridor: 'dakar_bamako', segment: 'kayes_bamako', from: 'day 10', to: 'day 70', severity: 1 },
        { type: 'attacks', corridor: 'dakar_bamako', from: 'day 20', to: 'day 90', rate: 0.2, tankers_per_attack: 12 },
      ],
      outputs: [...referenceModel().model.defaultRecord],
    });
    const stepwise: ResolvedScenario = { ...s, model: { ...s.model, loopFor: () => null } };
    const loop = runScenario(s, { runIndex: 3 });
    const step = runScenario(stepwise, { runIndex: 3 });
    for (const name of Object.keys(loop.series)) {
      expect(sameBits(loop.series[name]!, step.series[name]!), name).toBe(true);
      expect(sameBits(loop.baseline[name]!, step.baseline[name]!), name).toBe(true);
    }
    expect(loop.kpis).toEqual(step.kpis);
    expect(loop.crossings).toEqual(step.crossings);
    expect(loop.kpis.tankers_lost.value).toBeGreaterThan(0);
  });
});

describe('KPIs', () => {
  it('the one-pass computation gives, to the bit, what a pass per sum gives', () => {
    const s = resolved({
      horizon: 150,
      events: [
        { type: 'blockade', corridor: 'dakar_bamako', from: 'day 5', to: 'day 95', severity: 1 },
        { type: 'attacks', corridor: 'abidjan_bamako', from: 'day 20', to: 'day 90', rate: 0.3, tankers_per_attack: 10 },
      ],
    });
    const { run, base } = simulatePair(s, { runIndex: 2 });
    const dt = run.meta.savePeriod;
    const n = run.times.length - 1;
    const integral = (x: Float64Array): number => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += x[i]! * dt;
      return sum;
    };
    const r = (k: string): Float64Array => run.series[k]!;
    const b = (k: string): Float64Array => base.series[k]!;
    const loss = (k: string): number => integral(b(k)) - integral(r(k));
    const min = (x: Float64Array): number => x.reduce((m, v) => Math.min(m, v), Infinity);
    let shortage = 0;
    let first: number | null = null;
    for (let i = 0; i < n; i++) {
      if (r('fuel_unmet_demand')[i]! > 0.01 * r('fuel_demand')[i]!) {
        shortage += dt;
        first ??= run.times[i]!;
      }
    }
    const expected: Record<KpiName, number | null> = {
      fuel_min_days_cover: min(r('fuel_days_cover')),
      fuel_shortage_days: shortage,
      fuel_first_shortage_day: first,
      tankers_lost: r('tankers_lost_total')[n]!,
      power_unserved_gwh: integral(r('power_unserved')) - integral(b('power_unserved')),
      power_min_supply_hours: min(r('power_supply_hours')),
      gold_output_loss_pct: (100 * loss('gold_output')) / integral(b('gold_output')),
      gold_output_loss_kg: loss('gold_output'),
      export_revenue_loss_bn_cfa: loss('export_revenue'),
      budget_revenue_loss_bn_cfa: loss('budget_revenue'),
      senegal_export_loss_bn_cfa: loss('senegal_exports_to_mali'),
      senegal_export_loss_pct: (100 * loss('senegal_exports_to_mali')) / integral(r('senegal_total_exports')),
    };
    const got = computeKpis(run, base);
    for (const k of KPI_NAMES) expect(Object.is(got[k].value, expected[k]), `${k}: ${got[k].value} against ${expected[k]}`).toBe(true);
    // A blockade of 90 days: a shortage, losses, and lost tankers, so no value above is a trivial 0.
    expect(got.fuel_shortage_days.value).toBeGreaterThan(0);
    expect(got.senegal_export_loss_bn_cfa.value).toBeGreaterThan(0);
    expect(got.tankers_lost.value).toBeGreaterThan(0);
  });
});
