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
  const from = options.from ?? 0;
  const to = options.to ?? s.runs;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= s.runs)) {
    throw new RangeError(`runs ${from}..${to} are not a block of an ensemble of ${s.runs}`);
  }
  const design = options.design ?? designOf(s);
  const p = s.uncertain.length;
  const n = to - from;
  const every = Math.round(s.saveEvery / s.dt);
  const points = Math.floor(Math.round(s.horizon / s.dt) / every) + 1;
  const sketch = new SketchSet(s.outputs.length * points);
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

  return {
    format: ENSEMBLE_PART_FORMAT,
    key: ensembleKey(s),
    runs: s.runs,
    from,
    to,
    parameters: s.uncertain.map((u) => u.name),
    kpis: [...KPI_NAMES],
    crossings: s.crossings.map((c) => c.name),
    outputs: [...s.outputs],
    points,
    inputs,
    kpiValues,
    crossingDays,
    sketch: sketch.toData(),
  };
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
