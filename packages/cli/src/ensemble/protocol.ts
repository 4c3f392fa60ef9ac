import type { BlockValues, ResolvedScenario, SerializedModel, SketchData } from '@corridor/engine';
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
 * once the work is to stop (Ctrl-C, or a block that failed). Each block's per-run values go
 * back on `port` as soon as it is done; its series go into one sketch per scenario that the
 * thread keeps for all its blocks and returns at the end (ShareResult).
 */
export interface ShareTask {
  blocks: BlockTask[];
  control: SharedArrayBuffer;
  port: MessagePort;
}

/** What a worker sends on its port for block `block` (an index into ShareTask.blocks). */
export type BlockResult = { block: number; values: BlockValues } | { block: number; error: { name: string; message: string } };

/** What a worker's task returns: the sketch of the series of its blocks, per scenario (an index into PoolData.scenarios). */
export type ShareResult = { scenario: number; sketch: SketchData }[];

export const NEXT = 0;
export const STOP = 1;
