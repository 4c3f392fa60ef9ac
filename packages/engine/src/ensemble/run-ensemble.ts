import { SimulationError } from '../errors.js';
import { KPI_NAMES, kpiValues as kpisOf } from '../results/kpis.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { crossingDay, pairBufferLength, simulatePair } from '../scenario/run.js';
import { quantileOf } from './distribution.js';
import { sampleDesign } from './sampling.js';
import { SketchSet, type SketchData } from './sketch.js';

export const ENSEMBLE_PART_FORMAT = 'corridor-ensemble-part/1';

/**
 * The results of a block of runs [from, to) of an ensemble of `runs`: what is kept per run
 * (its sampled inputs, KPIs and crossing days, in run order) and the series folded into
 * sketches. Blocks of the same ensemble merge into the block of all its runs.
 */
export interface EnsemblePart {
  format: typeof ENSEMBLE_PART_FORMAT;
  /** Identifies the ensemble (scenario settings, seed, runs, what varies): only parts with the same key merge. */
  key: string;
  runs: number;
  from: number;
  to: number;
  parameters: string[];
  kpis: string[];
  crossings: string[];
  outputs: string[];
  /** Saved points of each output series. */
  points: number;
  /** (to − from) × parameters: the values each run used, in the model's units. */
  inputs: Float64Array;
  /** (to − from) × KPIs; NaN where a KPI has no value (no shortage: no first shortage day). */
  kpiValues: Float64Array;
  /** (to − from) × crossings: the day of the first crossing; NaN for a run that never crosses. */
  crossingDays: Float64Array;
  /** Cells: output o at saved point j is cell o · points + j. */
  sketch: SketchData;
}

export interface EnsembleOptions {
  /** The block of runs to do; all of them when left out. */
  from?: number;
  to?: number;
  /** The design (sampleDesign) when the caller keeps it between blocks. */
  design?: Float64Array;
  /** Called after each run with the number done in this block. */
  onRun?: (done: number) => void;
}

/**
 * What makes two blocks parts of the same ensemble: the scenario's content (its parameters
 * and dated events as the model sees them), not its path, so that shards run from other
 * checkouts on other machines still merge. The model's own identity is the caller's to add
 * (a hash of its file), since the engine sees only the compiled form.
 */
export function ensembleKey(s: ResolvedScenario): string {
  return JSON.stringify({
    overrides: s.overrides,
    parameterOverrides: s.parameterOverrides,
    start: s.start,
    horizon: s.horizon,
    dt: s.dt,
    method: s.method,
    saveEvery: s.saveEvery,
    seed: s.seed,
    runs: s.runs,
    sampling: s.sampling,
    uncertain: s.uncertain.map((u) => [u.name, u.distribution, u.scale]),
    outputs: s.outputs,
    crossings: s.crossings.map((c) => c.name),
  });
}

/** The full design of the scenario's ensemble (see sampleDesign). */
export function designOf(s: ResolvedScenario): Float64Array {
  return sampleDesign(
    s.uncertain.map((u) => u.name),
    s.runs,
    s.seed,
    s.sampling,
  );
}

/**
 * Runs a block of the scenario's ensemble. Run i takes run index i for its random streams and
 * row i of the design for its parameters, whatever block it is in: a block's results do not
 * depend on which other blocks are run, where, or in what order.
 */
export function runEnsemble(s: ResolvedScenario, options: EnsembleOptions = {}): EnsemblePart {
  const sketch = ensembleSketch(s);
  return ensemblePart(s, [runBlock(s, options, sketch)], sketch.toData());
}

/** What a block keeps per run, in run order (EnsemblePart's per-run arrays). */
export interface BlockValues {
  from: number;
  to: number;
  inputs: Float64Array;
  kpiValues: Float64Array;
  crossingDays: Float64Array;
}

/** Saved points of each output series of the scenario's runs. */
function pointsOf(s: ResolvedScenario): { every: number; points: number } {
  const every = Math.round(s.saveEvery / s.dt);
  return { every, points: Math.floor(Math.round(s.horizon / s.dt) / every) + 1 };
}

/** An empty sketch for the scenario's output series (cell o · points + j: output o at saved point j). */
export function ensembleSketch(s: ResolvedScenario): SketchSet {
  return new SketchSet(s.outputs.length * pointsOf(s).points);
}

/**
 * The runs of a block, their series folded into `sketch` (ensembleSketch's), which may hold
 * other blocks' already: counts add exactly, whatever blocks a sketch gathers and in what order.
 * A thread that runs many blocks keeps one sketch for all of them, not one per block.
 */
export function runBlock(s: ResolvedScenario, options: EnsembleOptions, sketch: SketchSet): BlockValues {
  const from = options.from ?? 0;
  const to = options.to ?? s.runs;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= s.runs)) {
    throw new RangeError(`runs ${from}..${to} are not a block of an ensemble of ${s.runs}`);
  }
  const design = options.design ?? designOf(s);
  const p = s.uncertain.length;
  const n = to - from;
  const { every, points } = pointsOf(s);
  if (sketch.cells !== s.outputs.length * points) throw new RangeError(`a sketch of ${sketch.cells} cells for ${s.outputs.length} series of ${points} points`);
  const inputs = new Float64Array(n * p);
  const kpiValues = new Float64Array(n * KPI_NAMES.length);
  const crossingDays = new Float64Array(n * s.crossings.length);
  const kpiRow = new Float64Array(KPI_NAMES.length);
  // Each run is read before the next: they all write into the same two buffers.
  const buffers = { run: new Float64Array(pairBufferLength(s)), base: new Float64Array(pairBufferLength(s)) };

  for (let i = from; i < to; i++) {
    const row = i - from;
    const constants: Record<string, number> = {};
    s.uncertain.forEach((u, j) => {
      const v = quantileOf(u.distribution, design[i * p + j]!, u.scale);
      constants[u.name] = v;
      inputs[row * p + j] = v;
    });
    const { run, base } = pairOf(s, i, constants, buffers);
    kpiValues.set(kpisOf(run, base, kpiRow), row * KPI_NAMES.length);
    s.crossings.forEach((c, j) => {
      crossingDays[row * s.crossings.length + j] = crossingDay(run, base, c) ?? NaN;
    });
    s.outputs.forEach((o, oi) => sketch.addSeries(oi * points, run.series[o]!, every, points));
    options.onRun?.(row + 1);
  }
  return { from, to, inputs, kpiValues, crossingDays };
}

/**
 * The part of blocks that follow one another (in run order, no gap) whose series `sketch`
 * holds, all of them and nothing else.
 */
export function ensemblePart(s: ResolvedScenario, blocks: readonly BlockValues[], sketch: SketchData): EnsemblePart {
  if (blocks.length === 0) throw new RangeError('an ensemble part needs at least one block');
  for (let k = 1; k < blocks.length; k++) {
    if (blocks[k]!.from !== blocks[k - 1]!.to) throw new RangeError(`runs ${blocks[k]!.from}..${blocks[k]!.to} do not follow runs ${blocks[k - 1]!.from}..${blocks[k - 1]!.to}`);
  }
  return {
    format: ENSEMBLE_PART_FORMAT,
    key: ensembleKey(s),
    runs: s.runs,
    from: blocks[0]!.from,
    to: blocks[blocks.length - 1]!.to,
    parameters: s.uncertain.map((u) => u.name),
    kpis: [...KPI_NAMES],
    crossings: s.crossings.map((c) => c.name),
    outputs: [...s.outputs],
    points: pointsOf(s).points,
    ...joinValues(blocks),
    sketch,
  };
}

/** The per-run values of blocks in run order, laid end to end. */
export function joinValues(blocks: readonly BlockValues[]): Pick<BlockValues, 'inputs' | 'kpiValues' | 'crossingDays'> {
  const cat = (get: (b: BlockValues) => Float64Array): Float64Array => {
    if (blocks.length === 1) return get(blocks[0]!);
    const out = new Float64Array(blocks.reduce((n, b) => n + get(b).length, 0));
    let at = 0;
    for (const b of blocks) {
      out.set(get(b), at);
      at += get(b).length;
    }
    return out;
  };
  return { inputs: cat((b) => b.inputs), kpiValues: cat((b) => b.kpiValues), crossingDays: cat((b) => b.crossingDays) };
}

/**
 * One run of the ensemble and its baseline. A run that fails says which it is and what it drew:
 * the same failure in a single run of the scenario would not happen, and the index alone leaves
 * the user to work out the inputs.
 */
function pairOf(s: ResolvedScenario, i: number, constants: Record<string, number>, buffers: { run: Float64Array; base: Float64Array }): ReturnType<typeof simulatePair> {
  try {
    return simulatePair(s, { runIndex: i, overrides: { constants }, buffers });
  } catch (error) {
    if (!(error instanceof SimulationError)) throw error;
    const drawn = s.uncertain.map((u) => `${u.name} = ${+constants[u.name]!.toPrecision(4)}${u.unit !== undefined && u.unit !== '1' ? ` ${u.unit}` : ''}`).join(', ');
    throw new SimulationError({ ...error.issue, run: i, message: `run ${i} of ${s.runs}${drawn !== '' ? ` (${drawn})` : ''}: ${error.issue.message}` });
  }
}
