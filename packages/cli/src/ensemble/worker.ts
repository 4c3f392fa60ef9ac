/**
 * The entry of an ensemble worker thread (a piscina task function). Built JavaScript only:
 * bundle/ensemble-worker.js beside the bundled CLI, dist/ensemble/worker.js beside tsc's.
 *
 * The pool's workerData carries each scenario as data (the compiled model serialized, the
 * resolved scenario without it, the design); a worker restores a scenario the first time a
 * block of it comes and keeps it. A thread has one task (a ShareTask): it takes blocks of runs
 * from a list shared with the other threads, without asking the main thread for each, and
 * sends each block's results back on a port of its own as soon as they are done, copied.
 *
 * Not transferred: the first ArrayBuffer a thread detaches (a transfer detaches the sender's
 * copy) invalidates V8's assumption that no buffer is ever detached, and every optimised
 * function that reads a typed array (the model's loop, the sketches, the KPIs) is thrown away,
 * compiled again, and runs with a check on every access from then on. Measured on 2 cores
 * (4 Dec): after a worker's first block, its next 500 runs took 2 ms each instead of 0.6, and
 * later ones 0.58–0.6 ms against 0.5. Copying a block's results (a few MB) takes about a
 * millisecond.
 */
import { restoreCompiled, runEnsemble } from '@corridor/engine';
import type { ResolvedScenario } from '@corridor/engine';
import { workerData } from 'node:worker_threads';
import { NEXT, STOP, type BlockResult, type PoolData, type ShareTask } from './protocol.js';

const data = workerData as PoolData;
const restored = new Map<number, { scenario: ResolvedScenario; design: Float64Array }>();
const models = new Map<number, ResolvedScenario['model']>();

function scenarioAt(index: number): { scenario: ResolvedScenario; design: Float64Array } {
  let r = restored.get(index);
  if (r === undefined) {
    const entry = data.scenarios[index];
    if (entry === undefined) throw new Error(`ensemble worker: no scenario ${index}`);
    let model = models.get(entry.model);
    if (model === undefined) {
      model = restoreCompiled(data.models[entry.model]!);
      models.set(entry.model, model);
    }
    r = { scenario: { ...entry.scenario, model } as ResolvedScenario, design: entry.design };
    restored.set(index, r);
  }
  return r;
}

/** Runs blocks of the shared list until none is left or the pool says stop; returns how many it ran. */
export default function runShare(task: ShareTask): number {
  const control = new Int32Array(task.control);
  let done = 0;
  for (;;) {
    if (Atomics.load(control, STOP) !== 0) return done;
    const k = Atomics.add(control, NEXT, 1);
    if (k >= task.blocks.length) return done;
    const b = task.blocks[k]!;
    let result: BlockResult;
    try {
      const { scenario, design } = scenarioAt(b.scenario);
      result = { block: k, part: runEnsemble(scenario, { from: b.from, to: b.to, design }) };
    } catch (error) {
      // A SimulationError would lose its name on the way back: send what the main thread needs.
      result = { block: k, error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) } };
    }
    task.port.postMessage(result);
    if ('error' in result) return done;
    done++;
  }
}
