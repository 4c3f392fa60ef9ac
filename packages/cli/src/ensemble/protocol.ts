import type { EnsemblePart, ResolvedScenario, SerializedModel } from '@corridor/engine';

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

export type BlockResult = { part: EnsemblePart } | { error: { name: string; message: string } };
