/**
 * Piecewise-linear functions of time with jumps, the shape every event takes: a blockade
 * ramps in, holds, ramps out; a convoy delivers over one day. Points share a time to make
 * a jump (the later point holds from that time on). Combining several events evaluates them
 * at every breakpoint of any of them, from the left and from the right.
 */
export interface Timeline {
  times: number[];
  values: number[];
}

/** Value at t; at a jump, `side` picks the value just before or from t on. */
export function valueAt(f: Timeline, t: number, side: 'left' | 'right' = 'right'): number {
  const xs = f.times;
  const n = xs.length;
  if (n === 0) return NaN;
  if (t < xs[0]!) return f.values[0]!;
  if (t === xs[0]! && side === 'left') return f.values[0]!;
  if (t > xs[n - 1]!) return f.values[n - 1]!;
  if (side === 'left') {
    const i = xs.findIndex((x) => x >= t);
    if (xs[i] === t) return f.values[i]!;
    return interpolate(f, i - 1, t);
  }
  let i = n - 1;
  while (xs[i]! > t) i--;
  if (xs[i] === t || i === n - 1) return f.values[i]!;
  return interpolate(f, i, t);
}

function interpolate(f: Timeline, i: number, t: number): number {
  const x0 = f.times[i]!;
  const x1 = f.times[i + 1]!;
  const y0 = f.values[i]!;
  return y0 + ((f.values[i + 1]! - y0) * (t - x0)) / (x1 - x0);
}

/**
 * 0 before `from`, rising to `level` over `onset` days, held until `to`, back to 0 over
 * `lifting` days. An open end holds to the end of time.
 */
export function window(level: number, from: number, to: number | undefined, onset = 0, lifting = 0): Timeline {
  const times = [from, from + onset];
  const values = [0, level];
  if (onset === 0) times.splice(1, 1, from);
  if (to !== undefined) {
    // A lifting that begins before the onset ends starts from wherever the ramp had reached.
    const top = to < from + onset ? level * ((to - from) / onset) : level;
    if (to < from + onset) {
      times[1] = to;
      values[1] = top;
    }
    times.push(to, to + lifting);
    values.push(top, 0);
  }
  return { times, values };
}

/** Combines timelines pointwise: `fold` receives each timeline's value at one time. */
export function combine(parts: Timeline[], fold: (values: number[]) => number): Timeline {
  const breaks = [...new Set(parts.flatMap((p) => p.times))].sort((a, b) => a - b);
  const times: number[] = [];
  const values: number[] = [];
  for (const b of breaks) {
    const left = fold(parts.map((p) => valueAt(p, b, 'left')));
    const right = fold(parts.map((p) => valueAt(p, b, 'right')));
    times.push(b);
    values.push(left);
    if (right !== left) {
      times.push(b);
      values.push(right);
    }
  }
  return { times, values };
}

/** Adds a constant base value under a timeline. */
export const shift = (f: Timeline, by: number): Timeline => ({ times: f.times, values: f.values.map((v) => v + by) });
