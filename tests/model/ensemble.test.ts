import { designOf, mergeEnsembleParts, quantileOf, resolveScenario, runEnsemble, runScenario, ScenarioSpec, SimulationError, summarizeEnsemble, type KpiName, type ResolvedScenario, type ScenarioInput } from '@corridor/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_FILE, referenceModel } from './support.js';

const CLOSURE: ScenarioInput['events'] = [{ type: 'blockade', corridor: 'dakar_bamako', from: 'day 5', to: 'day 35', severity: 1 }];

function resolve(input: ScenarioInput): ResolvedScenario {
  const { spec, model } = referenceModel();
  const r = resolveScenario([{ file: 'inline.yaml', spec: ScenarioSpec.parse({ start: '2025-09-01', horizon: 40, ...input }) }], { file: MODEL_FILE, spec }, model);
  if (r.scenario === undefined) throw new Error(r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return r.scenario;
}

function issues(input: ScenarioInput): string[] {
  const { spec, model } = referenceModel();
  return resolveScenario([{ file: 'inline.yaml', spec: ScenarioSpec.parse({ start: '2025-09-01', horizon: 40, ...input }) }], { file: MODEL_FILE, spec }, model).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('ensembles of the reference model', () => {
  const s = resolve({ runs: 24, seed: 11, events: CLOSURE });
  const whole = runEnsemble(s);

  it("varies the model's uncertain parameters and keeps the values each run used", () => {
    expect(s.uncertain.map((u) => u.name)).toContain('private_transport_fuel_demand_normal');
    const j = whole.parameters.indexOf('diversion_lag');
    const lags = Array.from({ length: 24 }, (_, i) => whole.inputs[i * whole.parameters.length + j]!);
    expect(new Set(lags).size).toBe(24);
    lags.forEach((l) => {
      expect(l).toBeGreaterThanOrEqual(7);
      expect(l).toBeLessThanOrEqual(30);
    });
    // Latin hypercube through the quantile function: one run in each twenty-fourth of the distribution.
    const d = s.uncertain.find((u) => u.name === 'diversion_lag')!.distribution;
    const strata = lags.map((l) => {
      let k = 0;
      while (k < 24 && quantileOf(d, (k + 1) / 24) < l) k++;
      return k;
    });
    expect([...strata].sort((a, b) => a - b)).toEqual([...Array(24).keys()]);
  });

  it('gives the same bits for any split into blocks, merged in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { maxLength: 3 }), (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), 24];
        const design = designOf(s);
        const parts = bounds.slice(1).map((to, i) => runEnsemble(s, { from: bounds[i]!, to, design }));
        const merged = mergeEnsembleParts(parts.reverse());
        expect(merged.kpiValues).toEqual(whole.kpiValues);
        expect(merged.inputs).toEqual(whole.inputs);
        expect(JSON.stringify(summarizeEnsemble(s, merged), replacer)).toBe(JSON.stringify(summarizeEnsemble(s, whole), replacer));
      }),
      { numRuns: 4 },
    );
  });

  it('run i is the single run with that row of the design and run index i', () => {
    const i = 17;
    const constants = Object.fromEntries(whole.parameters.map((n, j) => [n, whole.inputs[i * whole.parameters.length + j]!]));
    const single = runScenario(s, { runIndex: i, overrides: { constants } });
    // Every KPI and crossing: the ensemble's runs share their buffers, a single run does not.
    whole.kpis.forEach((k, j) => expect(whole.kpiValues[i * whole.kpis.length + j], k).toBe(single.kpis[k as KpiName].value ?? NaN));
    whole.crossings.forEach((c, j) => expect(whole.crossingDays[i * whole.crossings.length + j], c).toBe(single.crossings[c]!.day ?? NaN));
  });

  it('summarises every KPI and band, with P5 ≤ P50 ≤ P95 and the runs that never cross', () => {
    const sum = summarizeEnsemble(s, whole);
    expect(sum.runs).toBe(24);
    const cover = sum.kpis.fuel_min_days_cover;
    expect(cover.p5!).toBeLessThanOrEqual(cover.p50!);
    expect(cover.p50!).toBeLessThanOrEqual(cover.p95!);
    expect(cover.mean!).toBeGreaterThan(cover.p5! - 1e-12);
    const band = sum.series.fuel_days_cover!;
    for (let j = 0; j < sum.times.length; j++) expect(band.p5[j]!).toBeLessThanOrEqual(band.p95[j]!);
    // The depots start at 3 days in every run: the band is a single exact value there.
    expect(band.p5[0]).toBe(band.p95[0]);
    const power = sum.crossings.power_below_8_hours!;
    expect(power.neverShare).toBeGreaterThanOrEqual(0);
    expect(power.neverShare).toBeLessThanOrEqual(1);
  });

  it('a seed gives the same ensemble again; another seed another', () => {
    expect(runEnsemble(resolve({ runs: 6, seed: 11, events: CLOSURE })).kpiValues).toEqual(runEnsemble(resolve({ runs: 6, seed: 11, events: CLOSURE })).kpiValues);
    expect(runEnsemble(resolve({ runs: 6, seed: 12, events: CLOSURE })).kpiValues).not.toEqual(runEnsemble(resolve({ runs: 6, seed: 11, events: CLOSURE })).kpiValues);
  });

  it('a run that fails says which run it is and what it drew', () => {
    // A diversion lag just below zero makes the smooth of the diverted fuel grow without bound
    // once the closure starts (by a factor of 500 or more a step).
    const bad = resolve({ runs: 6, seed: 2, events: CLOSURE, uncertainty: { parameters: { diversion_lag: { distribution: 'uniform', min: -0.0005, max: -0.0001, unit: 'day' } } } });
    const design = designOf(bad);
    let error: unknown;
    try {
      runEnsemble(bad, { from: 3, to: 6, design });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulationError);
    const issue = (error as SimulationError).issue;
    expect(issue.run).toBe(3);
    expect(issue.variable).toBe('fuel_diversion');
    const j = bad.uncertain.findIndex((u) => u.name === 'diversion_lag');
    const lag = quantileOf(bad.uncertain[j]!.distribution, design[3 * bad.uncertain.length + j]!, bad.uncertain[j]!.scale);
    expect(issue.message).toContain(`run 3 of 6 (`);
    expect(lag).toBeLessThan(0);
    expect(issue.message).toContain(`diversion_lag = ${+lag.toPrecision(4)} day`);
    expect(issue.message).toMatch(/\): fuel_diversion \(inside smooth#1\.change1\) became -?Infinity at time [\d.]+ \(step\)/);
  });

  it('refuses to merge parts of different ensembles, gaps and overlaps', () => {
    const other = resolve({ runs: 24, seed: 12, events: CLOSURE });
    expect(() => mergeEnsembleParts([runEnsemble(s, { from: 0, to: 2 }), runEnsemble(other, { from: 2, to: 4 })])).toThrow(/another ensemble/);
    expect(() => mergeEnsembleParts([runEnsemble(s, { from: 0, to: 2 }), runEnsemble(s, { from: 3, to: 4 })])).toThrow(/runs 2\.\.3 are missing/);
    expect(() => mergeEnsembleParts([runEnsemble(s, { from: 0, to: 3 }), runEnsemble(s, { from: 2, to: 4 })])).toThrow(/overlap/);
  });
});

describe('the uncertainty block of a scenario', () => {
  it('replaces the model distribution of a parameter, converting its unit', () => {
    const s = resolve({ runs: 4, uncertainty: { parameters: { diversion_lag: { distribution: 'uniform', min: 1, max: 2, unit: 'week' } } } });
    const lag = s.uncertain.find((u) => u.name === 'diversion_lag')!;
    expect(lag.file).toBe('inline.yaml');
    expect(quantileOf(lag.distribution, 0.5, lag.scale)).toBeCloseTo(10.5, 12);
  });

  it('names an unknown parameter with a suggestion, a wrong unit, and a parameter its events drive', () => {
    expect(issues({ uncertainty: { parameters: { diversion_lagg: { distribution: 'uniform', min: 1, max: 2 } } } })).toEqual(['uncertainty.parameters.diversion_lagg: unknown parameter "diversion_lagg" (did you mean "diversion_lag"?)']);
    expect(issues({ uncertainty: { parameters: { diversion_lag: { distribution: 'uniform', min: 1, max: 2, unit: 'kg' } } } })).toEqual(['uncertainty.parameters.diversion_lag.unit: diversion_lag: kg cannot be converted to day, the unit of diversion_lag in the model']);
    expect(issues({ events: [{ type: 'policy', from: 'day 3', set: { attack_rate_multiplier: 0.5 } }], uncertainty: { parameters: { attack_rate_multiplier: { distribution: 'uniform', min: 0, max: 1 } } } })[0]).toMatch(/^uncertainty\.parameters\.attack_rate_multiplier: attack_rate_multiplier changes over time in this scenario/);
  });

  it("leaves out, and says so, a model distribution whose parameter this scenario's events drive", () => {
    const s = resolve({ events: [{ type: 'policy', from: 'day 3', set: { gold_price: 4000 } }] });
    expect(s.uncertain.map((u) => u.name)).not.toContain('gold_price');
    expect(s.uncertainSkipped.map((x) => x.name)).toEqual(['gold_price']);
  });

  it('a single run (runs: 1) uses the nominal values, not a draw', () => {
    const far = resolve({ events: CLOSURE, uncertainty: { parameters: { diversion_willingness: { distribution: 'uniform', min: 0, max: 0.01 } } } });
    expect(far.runs).toBe(1);
    expect(runScenario(far).kpis.fuel_min_days_cover.value).toBe(runScenario(resolve({ events: CLOSURE })).kpis.fuel_min_days_cover.value);
    // …while a draw from that range would change the answer.
    expect(runScenario(far, { overrides: { constants: { diversion_willingness: 0.005 } } }).kpis.fuel_min_days_cover.value).not.toBe(runScenario(far).kpis.fuel_min_days_cover.value);
  });
});

describe('crossings named in a scenario', () => {
  it('reports the first day fuel cover falls below 2 days, as a day and a date', () => {
    const run = runScenario(resolve({ events: CLOSURE, crossings: [{ series: 'fuel_days_cover', below: 2 }], save_every: 0.25 }));
    const c = run.crossings['fuel_days_cover_below_2']!;
    expect(c.day).not.toBeNull();
    const i = Array.from(run.series.fuel_days_cover!).findIndex((v) => v < 2);
    expect(c.day!).toBeGreaterThan(run.times[i - 1]!);
    expect(c.day!).toBeLessThanOrEqual(run.times[i]!);
    expect(c.date).toBe(new Date(Date.UTC(2025, 8, 1 + Math.floor(c.day!))).toISOString().slice(0, 10));
  });

  it('refuses an unknown series with a suggestion', () => {
    expect(issues({ crossings: [{ series: 'fuel_day_cover', below: 2 }] })).toEqual(['crossings.0.series: crossings: unknown series "fuel_day_cover" (did you mean "fuel_days_cover"?)']);
  });
});

function replacer(_k: string, v: unknown): unknown {
  return v instanceof Float64Array ? Array.from(v) : v;
}
