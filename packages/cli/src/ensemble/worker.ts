/**
 * The entry of an ensemble worker thread (a piscina task function). Built JavaScript only:
 * bundle/ensemble-worker.js beside the bundled CLI, dist/ensemble/worker.js beside tsc's.
 *
 * The pool's workerData carries each scenario as data (the compiled model serialized, the
 * resolved scenario without it, the design); a worker restores a scenario the first time a
 * block of it comes and keeps it. Each task is a block of runs; its results go back as
 * transferables, without a copy.
 */
import { restoreCompiled, runEnsemble } from '@corridor/engine';
import type { EnsemblePart, ResolvedScenario } from '@corridor/engine';
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { BlockResult, BlockTask, PoolData } from './protocol.js';

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

export default function runBlock(task: BlockTask): BlockResult | ReturnType<typeof move> {
  try {
    const { scenario, design } = scenarioAt(task.scenario);
    const part = runEnsemble(scenario, { from: task.from, to: task.to, design });
    return move({ [transferableSymbol]: buffersOf(part), [valueSymbol]: { part } } as never);
  } catch (error) {
    // A SimulationError would lose its name on the way back: send what the main thread needs.
    return { error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) } };
  }
}

function buffersOf(part: EnsemblePart): ArrayBuffer[] {
  const views = [part.inputs, part.kpiValues, part.crossingDays, part.sketch.stats, part.sketch.ranges, part.sketch.counts];
  const out: ArrayBuffer[] = [];
  for (const v of views) {
    // Only whole, unshared buffers can be transferred; anything else is copied.
    if (v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.buffer instanceof ArrayBuffer && !out.includes(v.buffer)) out.push(v.buffer);
  }
  return out;
}
