import { describe, expect, it } from 'vitest';
import { simulate } from '@corridor/engine';
import { referenceModel, scenario } from './support.js';

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
