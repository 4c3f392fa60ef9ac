import { bernoulli, binomial, lognormal, normal, poisson, triangular, uniform } from '../random/distributions.js';

/**
 * The functions generated code may call, handed to it as one object. Discrete functions take
 * the step's start time `t0` so that they hold one value across the sub-steps of RK4.
 */

/** Within this share of dt, a time counts as reached: t = start + i·dt is not exact for every dt. */
const TIME_EPS = 1e-6;

/** Piecewise-linear interpolation, clamped to the first and last points. */
function lk(xs: Float64Array, ys: Float64Array, x: number): number {
  const n = xs.length;
  if (!(x > xs[0]!)) return x === x ? ys[0]! : x;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (xs[m]! <= x) lo = m;
    else hi = m;
  }
  const x0 = xs[lo]!;
  const y0 = ys[lo]!;
  return y0 + ((ys[hi]! - y0) * (x - x0)) / (xs[hi]! - x0);
}

function step(t0: number, dt: number, height: number, start: number): number {
  return t0 + dt * TIME_EPS >= start ? height : 0;
}

/** 1 from `start` for `width` (one dt when width is 0), repeating every `interval` when given. */
function pulse(t0: number, dt: number, start: number, width: number, interval: number): number {
  const eps = dt * TIME_EPS;
  if (t0 + eps < start) return 0;
  const w = width > 0 ? width : dt;
  let x = t0 - start;
  if (interval > 0) x -= interval * Math.floor((x + eps) / interval);
  return x + eps < w ? 1 : 0;
}

function ramp(t: number, slope: number, start: number, end: number): number {
  if (t <= start) return 0;
  return slope * ((t < end ? t : end) - start);
}

/** Half away from zero, as mathjs and Vensim round; Math.round alone rounds -2.5 to -2. */
function round(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** The remainder with the sign of the divisor, as mathjs's mod. */
function mod(x: number, y: number): number {
  return y === 0 ? x : x - y * Math.floor(x / y);
}

function xidz(a: number, b: number, x: number): number {
  return b === 0 ? x : a / b;
}

function zidz(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

export const runtimeLib = { lk, step, pulse, ramp, round, mod, xidz, zidz, uniform, normal, lognormal, triangular, poisson, bernoulli, binomial } as const;
export type RuntimeLib = typeof runtimeLib;
