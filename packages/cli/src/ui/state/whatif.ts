import { resolveScenario } from '@corridor/engine';
import type { ScenarioRun } from '@corridor/engine';
import { applyKnobs } from './knobs.js';
import type { Knob } from './knobs.js';
import { safeRun } from './session.js';
import type { Opened } from './session.js';

export type OpenedOk = Extract<Opened, { ok: true }>;

/**
 * Runs the scenario again with the knobs' values. The model is not read or compiled again:
 * the edited scenario is resolved against the model already compiled, which costs far less
 * than the run itself.
 */
export function rerun(opened: OpenedOk, knobs: readonly Knob[], values: readonly number[]): { run: ScenarioRun } | { error: string } {
  const docs = applyKnobs(opened.docs, knobs, values);
  const resolved = resolveScenario(docs, opened.modelDoc, opened.resolved.model);
  if (!resolved.scenario) {
    const first = resolved.issues[0];
    return { error: first ? first.message : 'the changed scenario does not resolve' };
  }
  const result = safeRun(resolved.scenario);
  // The view names the scenario already: the reason alone fits the status line.
  return 'error' in result ? { error: result.reason } : result;
}
