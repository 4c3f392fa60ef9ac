import { runEnsemble, summarizeEnsemble } from '@corridor/engine';
import type { EnsemblePart, EnsembleSummary, ResolvedScenario } from '@corridor/engine';
import type { Context } from '../context.js';
import { CliError } from '../exit.js';

/**
 * The ensemble of a scenario for the commands that show bands (compare, report, sensitivity):
 * every run of `scenario.runs`, in this process, with a progress line on a terminal. One
 * function so that a pool of workers can take its place without the commands changing.
 */
export interface ScenarioEnsemble {
  scenario: ResolvedScenario;
  part: EnsemblePart;
  summary: EnsembleSummary;
}

export function ensembleOf(scenario: ResolvedScenario, overrides: { seed?: number; runs?: number }, ctx: Context): ScenarioEnsemble {
  const s: ResolvedScenario = { ...scenario, ...(overrides.seed !== undefined ? { seed: overrides.seed } : {}), ...(overrides.runs !== undefined ? { runs: overrides.runs } : {}) };
  const started = performance.now();
  const progress = ctx.stderrIsTTY;
  let shown = -1;
  const onRun = progress
    ? (done: number): void => {
        const pct = Math.floor((100 * done) / s.runs);
        if (pct === shown) return;
        shown = pct;
        ctx.err(`\r${ctx.errStyle.dim(`${s.file}: run ${done} of ${s.runs} (${pct}%)`)}`);
      }
    : undefined;
  let part: EnsemblePart;
  try {
    part = runEnsemble(s, onRun !== undefined ? { onRun } : {});
  } catch (error) {
    if (error instanceof Error && error.name === 'SimulationError') throw new CliError(`${s.file}: the simulation stopped in a run of the ensemble: ${error.message}`);
    throw error;
  }
  if (progress) ctx.err(`\r\u001b[2K${ctx.errStyle.dim(`${s.file}: ${s.runs} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`)}\n`);
  return { scenario: s, part, summary: summarizeEnsemble(s, part) };
}
