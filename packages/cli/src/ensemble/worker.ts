/**
 * The entry of an ensemble worker thread (a piscina task function). Built JavaScript only:
 * bundle/ensemble-worker.js beside the bundled CLI, dist/ensemble/worker.js beside tsc's.
 *
 * The pool's workerData carries each scenario as data (the compiled model serialized, the
 * resolved scenario without it, the design); a worker restores a scenario the first time a
 * block of it comes and keeps it. A thread has one task (a ShareTask): it takes blocks of runs
 * from a list shared with the other threads, without asking the main thread for each, sends
 * each block's per-run values back on a port of its own as soon as they are done, copied, and
 * folds the blocks' series into one sketch per scenario, returned at the end: a sketch per
 * block (6,222 cells for a year of the reference model, each with its bins) cost its
 * allocation, its copy to the main thread and a merge there, block after block.
 *
 * It imports the engine's runtime entry, not the whole engine: the models come checked and
 * compiled, and the schemas' library (zod) was 0.1 s of a worker's start before its first run.
 *
 * Not transferred: the first ArrayBuffer a thread detaches (a transfer detaches the sender's
 * copy) invalidates V8's assumption that no buffer is ever detached, and every optimised
 * function that reads a typed array (the model's loop, the sketches, the KPIs) is thrown away,
 * compiled again, and runs with a check on every access from then on. Measured on 2 cores
 * (4 Dec): after a worker's first block, its next 500 runs took 2 ms each instead of 0.6, and
 * later ones 0.58–0.6 ms against 0.5. Copying a block's results (a few MB) takes about a
 * millisecond.
 */
import { ensembleSketch, restoreCompiled, runBlock } from '@corridor/engine/runtime';
import type { ResolvedScenario, SketchSet } from '@corridor/engine/runtime';
import { workerData } from 'node:worker_threads';
import { NEXT, STOP, type BlockResult, type PoolData, type ShareResult, type ShareTask } from './protocol.js';

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

/** Runs blocks of the shared list until none is left or the pool says stop; returns the sketches of their series. */
export default function runShare(task: ShareTask): ShareResult {
  const control = new Int32Array(task.control);
  const sketches = new Map<number, SketchSet>();
  for (;;) {
    if (Atomics.load(control, STOP) !== 0) break;
    const k = Atomics.add(control, NEXT, 1);
    if (k >= task.blocks.length) break;
    const b = task.blocks[k]!;
    let result: BlockResult;
    try {
      const { scenario, design } = scenarioAt(b.scenario);
      let sketch = sketches.get(b.scenario);
      if (sketch === undefined) sketches.set(b.scenario, (sketch = ensembleSketch(scenario)));
      result = { block: k, values: runBlock(scenario, { from: b.from, to: b.to, design }, sketch) };
    } catch (error) {
      // A SimulationError would lose its name on the way back: send what the main thread needs.
      result = { block: k, error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) } };
    }
    task.port.postMessage(result);
    if ('error' in result) break;
  }
  return [...sketches].map(([scenario, sketch]) => ({ scenario, sketch: sketch.toData() }));
}
