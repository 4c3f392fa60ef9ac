import type { EnsemblePart, ResolvedScenario, SerializedModel } from '@corridor/engine';
import type { MessagePort } from 'node:worker_threads';

/** What every worker of a pool is given once: the scenarios of the command, as data. */
export interface PoolData {
  models: SerializedModel[];
  scenarios: { model: number; scenario: Omit<ResolvedScenario, 'model'>; design: Float64Array }[];
}

/** One block of runs [from, to) of scenario `scenario` (an index into PoolData.scenarios). */
export interface BlockTask {
  scenario: number;
  from: number;
  to: number;
}

/**
 * A worker thread's one task: take blocks from the list, one after the other, until none is
 * left. The threads (the pool's main thread too) share `control`: its first Int32 is the index
 * of the next block nobody has taken (each thread takes one with Atomics.add), its second is 1
 * once the work is to stop (Ctrl-C, or a block that failed). Each block's result goes back on
 * `port` as soon as it is done.
 */
export interface ShareTask {
  blocks: BlockTask[];
  control: SharedArrayBuffer;
  port: MessagePort;
}

/** What a worker sends on its port for block `block` (an index into ShareTask.blocks). */
export type BlockResult = { block: number; part: EnsemblePart } | { block: number; error: { name: string; message: string } };

export const NEXT = 0;
export const STOP = 1;
