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
  /**
   * Per cell, side by side: count, zero count, min, max (as in SketchData's stats). Adding a run
   * touches every cell once; one cache line per cell instead of one per array.
   */
  private readonly st: Float64Array;
  private readonly posOff: Int32Array;
  private readonly negOff: Int32Array;
  private readonly pos: (Uint32Array | undefined)[];
  private readonly neg: (Uint32Array | undefined)[];

  constructor(cells: number) {
    this.cells = cells;
    this.st = new Float64Array(cells * 4);
    for (let c = 0; c < cells; c++) {
      this.st[c * 4 + MIN] = Infinity;
      this.st[c * 4 + MAX] = -Infinity;
    }
    this.posOff = new Int32Array(cells);
    this.negOff = new Int32Array(cells);
    this.pos = new Array<Uint32Array | undefined>(cells).fill(undefined);
    this.neg = new Array<Uint32Array | undefined>(cells).fill(undefined);
  }

  add(cell: number, x: number): void {
    const st = this.st;
    const o = cell * 4;
    st[o + N]! += 1;
    if (x < st[o + MIN]!) st[o + MIN] = x;
    if (x > st[o + MAX]!) st[o + MAX] = x;
    if (x > ZERO) this.count(this.pos, this.posOff, cell, binOf(x), 1);
    else if (x < -ZERO) this.count(this.neg, this.negOff, cell, binOf(-x), 1);
    else st[o + ZEROS]! += 1;
  }

  /**
   * Adds one run's series: x[j · stride] to cell first + j, for j = 0 … points − 1. The same
   * counts as add() point by point, with fewer logarithms (a third of the cost of a run's
   * sketch): a value equal to the one before it (a series is often flat for days) reuses that
   * one's bin, and so does a value well inside that bin's bounds (a series that moves slowly:
   * 45% of the reference model's points, 4 Dec).
   */
  addSeries(first: number, x: Float64Array, stride: number, points: number): void {
    const st = this.st;
    const pos = this.pos;
    const posOff = this.posOff;
    let last = NaN;
    let bin = 0;
    // The bounds within which every value has bin `bin` (NaN: none known).
    let lo = NaN;
    let hi = NaN;
    for (let j = 0; j < points; j++) {
      const cell = first + j;
      const o = cell * 4;
      const y = x[j * stride]!;
      st[o + N]! += 1;
      if (y < st[o + MIN]!) st[o + MIN] = y;
      if (y > st[o + MAX]!) st[o + MAX] = y;
      if (y > ZERO) {
        if (y !== last && !(y > lo && y < hi)) {
          bin = binOf(y);
          const i = bin + SURE_RANGE;
          lo = i >= 0 && i < SURE_LOW.length ? SURE_LOW[i]! : NaN;
          hi = i >= 0 && i < SURE_LOW.length ? SURE_HIGH[i]! : NaN;
        }
        // Most values land inside the cell's array: count them here, not through count().
        const b = pos[cell];
        const k = bin - posOff[cell]!;
        if (b !== undefined && k >= 0 && k < b.length) b[k]!++;
        else this.count(pos, posOff, cell, bin, 1);
      } else if (y < -ZERO) {
        if (y !== last) bin = binOf(-y);
        lo = hi = NaN;
        this.count(this.neg, this.negOff, cell, bin, 1);
      } else st[o + ZEROS]! += 1;
      last = y;
    }
  }

  /** Adds every count of `other` (same number of cells) into this set. */
  merge(other: SketchSet): void {
    if (other.cells !== this.cells) throw new RangeError(`cannot merge sketches of ${other.cells} cells into ${this.cells}`);
    const st = this.st;
    const ot = other.st;
    for (let c = 0; c < this.cells; c++) {
      const o = c * 4;
      st[o + N]! += ot[o + N]!;
      st[o + ZEROS]! += ot[o + ZEROS]!;
      if (ot[o + MIN]! < st[o + MIN]!) st[o + MIN] = ot[o + MIN]!;
      if (ot[o + MAX]! > st[o + MAX]!) st[o + MAX] = ot[o + MAX]!;
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
    return this.st[cell * 4 + N]!;
  }

  /**
   * The value at quantile q of a cell: the order statistic of rank ⌈q·n⌉ (1-based, at least
   * 1), within RELATIVE_ACCURACY. NaN for an empty cell.
   */
  quantile(cell: number, q: number): number {
    const n = this.st[cell * 4 + N]!;
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
    seen += this.st[cell * 4 + ZEROS]!;
    if (seen >= rank) return this.clamp(cell, 0);
    const pos = this.pos[cell];
    if (pos !== undefined) {
      for (let i = 0; i < pos.length; i++) {
        seen += pos[i]!;
        if (seen >= rank) return this.clamp(cell, midpoint(this.posOff[cell]! + i));
      }
    }
    return this.st[cell * 4 + MAX]!;
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
      stats.set(this.st.subarray(c * 4, c * 4 + 4), c * 4);
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
    s.st.set(d.stats);
    let at = 0;
    for (let c = 0; c < d.cells; c++) {
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
    return Math.min(this.st[cell * 4 + MAX]!, Math.max(this.st[cell * 4 + MIN]!, x));
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

/** Where a cell's count, zero count, min and max sit in its four stats. */
const N = 0;
const ZEROS = 1;
const MIN = 2;
const MAX = 3;

/** The bin of a positive value: ⌈log_γ x⌉. */
const binOf = (x: number): number => Math.ceil(Math.log(x) * INV_LN_GAMMA);

/**
 * Bin i (|i| < SURE_RANGE) holds every x with SURE_LOW[i + SURE_RANGE] < x < SURE_HIGH[i +
 * SURE_RANGE]: its bounds γ^(i−1) and γ^i, each moved 1e-9 (relatively) inwards. binOf's
 * rounding is some 1e-12 of a bin, and 1e-9 relatively is 1e-7 of one, so binOf gives i for
 * every x between them, as addSeries relies on. Outside the range (x beyond 1e±17): NaN.
 */
const SURE_RANGE = 4096;
const SURE_LOW = new Float64Array(2 * SURE_RANGE + 1).fill(NaN);
const SURE_HIGH = new Float64Array(2 * SURE_RANGE + 1).fill(NaN);
for (let i = -SURE_RANGE + 1; i < SURE_RANGE; i++) {
  SURE_LOW[i + SURE_RANGE] = Math.pow(GAMMA, i - 1) * (1 + 1e-9);
  SURE_HIGH[i + SURE_RANGE] = Math.pow(GAMMA, i) * (1 - 1e-9);
}

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
