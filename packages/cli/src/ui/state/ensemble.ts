import type { OpenedOk } from './whatif.js';

/**
 * Runs a scenario's ensemble in small blocks of runs between yields to the event loop, so
 * that keys (Esc) are still read while it works. Returns undefined for a single-run scenario.
 */
export function ensembleRunner(opened: OpenedOk, progress: (done: number, total: number) => void, signal: AbortSignal): Promise<unknown> | undefined {
  // TODO(ensembles): wire runEnsemble/summarizeEnsemble once the engine exports them.
  void opened;
  void progress;
  void signal;
  return undefined;
}
