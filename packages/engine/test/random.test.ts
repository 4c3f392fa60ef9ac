import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  bernoulli,
  binomial,
  lnGamma,
  lognormal,
  makeStream,
  normal,
  normalCdf,
  normalQuantile,
  poisson,
  triangular,
  uniform,
} from '../src/random/index.js';
import type { Uniform } from '../src/random/index.js';

const N = 200_000;

function sequence(u: Uniform, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(u());
  return out;
}

function counting(u: Uniform): { u: Uniform; count: () => number } {
  let n = 0;
  return {
    u: () => {
      n += 1;
      return u();
    },
    count: () => n,
  };
}

/** A uniform source that always returns v, to drive inversion at chosen points. */
const fixed = (v: number): Uniform => () => v;

/**
 * Checks the sample mean and variance against theory within 5 standard errors. The
 * standard error of the variance needs the kurtosis: sqrt((kurtosis - 1) / n) * var.
 */
function expectMoments(
  draw: () => number,
  n: number,
  mean: number,
  variance: number,
  kurtosis: number,
): void {
  let sum = 0;
  let sumSq = 0;
  // Shifting by the theoretical mean keeps the sum of squares from cancelling at 1e6.
  for (let i = 0; i < n; i++) {
    const x = draw() - mean;
    sum += x;
    sumSq += x * x;
  }
  const m = sum / n;
  const v = (sumSq - n * m * m) / (n - 1);
  const sd = Math.sqrt(variance);
  expect(Math.abs(m)).toBeLessThan((5 * sd) / Math.sqrt(n));
  expect(Math.abs(v - variance)).toBeLessThan(5 * variance * Math.sqrt((kurtosis - 1) / n));
}

const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

describe('makeStream', () => {
  it('replays the same sequence for the same (seed, run, key)', () => {
    expect(sequence(makeStream(7, 3, 'fuel'), 1000)).toEqual(
      sequence(makeStream(7, 3, 'fuel'), 1000),
    );
    expect(sequence(makeStream('baseline', 0, 'x'), 50)).toEqual(
      sequence(makeStream('baseline', 0, 'x'), 50),
    );
  });

  it('a stream made again (as a baseline remakes its run\'s) starts where the first did, whether its start was kept or long dropped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 200 }), (run, key, others) => {
        const first = makeStream(5, run, key);
        const drawn = sequence(first, 30);
        // Streams made in between: with enough of them, the first one's start is no longer kept.
        for (let k = 0; k < others; k++) makeStream(6, k, key);
        const again = makeStream(5, run, key);
        expect(sequence(again, 30)).toEqual(drawn);
        // Made once more right away: from the kept start, untouched by the draws above.
        expect(sequence(makeStream(5, run, key), 30)).toEqual(drawn);
      }),
      { numRuns: 60 },
    );
  });

  it('pins the first draws, so a change of seeding scheme cannot pass unnoticed', () => {
    expect(sequence(makeStream(2024, 0, 'fuel_demand'), 3)).toEqual([
      0.014923867536708713, 0.21708569885231555, 0.3887238537427038,
    ]);
    expect(sequence(makeStream('baseline', 517, 'attack_rate'), 2)).toEqual([
      0.12858638330362737, 0.2583859506994486,
    ]);
  });

  it('gives different sequences for different keys, runs and seeds', () => {
    const base = sequence(makeStream(1, 0, 'a'), 20);
    expect(sequence(makeStream(1, 0, 'b'), 20)).not.toEqual(base);
    expect(sequence(makeStream(1, 1, 'a'), 20)).not.toEqual(base);
    expect(sequence(makeStream(2, 0, 'a'), 20)).not.toEqual(base);
    expect(sequence(makeStream('1', 0, 'a'), 20)).not.toEqual(base);
  });

  it('keeps the parts of the seed apart: (1, 23, x) is not (12, 3, x)', () => {
    expect(sequence(makeStream(1, 23, 'x'), 20)).not.toEqual(
      sequence(makeStream(12, 3, 'x'), 20),
    );
    expect(sequence(makeStream('a', 1, 'bc'), 20)).not.toEqual(
      sequence(makeStream('ab', 1, 'c'), 20),
    );
  });

  it('gives run 517 the same draws alone as inside a batch', () => {
    const alone = sequence(makeStream(99, 517, 'demand'), 10);
    const batch = Array.from({ length: 600 }, (_, run) => makeStream(99, run, 'demand'));
    // Interleave draws across runs, as a batched ensemble would.
    const seen: number[] = [];
    for (let step = 0; step < 10; step++) {
      for (const [run, s] of batch.entries()) {
        const x = s();
        if (run === 517) seen.push(x);
      }
    }
    expect(seen).toEqual(alone);
  });

  it('draws in [0, 1) with the moments of a uniform', () => {
    const u = makeStream(5, 0, 'u');
    let min = 1;
    let max = 0;
    expectMoments(
      () => {
        const x = u();
        if (x < min) min = x;
        if (x > max) max = x;
        return x;
      },
      N,
      0.5,
      1 / 12,
      1.8,
    );
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('rejects a non-finite seed and a bad run index', () => {
    expect(() => makeStream(Number.NaN, 0, 'x')).toThrow(RangeError);
    expect(() => makeStream(Infinity, 0, 'x')).toThrow(RangeError);
    expect(() => makeStream(1, -1, 'x')).toThrow(RangeError);
    expect(() => makeStream(1, 1.5, 'x')).toThrow(RangeError);
  });
});

describe('special functions', () => {
  it('normalCdf matches reference values, deep tails included', () => {
    const cases: [number, number][] = [
      [0, 0.5],
      [-0.5, 0.30853753872598689636],
      [-1, 0.15865525393145705141],
      [1.96, 0.97500210485177956379],
      [-3, 0.0013498980316300945267],
      [-5, 2.8665157187919391167e-7],
      [-10, 7.619853024160526066e-24],
      [-20, 2.7536241186062336951e-89],
      [-37, 5.7255712225245768227e-300],
    ];
    for (const [x, p] of cases) {
      expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-13);
    }
    expect(normalCdf(8) + normalCdf(-8)).toBeCloseTo(1, 15);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it('normalQuantile inverts normalCdf on [-8, 8]', () => {
    for (let x = -8; x <= 8; x += 1 / 64) {
      const p = normalCdf(x);
      // Above 0, p sits near 1 where its own rounding (half an ulp of 1) moves the
      // quantile by about eps / φ(x); that is conditioning, not error.
      const tol = 1e-12 * Math.max(1, Math.abs(x)) + (x > 0 ? Number.EPSILON / phi(x) : 0);
      expect(Math.abs(normalQuantile(p) - x)).toBeLessThanOrEqual(tol);
    }
  });

  it('normalQuantile matches reference values and handles the ends', () => {
    const cases: [number, number][] = [
      [0.975, 1.9599639845400542355],
      [0.3, -0.52440051270804078404],
      [1e-10, -6.3613409024040562047],
      [0.5, 0],
    ];
    for (const [p, x] of cases) {
      expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-12 * Math.max(1, Math.abs(x)));
    }
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it('lnGamma matches known values', () => {
    expect(Math.abs(lnGamma(0.5) - Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-13);
    expect(Math.abs(lnGamma(10) - Math.log(362880))).toBeLessThan(1e-13);
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(lnGamma(2))).toBeLessThan(1e-14);
    expect(Math.abs(lnGamma(1.5) - -0.12078223763524522235)).toBeLessThan(1e-14);
    expect(Math.abs(lnGamma(100.5) - 361.43554046777762156) / 361.4).toBeLessThan(1e-14);
    expect(Math.abs(lnGamma(1e-10) - 23.025850929882735237)).toBeLessThan(1e-13);
    let factorial = 1;
    for (let n = 1; n <= 25; n++) {
      factorial *= n;
      const expected = Math.log(factorial);
      expect(Math.abs(lnGamma(n + 1) - expected)).toBeLessThan(1e-13 * Math.max(1, expected));
    }
    for (const x of [0.1, 0.7, 3.3, 17.25, 250.5]) {
      expect(Math.abs(lnGamma(x + 1) - lnGamma(x) - Math.log(x))).toBeLessThan(1e-12);
    }
    expect(lnGamma(0)).toBe(Infinity);
    expect(lnGamma(-1)).toBeNaN();
  });
});

describe('distribution moments over 200,000 draws', () => {
  it('uniform(-2, 5)', () => {
    const u = makeStream(11, 0, 'uniform');
    expectMoments(() => uniform(u, -2, 5), N, 1.5, 49 / 12, 1.8);
  });

  it('normal(10, 3)', () => {
    const u = makeStream(11, 0, 'normal');
    expectMoments(() => normal(u, 10, 3), N, 10, 9, 3);
  });

  it('truncated normal(10, 2) on [9, 15] has the analytical truncated mean and variance', () => {
    const u = makeStream(11, 0, 'truncated');
    const a = -0.5;
    const b = 2.5;
    const z = normalCdf(b) - normalCdf(a);
    const lambda = (phi(a) - phi(b)) / z;
    expect(lambda).toBeCloseTo(0.48819505480135450104, 13);
    const mean = 10 + 2 * lambda;
    const variance = 4 * (1 + (a * phi(a) - b * phi(b)) / z - lambda * lambda);
    // The truncated normal's kurtosis is below 3; 3 keeps the bound conservative.
    expectMoments(() => normal(u, 10, 2, 9, 15), N, mean, variance, 3);
  });

  it('normal truncated far in the upper tail (lo = mean + 10 sd) stays finite', () => {
    const u = makeStream(11, 0, 'far');
    const mean = 10.098093233962511963; // φ(10) / Q(10)
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = normal(u, 0, 1, 10);
      expect(x).toBeGreaterThanOrEqual(10);
      expect(x).toBeLessThan(12);
      sum += x;
    }
    expect(Math.abs(sum / 20_000 - mean)).toBeLessThan(0.005);
    // Mirror image in the lower tail, and beyond where Φ underflows.
    expect(normal(fixed(0.5), 0, 1, -Infinity, -10)).toBeCloseTo(-10.0683, 3);
    const deep = normal(fixed(0.5), 0, 1, 50);
    expect(deep).toBeGreaterThan(50);
    expect(deep).toBeLessThan(50.1);
  });

  it('lognormal(1, 0.5): mu and sigma belong to the underlying normal', () => {
    const u = makeStream(11, 0, 'lognormal');
    const s2 = 0.25;
    const mean = Math.exp(1 + s2 / 2);
    const variance = (Math.exp(s2) - 1) * Math.exp(2 + s2);
    const kurtosis = Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 3;
    expectMoments(() => lognormal(u, 1, 0.5), N, mean, variance, kurtosis);
  });

  it('triangular(2, 3, 7)', () => {
    const u = makeStream(11, 0, 'triangular');
    expectMoments(() => triangular(u, 2, 3, 7), N, 4, 21 / 18, 2.4);
  });

  for (const lambda of [0.5, 7, 400]) {
    it(`poisson(${lambda})`, () => {
      const u = makeStream(11, 0, `poisson-${lambda}`);
      expectMoments(() => poisson(u, lambda), N, lambda, lambda, 3 + 1 / lambda);
    });
  }

  // λ = 1e6 and n = 1e6 cost ~1,600 steps a draw (O(sd)); 40,000 draws keep the suite
  // fast and still pin the mean to ±25 and the variance to ±3.5%.
  it('poisson(1e6)', () => {
    const u = makeStream(11, 0, 'poisson-1e6');
    expectMoments(() => poisson(u, 1e6), 40_000, 1e6, 1e6, 3);
  });

  const binomialCases: [number, number, number][] = [
    [10, 0.3, N],
    [1000, 0.02, N],
    [1e6, 0.5, 40_000],
  ];
  for (const [n, p, draws] of binomialCases) {
    it(`binomial(${n}, ${p})`, () => {
      const u = makeStream(11, 0, `binomial-${n}-${p}`);
      const q = 1 - p;
      const variance = n * p * q;
      expectMoments(() => binomial(u, n, p), draws, n * p, variance, 3 + (1 - 6 * p * q) / variance);
    });
  }

  it('bernoulli(0.3)', () => {
    const u = makeStream(11, 0, 'bernoulli');
    const pq = 0.3 * 0.7;
    expectMoments(() => bernoulli(u, 0.3), N, 0.3, pq, 3 + (1 - 6 * pq) / pq);
  });
});

describe('distribution shapes', () => {
  /** Pearson's statistic over the cells with expected count ≥ 5. */
  function chiSquare(counts: Map<number, number>, pmf: (k: number) => number, n: number) {
    let stat = 0;
    let cells = 0;
    for (let k = 0; k < 200; k++) {
      const expected = n * pmf(k);
      if (expected < 5) continue;
      const d = (counts.get(k) ?? 0) - expected;
      stat += (d * d) / expected;
      cells += 1;
    }
    return { stat, df: cells - 1 };
  }

  function tally(draw: () => number, n: number): Map<number, number> {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = draw();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  }

  it('poisson(7) and binomial(10, 0.3) follow their pmfs', () => {
    const n = 100_000;
    const u = makeStream(3, 0, 'shape');
    const pPois = (k: number) => Math.exp(k * Math.log(7) - 7 - lnGamma(k + 1));
    const pois = chiSquare(tally(() => poisson(u, 7), n), pPois, n);
    expect(pois.stat).toBeLessThan(pois.df + 6 * Math.sqrt(2 * pois.df));
    const pBin = (k: number) =>
      k > 10
        ? 0
        : Math.exp(
            lnGamma(11) - lnGamma(k + 1) - lnGamma(11 - k) + k * Math.log(0.3) + (10 - k) * Math.log(0.7),
          );
    const bin = chiSquare(tally(() => binomial(u, 10, 0.3), n), pBin, n);
    expect(bin.stat).toBeLessThan(bin.df + 6 * Math.sqrt(2 * bin.df));
  });

  it('inversion starts at the mode, and terminates in the tails for u just below 1', () => {
    expect(poisson(fixed(0), 7)).toBe(7);
    expect(poisson(fixed(0), 1e6)).toBe(1e6);
    expect(binomial(fixed(0), 10, 0.3)).toBe(3);
    const top = 1 - 2 ** -53;
    expect(poisson(fixed(top), 7)).toBeGreaterThan(20);
    expect(poisson(fixed(top), 0.5)).toBeGreaterThan(5);
    const b = binomial(fixed(top), 10, 0.3);
    expect(b === 0 || b >= 9).toBe(true);
  });
});

describe('truncated normal bounds', () => {
  it('always lies within [lo, hi] (property)', () => {
    const finite = { noNaN: true, noDefaultInfinity: true } as const;
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, ...finite }),
        fc.double({ min: 1e-6, max: 1e3, ...finite }),
        fc.double({ min: -60, max: 60, ...finite }),
        fc.double({ min: 0, max: 60, ...finite }),
        fc.boolean(),
        fc.boolean(),
        (v, mean, sd, zLo, width, openLo, openHi) => {
          const lo = openLo ? -Infinity : mean + zLo * sd;
          const hi = openHi ? Infinity : mean + (zLo + width) * sd;
          const x = normal(fixed(v), mean, sd, lo, hi);
          return Number.isFinite(x) && x >= lo && x <= hi;
        },
      ),
      { numRuns: 2000, seed: 20240601 },
    );
  });

  it('uses the whole stream: far-tail bounds from a real stream stay inside', () => {
    const u = makeStream(8, 0, 'bounds');
    for (let i = 0; i < 2000; i++) {
      const x = normal(u, 5, 2, 5 + 2 * 30, 5 + 2 * 30.5);
      expect(x).toBeGreaterThanOrEqual(65);
      expect(x).toBeLessThanOrEqual(66);
    }
  });

  it('sd = 0 gives the mean clamped to the bounds; a draw of exactly 0 stays finite', () => {
    expect(normal(fixed(0.3), 4, 0)).toBe(4);
    expect(normal(fixed(0.3), 4, 0, 5, 6)).toBe(5);
    expect(normal(fixed(0.3), 4, 0, 1, 2)).toBe(2);
    expect(Number.isFinite(normal(fixed(0), 0, 1))).toBe(true);
    expect(Number.isFinite(lognormal(fixed(0), 0, 1))).toBe(true);
    const low = normal(fixed(0), 0, 1, -1, 1);
    expect(low).toBeGreaterThanOrEqual(-1);
    expect(low).toBeLessThan(-0.999999);
  });
});

describe('invalid parameters give NaN', () => {
  const u = fixed(0.4);
  const cases: [string, () => number][] = [
    ['uniform lo > hi', () => uniform(u, 2, 1)],
    ['uniform infinite', () => uniform(u, 0, Infinity)],
    ['normal sd < 0', () => normal(u, 0, -1)],
    ['normal NaN mean', () => normal(u, Number.NaN, 1)],
    ['normal lo > hi', () => normal(u, 0, 1, 2, 1)],
    ['normal NaN bound', () => normal(u, 0, 1, Number.NaN)],
    ['normal lo = +Infinity', () => normal(u, 0, 1, Infinity, Infinity)],
    ['lognormal sigma < 0', () => lognormal(u, 0, -0.1)],
    ['triangular mode < min', () => triangular(u, 2, 1, 3)],
    ['triangular mode > max', () => triangular(u, 0, 4, 3)],
    ['poisson lambda < 0', () => poisson(u, -1)],
    ['poisson lambda NaN', () => poisson(u, Number.NaN)],
    ['poisson lambda Infinity', () => poisson(u, Infinity)],
    ['binomial n not integer', () => binomial(u, 2.5, 0.5)],
    ['binomial n < 0', () => binomial(u, -3, 0.5)],
    ['binomial p > 1', () => binomial(u, 10, 1.5)],
    ['binomial p < 0', () => binomial(u, 10, -0.1)],
    ['bernoulli p > 1', () => bernoulli(u, 1.01)],
    ['bernoulli p NaN', () => bernoulli(u, Number.NaN)],
  ];
  for (const [name, draw] of cases) {
    it(name, () => {
      expect(draw()).toBeNaN();
    });
  }

  it('degenerate but valid parameters give exact values', () => {
    expect(poisson(fixed(0.999), 0)).toBe(0);
    expect(binomial(fixed(0.999), 0, 0.5)).toBe(0);
    expect(binomial(fixed(0.999), 20, 0)).toBe(0);
    expect(binomial(fixed(0), 20, 1)).toBe(20);
    expect(bernoulli(fixed(0), 0)).toBe(0);
    expect(bernoulli(fixed(0.999999), 1)).toBe(1);
    expect(triangular(fixed(0.7), 3, 3, 3)).toBe(3);
    expect(uniform(fixed(0.7), 3, 3)).toBe(3);
  });
});

describe('one uniform per draw', () => {
  it('normal, poisson and binomial consume exactly one uniform, whatever the parameters', () => {
    const c = counting(makeStream(1, 0, 'count'));
    const draws: (() => number)[] = [
      () => normal(c.u, 0, 1),
      () => normal(c.u, 3, 2, 2, 4),
      () => normal(c.u, 0, 1, 10),
      () => normal(c.u, 0, 1, -Infinity, -40),
      () => normal(c.u, 0, 0),
      () => normal(c.u, 0, -1),
      () => lognormal(c.u, 0, 1),
      () => poisson(c.u, 0),
      () => poisson(c.u, 0.5),
      () => poisson(c.u, 400),
      () => poisson(c.u, 1e6),
      () => poisson(c.u, -1),
      () => binomial(c.u, 10, 0.3),
      () => binomial(c.u, 1e6, 0.5),
      () => binomial(c.u, 0, 0.5),
      () => binomial(c.u, 10, 1),
      () => binomial(c.u, 2.5, 0.5),
      () => bernoulli(c.u, 0.5),
      () => triangular(c.u, 0, 1, 2),
      () => uniform(c.u, 0, 1),
    ];
    for (let round = 0; round < 50; round++) {
      for (const draw of draws) {
        const before = c.count();
        draw();
        expect(c.count() - before).toBe(1);
      }
    }
  });
});
