/**
 * @corridor/engine/runtime: what a thread that only runs ensembles needs, for scenarios parsed,
 * checked and compiled elsewhere (an ensemble worker: the CLI's main thread hands it each
 * compiled model as data). No schemas, no units, no parser: the whole engine loads zod, whose
 * start is about 0.1 s of a worker's, before it runs anything.
 */
export { restoreCompiled } from './compile/serialize.js';
export type { SerializedModel } from './compile/serialize.js';
export { runBlock, ensembleSketch } from './ensemble/run-ensemble.js';
export type { BlockValues, EnsembleOptions } from './ensemble/run-ensemble.js';
export type { SketchSet, SketchData } from './ensemble/sketch.js';
export type { ResolvedScenario } from './scenario/resolve.js';
