import { CorridorModelSpec, resolveScenario, runScenario, type ScenarioInput, ScenarioSpec, type ScenarioRun, compileCorridorModel, type CompiledModel, type ResolvedScenario } from '@corridor/engine';
import { readYamlFile } from '../../packages/cli/src/files/yaml-source.js';

export const MODEL_FILE = new URL('../../scenarios/model/mali-corridors.yaml', import.meta.url).pathname;

let cached: { spec: CorridorModelSpec; model: CompiledModel } | undefined;

/** The reference model, read and compiled once per test file. */
export function referenceModel(): { spec: CorridorModelSpec; model: CompiledModel } {
  if (cached === undefined) {
    const src = readYamlFile(MODEL_FILE);
    const spec = CorridorModelSpec.parse(src.data);
    const c = compileCorridorModel({ file: MODEL_FILE, spec });
    if (c.model === undefined) throw new Error(c.issues.map((i) => i.message).join('\n'));
    cached = { spec, model: c.model };
  }
  return cached;
}

/** A scenario given inline, resolved against the reference model. */
export function resolved(input: ScenarioInput): ResolvedScenario {
  const { spec, model } = referenceModel();
  const r = resolveScenario([{ file: 'inline.yaml', spec: ScenarioSpec.parse({ start: '2025-09-01', horizon: 120, ...input }) }], { file: MODEL_FILE, spec }, model);
  if (r.scenario === undefined) throw new Error(r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return r.scenario;
}

/** Runs a scenario given inline against the reference model. */
export function scenario(input: ScenarioInput): ScenarioRun {
  return runScenario(resolved(input));
}

/** The value of a series on a given day (saved points are one a day). */
export const on = (run: ScenarioRun, name: string, day: number, which: 'series' | 'baseline' = 'series'): number => {
  const i = Array.from(run.times).indexOf(day);
  if (i < 0) throw new Error(`no saved point at day ${day}`);
  return run[which][name]![i]!;
};
