/**
 * Line charts drawn with braille characters: each terminal cell holds a 2×4 grid of dots, so a
 * chart 30 cells wide has 60 points across, enough for a year at a glance over SSH. Pure: text
 * in, text out; colour is the caller's business (a cell says which series drew it last).
 */

export interface ChartSeries {
  /** Absolute days (days since 1970-01-01), ascending. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Which colour slot the caller gives this series; cells remember the last series drawn. */
  slot: number;
}

export interface Plot {
  /** One string per row, each exactly `width` characters. */
  rows: string[];
  /** The series slot that drew each cell last, or -1 for an empty cell; rows × width. */
  owner: number[][];
  yMin: number;
  yMax: number;
  xMin: number;
  xMax: number;
}

// Dot bits of a braille cell, by [column][row within the cell] (Unicode's numbering).
const DOTS = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
] as const;
const BRAILLE = 0x2800;

export function yRange(series: readonly ChartSeries[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      const v = s.y[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) return { min: 0, max: 1 };
  // A flat line sits in the middle of a visible range rather than on the frame's edge.
  if (max - min < 1e-9 * Math.max(1, Math.abs(max))) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
    return { min: min - pad, max: max + pad };
  }
  // Quantities that cannot be negative read better from zero.
  return { min: min >= 0 && min < (max - min) * 0.5 ? 0 : min, max };
}

export function xRange(series: readonly ChartSeries[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    if (s.x.length === 0) continue;
    min = Math.min(min, s.x[0]!);
    max = Math.max(max, s.x[s.x.length - 1]!);
  }
  if (min === Infinity) return { min: 0, max: 1 };
  return max > min ? { min, max } : { min, max: min + 1 };
}

/**
 * Draws the series into a `width`×`height` cell grid. Consecutive points are joined by a
 * vertical run of dots, so a cliff (a convoy arriving) reads as a line, not a gap.
 */
export function plot(series: readonly ChartSeries[], width: number, height: number, range?: { yMin?: number; yMax?: number; xMin?: number; xMax?: number }): Plot {
  const w = Math.max(1, Math.floor(width));
  const h = Math.max(1, Math.floor(height));
  const yr = yRange(series);
  const xr = xRange(series);
  const yMin = range?.yMin ?? yr.min;
  const yMax = range?.yMax ?? yr.max;
  const xMin = range?.xMin ?? xr.min;
  const xMax = range?.xMax ?? xr.max;
  const bits = Array.from({ length: h }, () => new Array<number>(w).fill(0));
  const owner = Array.from({ length: h }, () => new Array<number>(w).fill(-1));
  const dotsX = w * 2;
  const dotsY = h * 4;
  const set = (px: number, py: number, slot: number): void => {
    if (px < 0 || px >= dotsX || py < 0 || py >= dotsY) return;
    const cx = px >> 1;
    const cy = py >> 2;
    bits[cy]![cx]! |= DOTS[px & 1]![py & 3]!;
    owner[cy]![cx] = slot;
  };
  const toPx = (x: number): number => Math.round(((x - xMin) / (xMax - xMin)) * (dotsX - 1));
  // Row 0 is the top: the largest value.
  const toPy = (y: number): number => Math.round((1 - (y - yMin) / (yMax - yMin || 1)) * (dotsY - 1));

  for (const s of series) {
    // One value per dot column: the points that fall in a column are joined top to bottom.
    let prev: { px: number; py: number } | undefined;
    for (let i = 0; i < s.y.length; i++) {
      const y = s.y[i]!;
      const x = s.x[i]!;
      if (!Number.isFinite(y) || x < xMin || x > xMax) {
        prev = undefined;
        continue;
      }
      const px = toPx(x);
      const py = Math.min(dotsY - 1, Math.max(0, toPy(y)));
      if (prev !== undefined && px - prev.px <= 1) {
        const [a, b] = prev.py < py ? [prev.py, py] : [py, prev.py];
        for (let q = a; q <= b; q++) set(q === py ? px : prev.px, q, s.slot);
      } else if (prev !== undefined) {
        // Points further apart than one dot column (a short series on a wide chart): a straight line.
        const steps = px - prev.px;
        for (let k = 1; k <= steps; k++) set(prev.px + k, Math.round(prev.py + ((py - prev.py) * k) / steps), s.slot);
      }
      set(px, py, s.slot);
      prev = { px, py };
    }
  }
  const rows = bits.map((row) => row.map((b) => (b === 0 ? ' ' : String.fromCharCode(BRAILLE + b))).join(''));
  return { rows, owner, yMin, yMax, xMin, xMax };
}

/**
 * The row under a chart that marks when events are in force: `━` over the days an event
 * covers, `│` at a one-day event (a convoy's arrival), blank elsewhere.
 */
export function eventRow(spans: readonly { from: number; to?: number }[], width: number, xMin: number, xMax: number): string {
  const w = Math.max(1, Math.floor(width));
  const cells = new Array<string>(w).fill(' ');
  const col = (x: number): number => Math.round(((x - xMin) / (xMax - xMin || 1)) * (w - 1));
  for (const s of spans) {
    const to = s.to ?? xMax;
    if (to < xMin || s.from > xMax) continue;
    const a = Math.max(0, col(Math.max(s.from, xMin)));
    const b = Math.min(w - 1, col(Math.min(to, xMax)));
    if (s.to !== undefined && s.to - s.from <= 1) {
      if (cells[a] === ' ') cells[a] = '│';
      continue;
    }
    for (let c = a; c <= b; c++) cells[c] = '━';
  }
  return cells.join('');
}
