/**
 * Quantiles of many series, each at many times, without keeping every run: one small sketch
 * per cell (series × saved time), of the DDSketch kind (Masson, Rim & Lee, VLDB 2019).
 *
 * A value x > 0 is counted in bin ⌈log_γ x⌉ with γ = (1 + α)/(1 − α); negative values in
 * a mirror set of bins; |x| < ZERO in a bin of its own. A quantile walks the bins to the
 * nearest-rank position and answers the bin's midpoint 2γⁱ/(γ + 1), which is within α of
 * every value in the bin, relatively: the answer is within RELATIVE_ACCURACY of the exact
 * order statistic (within ZERO absolutely near 0). The answer is then clamped to the cell's
 * exact min and max, so a cell where every run agrees reports that value exactly.
 *
 * Memory is a function of the spread of the values (bins between the smallest and largest
 * of a cell: log(max/min)/log γ), never of the number of runs. Merging is adding counts:
 * exact, and independent of order, so a result does not depend on how runs were split over
 * workers or machines.
 */
export const RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const INV_LN_GAMMA = 1 / Math.log(GAMMA);
/** Values this close to 0 count as 0: fuel stocks drained "to zero" by a limited flow are 1e-13, not a new decade of bins. */
export const ZERO = 1e-9;

/** The raw content of a set of sketches, as typed arrays: what a worker sends back or a shard writes. */
export interface SketchData {
  cells: number;
  /** Per cell: count, zero count, min, max. */
  stats: Float64Array;
  /** Per cell: first positive bin index, positive bin count, first negative bin index, negative bin count. */
  ranges: Int32Array;
  /** The bins' counts, cell after cell, positive then negative. */
  counts: Uint32Array;
}

export class SketchSet {
  readonly cells: number;
  private readonly n: Float64Array;
  private readonly zeros: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly posOff: Int32Array;
  private readonly negOff: Int32Array;
  private readonly pos: (Uint32Array | undefined)[];
  private readonly neg: (Uint32Array | undefined)[];

  constructor(cells: number) {
    this.cells = cells;
    this.n = new Float64Array(cells);
    this.zeros = new Float64Array(cells);
    this.min = new Float64Array(cells).fill(Infinity);
    this.max = new Float64Array(cells).fill(-Infinity);
    this.posOff = new Int32Array(cells);
    this.negOff = new Int32Array(cells);
    this.pos = new Array<Uint32Array | undefined>(cells).fill(undefined);
    this.neg = new Array<Uint32Array | undefined>(cells).fill(undefined);
  }

  add(cell: number, x: number): void {
    this.n[cell]! += 1;
    if (x < this.min[cell]!) this.min[cell] = x;
    if (x > this.max[cell]!) this.max[cell] = x;
    if (x > ZERO) this.count(this.pos, this.posOff, cell, binOf(x), 1);
    else if (x < -ZERO) this.count(this.neg, this.negOff, cell, binOf(-x), 1);
    else this.zeros[cell]! += 1;
  }

  /**
   * Adds one run's series: x[j · stride] to cell first + j, for j = 0 … points − 1. The same
   * counts as add() point by point; a value equal to the one before it (a series is often
   * flat for days) reuses that one's bin instead of taking a logarithm again.
   */
  addSeries(first: number, x: Float64Array, stride: number, points: number): void {
    let last = NaN;
    let bin = 0;
    for (let j = 0; j < points; j++) {
      const cell = first + j;
      const y = x[j * stride]!;
      this.n[cell]! += 1;
      if (y < this.min[cell]!) this.min[cell] = y;
      if (y > this.max[cell]!) this.max[cell] = y;
      if (y > ZERO) {
        if (y !== last) bin = binOf(y);
        this.count(this.pos, this.posOff, cell, bin, 1);
      } else if (y < -ZERO) {
        if (y !== last) bin = binOf(-y);
        this.count(this.neg, this.negOff, cell, bin, 1);
      } else this.zeros[cell]! += 1;
      last = y;
    }
  }

  /** Adds every count of `other` (same number of cells) into this set. */
  merge(other: SketchSet): void {
    if (other.cells !== this.cells) throw new RangeError(`cannot merge sketches of ${other.cells} cells into ${this.cells}`);
    for (let c = 0; c < this.cells; c++) {
      this.n[c]! += other.n[c]!;
      this.zeros[c]! += other.zeros[c]!;
      if (other.min[c]! < this.min[c]!) this.min[c] = other.min[c]!;
      if (other.max[c]! > this.max[c]!) this.max[c] = other.max[c]!;
      for (const [mine, theirs, myOff, theirOff] of [
        [this.pos, other.pos, this.posOff, other.posOff],
        [this.neg, other.neg, this.negOff, other.negOff],
      ] as const) {
        const b = theirs[c];
        if (b === undefined) continue;
        for (let i = 0; i < b.length; i++) if (b[i]! > 0) this.count(mine, myOff, c, theirOff[c]! + i, b[i]!);
      }
    }
  }

  /** Runs counted in a cell. */
  size(cell: number): number {
    return this.n[cell]!;
  }

  /**
   * The value at quantile q of a cell: the order statistic of rank ⌈q·n⌉ (1-based, at least
   * 1), within RELATIVE_ACCURACY. NaN for an empty cell.
   */
  quantile(cell: number, q: number): number {
    const n = this.n[cell]!;
    if (n === 0) return NaN;
    const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
    let seen = 0;
    const neg = this.neg[cell];
    if (neg !== undefined) {
      for (let i = neg.length - 1; i >= 0; i--) {
        seen += neg[i]!;
        if (seen >= rank) return this.clamp(cell, -midpoint(this.negOff[cell]! + i));
      }
    }
    seen += this.zeros[cell]!;
    if (seen >= rank) return this.clamp(cell, 0);
    const pos = this.pos[cell];
    if (pos !== undefined) {
      for (let i = 0; i < pos.length; i++) {
        seen += pos[i]!;
        if (seen >= rank) return this.clamp(cell, midpoint(this.posOff[cell]! + i));
      }
    }
    return this.max[cell]!;
  }

  toData(): SketchData {
    // Each cell's bins trimmed to their first and last non-zero count: how far an array was
    // padded depends on the order values arrived in, and the data (a shard file's bytes) must
    // not depend on that, or on how many workers made it.
    const stats = new Float64Array(this.cells * 4);
    const ranges = new Int32Array(this.cells * 4);
    const spans: [number, number, number, number][] = [];
    let total = 0;
    for (let c = 0; c < this.cells; c++) {
      const [ps, pe] = nonZeroSpan(this.pos[c]);
      const [ns, ne] = nonZeroSpan(this.neg[c]);
      spans.push([ps, pe, ns, ne]);
      total += pe - ps + (ne - ns);
    }
    const counts = new Uint32Array(total);
    let at = 0;
    for (let c = 0; c < this.cells; c++) {
      stats.set([this.n[c]!, this.zeros[c]!, this.min[c]!, this.max[c]!], c * 4);
      const [ps, pe, ns, ne] = spans[c]!;
      ranges.set([pe > ps ? this.posOff[c]! + ps : 0, pe - ps, ne > ns ? this.negOff[c]! + ns : 0, ne - ns], c * 4);
      if (pe > ps) counts.set(this.pos[c]!.subarray(ps, pe), at);
      at += pe - ps;
      if (ne > ns) counts.set(this.neg[c]!.subarray(ns, ne), at);
      at += ne - ns;
    }
    return { cells: this.cells, stats, ranges, counts };
  }

  static fromData(d: SketchData): SketchSet {
    const s = new SketchSet(d.cells);
    let at = 0;
    for (let c = 0; c < d.cells; c++) {
      s.n[c] = d.stats[c * 4]!;
      s.zeros[c] = d.stats[c * 4 + 1]!;
      s.min[c] = d.stats[c * 4 + 2]!;
      s.max[c] = d.stats[c * 4 + 3]!;
      const pl = d.ranges[c * 4 + 1]!;
      const nl = d.ranges[c * 4 + 3]!;
      s.posOff[c] = d.ranges[c * 4]!;
      s.negOff[c] = d.ranges[c * 4 + 2]!;
      if (pl > 0) s.pos[c] = d.counts.slice(at, at + pl);
      at += pl;
      if (nl > 0) s.neg[c] = d.counts.slice(at, at + nl);
      at += nl;
    }
    if (at !== d.counts.length) throw new RangeError(`sketch data: ${d.counts.length} counts, the ranges name ${at}`);
    return s;
  }

  private clamp(cell: number, x: number): number {
    return Math.min(this.max[cell]!, Math.max(this.min[cell]!, x));
  }

  /** Adds `k` to bin `index` of a cell, widening its array when the index falls outside. */
  private count(bins: (Uint32Array | undefined)[], offs: Int32Array, cell: number, index: number, k: number): void {
    let b = bins[cell];
    let off = offs[cell]!;
    if (b === undefined) {
      // Room for a few percent either side: most cells stay within one allocation.
      b = new Uint32Array(16);
      off = index - 8;
      bins[cell] = b;
      offs[cell] = off;
    } else if (index < off || index >= off + b.length) {
      const lo = Math.min(off, index);
      const hi = Math.max(off + b.length, index + 1);
      const grown = new Uint32Array(Math.max(hi - lo, 2 * b.length));
      // Grow away from the side that overflowed, so a drift in one direction stays amortised.
      const newOff = index < off ? hi - grown.length : lo;
      grown.set(b, off - newOff);
      b = grown;
      off = newOff;
      bins[cell] = b;
      offs[cell] = off;
    }
    b[index - off]! += k;
  }
}

/** The bin of a positive value: ⌈log_γ x⌉. */
const binOf = (x: number): number => Math.ceil(Math.log(x) * INV_LN_GAMMA);

function midpoint(index: number): number {
  return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
}

/** The first and one past the last index of a non-zero count ([0, 0] when there is none). */
function nonZeroSpan(b: Uint32Array | undefined): [number, number] {
  if (b === undefined) return [0, 0];
  let start = 0;
  while (start < b.length && b[start] === 0) start++;
  if (start === b.length) return [0, 0];
  let end = b.length;
  while (b[end - 1] === 0) end--;
  return [start, end];
}
