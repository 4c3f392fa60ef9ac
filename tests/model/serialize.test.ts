import { describe, expect, it } from 'vitest';
import { resolveScenario, restoreCompiled, runScenario, ScenarioSpec, serializeCompiled, simulate, type IntegrationMethod } from '@corridor/engine';
import { readYamlFile } from '../../packages/cli/src/files/yaml-source.js';
import { MODEL_FILE, referenceModel } from './support.js';

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('the reference model, serialized and restored', () => {
  it.each<IntegrationMethod>(['euler', 'rk4'])('runs bit-identically to the compiled one (%s), every variable recorded', (method) => {
    const { model } = referenceModel();
    const restored = restoreCompiled(JSON.parse(JSON.stringify(serializeCompiled(model))));
    const options = { seed: 11, time: { method, stop: 120 } };
    const a = simulate(model, options);
    const b = simulate(restored, options);
    expect(Object.keys(a.series).length).toBeGreaterThan(100);
    expect(Object.keys(b.series)).toEqual(Object.keys(a.series));
    for (const name of Object.keys(a.series)) expect(sameBits(b.series[name]!, a.series[name]!), name).toBe(true);
    expect(b.meta.eulerFallbackSteps).toBe(a.meta.eulerFallbackSteps);
  });

  it('gives the same KPIs and series for a scenario with events, parameters and units', () => {
    const { spec, model } = referenceModel();
    const restored = restoreCompiled(JSON.parse(JSON.stringify(serializeCompiled(model))));
    const file = new URL('../../scenarios/kayes-nioro-blockade.yaml', import.meta.url).pathname;
    const doc = { file, spec: ScenarioSpec.parse(readYamlFile(file).data) };
    const run = (m: typeof model) => {
      const r = resolveScenario([doc], { file: MODEL_FILE, spec }, m);
      if (r.scenario === undefined) throw new Error(r.issues.map((i) => i.message).join('\n'));
      return runScenario(r.scenario);
    };
    const a = run(model);
    const b = run(restored);
    expect(b.kpis).toEqual(a.kpis);
    for (const name of Object.keys(a.series)) {
      expect(sameBits(b.series[name]!, a.series[name]!), name).toBe(true);
      expect(sameBits(b.baseline[name]!, a.baseline[name]!), name).toBe(true);
    }
  });
});
