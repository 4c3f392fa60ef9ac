import { summarizeEnsemble } from '@corridor/engine';
import type { EnsemblePart, EnsembleSummary, ResolvedScenario } from '@corridor/engine';
import type { Context } from '../context.js';
import { defaultWorkers, runEnsembles } from '../ensemble/pool.js';

/**
 * The ensembles of scenarios for the commands that show bands (compare, report, sensitivity):
 * every run of each scenario's `runs` (or of `overrides.runs`), on the worker pool that
 * `corridor run` uses, all scenarios in one pool, with its progress on stderr. The results do
 * not depend on the number of workers.
 */
export interface ScenarioEnsemble {
  /** The scenario as run: with the seed and runs of the overrides. */
  scenario: ResolvedScenario;
  part: EnsemblePart;
  summary: EnsembleSummary;
}

export interface EnsembleOverrides {
  seed?: number;
  runs?: number;
  /** Worker threads; every core when left out, 1 runs in this thread. */
  workers?: number;
}

export async function ensemblesOf(scenarios: readonly ResolvedScenario[], overrides: EnsembleOverrides, ctx: Context): Promise<ScenarioEnsemble[]> {
  if (scenarios.length === 0) return [];
  const chosen = scenarios.map(
    (scenario): ResolvedScenario => ({ ...scenario, ...(overrides.seed !== undefined ? { seed: overrides.seed } : {}), ...(overrides.runs !== undefined ? { runs: overrides.runs } : {}) }),
  );
  const requests = chosen.map((s) => ({ scenario: s, from: 0, to: s.runs }));
  const parts = await runEnsembles(requests, { workers: overrides.workers ?? defaultWorkers(requests) }, ctx);
  return chosen.map((s, i) => ({ scenario: s, part: parts[i]!, summary: summarizeEnsemble(s, parts[i]!) }));
}
