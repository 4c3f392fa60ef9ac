/**
 * Samplers. Each takes its uniform source first and calls it exactly once per draw,
 * whatever the parameters (even invalid ones): a stream's position then depends only
 * on how many draws were made, never on parameter values that change during a run,
 * and common-random-number comparisons between scenarios line up draw for draw.
 *
 * Invalid parameters give NaN instead of throwing; the simulator turns a NaN into an
 * error that names the variable and the time.
 */

import type { Uniform } from './streams.js';
import { binomialPmf, normalCdf, normalQuantile, poissonPmf } from './special.js';

/**
 * Stands in for a draw of exactly 0, where inversion would give -Infinity. It is the
 * middle of Alea's lowest 2^-32 cell (R's unif_rand makes a similar substitution).
 */
const ZERO_DRAW = 1.1641532182693481e-10; // 2^-33

/** Above 2^52 the walk from the mode could pass 2^53, where k + 1 === k. */
const MAX_COUNT_PARAM = 2 ** 52;

/** Continuous uniform on [lo, hi) (hi itself only through rounding). */
export function uniform(u: Uniform, lo: number, hi: number): number {
  const v = u();
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) return NaN;
  return lo + (hi - lo) * v;
}

/**
 * Draws z from the standard normal truncated to [a, b] (a < b, a < +∞, b > -∞) by
 * inversion. Each half works with the tail probability that is small there (Φ below
 * zero, Q = 1 - Φ above), which is computed to full relative precision; working with
 * Φ near 1 would make a = 10 collapse to Φ(a) = Φ(b) = 1.
 */
function standardTruncated(v: number, a: number, b: number): number {
  let z: number;
  if (a >= 0) {
    const qa = normalCdf(-a);
    // Q(a) underflows: the mass hugs a like a + Exp(rate a), to O(1/a²).
    if (qa === 0) return upperExponentialTail(v, a, b);
    const qb = normalCdf(-b);
    z = -quantileInside(qa - v * (qa - qb));
  } else if (b <= 0) {
    const pb = normalCdf(b);
    if (pb === 0) return lowerExponentialTail(v, a, b);
    const pa = normalCdf(a);
    z = quantileInside(pa + v * (pb - pa));
  } else {
    const pa = normalCdf(a);
    const pb = normalCdf(b);
    z = quantileInside(pa + v * (pb - pa));
  }
  // Rounding in Φ and Φ⁻¹ can step a hair outside the interval.
  return z < a ? a : z > b ? b : z;
}

const BELOW_ONE = 1 - Number.EPSILON / 2;

/**
 * Φ⁻¹ of a probability kept inside (0, 1): a tiny draw times a tiny interval can
 * underflow to 0, and Φ(a) + v (Φ(b) - Φ(a)) can round up to 1; either would give an
 * infinite draw where the interval is open.
 */
function quantileInside(p: number): number {
  return normalQuantile(p <= 0 ? Number.MIN_VALUE : p >= 1 ? BELOW_ONE : p);
}

/** Inverse of the approximation a + Exp(rate a) truncated at b, for a ≥ 37.5. */
function upperExponentialTail(v: number, a: number, b: number): number {
  const mass = -Math.expm1(-a * (b - a));
  const z = a - Math.log1p(-v * mass) / a;
  return z > b ? b : z;
}

/**
 * Mirror image for b ≤ -37.5: b - Exp(rate |b|) truncated at a. Written with v itself
 * rather than 1 - v, which would round a tiny v away and land on -Infinity.
 */
function lowerExponentialTail(v: number, a: number, b: number): number {
  const c = -b * (b - a);
  const z = b + Math.log(Math.exp(-c) - v * Math.expm1(-c)) / -b;
  return z < a ? a : z;
}

/**
 * Normal(mean, sd), optionally truncated to [lo, hi], by inversion: one uniform per
 * draw, and truncation maps the uniform into [Φ(a), Φ(b)] instead of rejecting.
 * sd = 0 gives the mean clamped to the bounds.
 */
export function normal(
  u: Uniform,
  mean: number,
  sd: number,
  lo: number = -Infinity,
  hi: number = Infinity,
): number {
  const v = u();
  if (
    !Number.isFinite(mean) ||
    !Number.isFinite(sd) ||
    sd < 0 ||
    Number.isNaN(lo) ||
    Number.isNaN(hi) ||
    lo > hi ||
    lo === Infinity ||
    hi === -Infinity
  ) {
    return NaN;
  }
  if (sd === 0 || lo === hi) return mean < lo ? lo : mean > hi ? hi : mean;
  const w = v > 0 ? v : ZERO_DRAW;
  let x: number;
  if (lo === -Infinity && hi === Infinity) {
    x = mean + sd * normalQuantile(w);
  } else {
    x = mean + sd * standardTruncated(w, (lo - mean) / sd, (hi - mean) / sd);
  }
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Lognormal: exp of Normal(mu, sigma). mu and sigma are the mean and standard
 * deviation of the underlying normal, i.e. of ln X (numpy's and R's convention), not
 * of X itself: E[X] = exp(mu + sigma²/2).
 */
export function lognormal(u: Uniform, mu: number, sigma: number): number {
  return Math.exp(normal(u, mu, sigma));
}

/** Triangular on [min, max] with peak at mode, by inversion. */
export function triangular(u: Uniform, min: number, mode: number, max: number): number {
  const v = u();
  if (
    !(Number.isFinite(min) && Number.isFinite(mode) && Number.isFinite(max)) ||
    min > mode ||
    mode > max
  ) {
    return NaN;
  }
  const range = max - min;
  if (range === 0) return min;
  const left = mode - min;
  if (v * range < left) return min + Math.sqrt(v * range * left);
  return max - Math.sqrt((1 - v) * range * (max - mode));
}

/** 1 with probability p, else 0. p = 0 and p = 1 are exact. */
export function bernoulli(u: Uniform, p: number): number {
  const v = u();
  if (!(p >= 0 && p <= 1)) return NaN;
  return v < p ? 1 : 0;
}

/*
 * Poisson and binomial by inversion over the support ordered mode, mode+1, mode-1,
 * mode+2, mode-2, ...: a fixed ordering, so still exactly one uniform per draw, and the
 * search stops after about 1.6 sd steps on average instead of λ. The pmf at the mode
 * comes from Loader's saddle-point form; the rest follow by the ratio recurrences.
 *
 * If rounding leaves the accumulated mass short of v once the remaining terms can no
 * longer change the sum, the draw belongs to the far end of the ordering: return the
 * last value visited. This is what makes the loop terminate.
 */

/** Poisson(λ). λ = 0 gives 0; λ must be finite and at most 2^52. */
export function poisson(u: Uniform, lambda: number): number {
  const v = u();
  if (!(lambda >= 0 && lambda <= MAX_COUNT_PARAM)) return NaN;
  if (lambda === 0) return 0;
  const mode = Math.floor(lambda);
  const pMode = poissonPmf(mode, lambda);
  let cdf = pMode;
  if (v < cdf) return mode;
  let up = mode;
  let pUp = pMode;
  let down = mode;
  let pDown = pMode;
  let last = mode;
  for (;;) {
    up += 1;
    pUp *= lambda / up;
    cdf += pUp;
    last = up;
    if (v < cdf) return up;
    if (down > 0) {
      pDown *= down / lambda;
      down -= 1;
      cdf += pDown;
      last = down;
      if (v < cdf) return down;
    } else {
      pDown = 0;
    }
    if (cdf + (pUp + pDown) === cdf) return last;
  }
}

/** Binomial(n, p). n must be an integer in [0, 2^52]; n = 0, p = 0 and p = 1 are exact. */
export function binomial(u: Uniform, n: number, p: number): number {
  const v = u();
  if (!(Number.isInteger(n) && n >= 0 && n <= MAX_COUNT_PARAM && p >= 0 && p <= 1)) {
    return NaN;
  }
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const q = 1 - p;
  const odds = p / q;
  let mode = Math.floor((n + 1) * p);
  if (mode > n) mode = n;
  const pMode = binomialPmf(mode, n, p, q);
  let cdf = pMode;
  if (v < cdf) return mode;
  let up = mode;
  let pUp = pMode;
  let down = mode;
  let pDown = pMode;
  let last = mode;
  for (;;) {
    if (up < n) {
      pUp *= ((n - up) / (up + 1)) * odds;
      up += 1;
      cdf += pUp;
      last = up;
      if (v < cdf) return up;
    } else {
      pUp = 0;
    }
    if (down > 0) {
      pDown *= down / ((n - down + 1) * odds);
      down -= 1;
      cdf += pDown;
      last = down;
      if (v < cdf) return down;
    } else {
      pDown = 0;
    }
    if (cdf + (pUp + pDown) === cdf) return last;
  }
}
