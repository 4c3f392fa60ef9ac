import { designOf, mergeEnsembleParts, runEnsemble, summarizeEnsemble } from '@corridor/engine';
import type { EnsemblePart, EnsembleSummary } from '@corridor/engine';
import type { OpenedOk } from './whatif.js';

/** Runs per block between yields: small enough that a key waits a few milliseconds at most. */
export const BLOCK = 4;

/**
 * Runs a scenario's ensemble in small blocks of runs between yields to the event loop, so
 * that keys (Esc) are still read while it works. Blocks merge bit for bit into the whole
 * ensemble (see the engine's run-ensemble.ts). Undefined for a scenario of one run.
 */
export function ensembleRunner(opened: OpenedOk, progress: (done: number, total: number) => void, signal: AbortSignal): Promise<EnsembleSummary | undefined> | undefined {
  const s = opened.resolved;
  if (!(s.runs > 1)) return undefined;
  const design = designOf(s);
  const parts: EnsemblePart[] = [];
  return new Promise((resolve, reject) => {
    let from = 0;
    const step = (): void => {
      if (signal.aborted) {
        resolve(undefined);
        return;
      }
      try {
        const to = Math.min(s.runs, from + BLOCK);
        parts.push(runEnsemble(s, { from, to, design }));
        from = to;
        progress(from, s.runs);
        if (from >= s.runs) resolve(summarizeEnsemble(s, mergeEnsembleParts(parts)));
        else setImmediate(step);
      } catch (error) {
        reject(error instanceof Error && error.name === 'SimulationError' ? new Error(`${s.file}: the simulation stopped: ${error.message}`) : error);
      }
    };
    setImmediate(step);
  });
}
