import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, simulate } from '../src/index.js';
import { describeDistribution, quantileOf } from '../src/ensemble/distribution.js';
import { Distribution } from '../src/ensemble/distribution-schema.js';
import { sampleDesign } from '../src/ensemble/sampling.js';
import { RELATIVE_ACCURACY, SketchSet, ZERO } from '../src/ensemble/sketch.js';
import { nearestRank, QUANTILES } from '../src/ensemble/summary.js';
import { rankSensitivity, ranks } from '../src/ensemble/sensitivity.js';
import type { EnsemblePart } from '../src/ensemble/run-ensemble.js';
import type { ResolvedScenario } from '../src/scenario/resolve.js';
import { firstCrossing, type CrossingDef } from '../src/results/crossings.js';
import { normalCdf } from '../src/random/special.js';

const value = fc.oneof(
  fc.double({ min: -1e9, max: 1e9, noNaN: true }),
  fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, 1e-12, -3, 42),
  fc.integer({ min: -50, max: 50 }).map((k) => 1.7 ** k),
);
const quantile = fc.oneof(fc.constantFrom(...Object.values(QUANTILES), 0, 1), fc.double({ min: 0, max: 1, noNaN: true }));

describe('series bands: the streaming sketch', () => {
  it('answers every quantile within 0.5% (relative) of the exact nearest-rank order statistic', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), fc.array(quantile, { minLength: 1, maxLength: 8 }), (xs, qs) => {
        const s = new SketchSet(1);
        xs.forEach((x) => s.add(0, x));
        const sorted = Float64Array.from(xs).sort();
        for (const q of qs) {
          const exact = nearestRank(sorted, q);
          const got = s.quantile(0, q);
          expect(Math.abs(got - exact)).toBeLessThanOrEqual(RELATIVE_ACCURACY * Math.abs(exact) * (1 + 1e-12) + ZERO);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives exact values where every run agrees (a flat baseline is not blurred by the bins)', () => {
    const s = new SketchSet(2);
    for (let i = 0; i < 1000; i++) {
      s.add(0, 19);
      s.add(1, -0.3);
    }
    expect(s.quantile(0, 0.05)).toBe(19);
    expect(s.quantile(0, 0.95)).toBe(19);
    expect(s.quantile(1, 0.5)).toBe(-0.3);
  });

  it('merges blocks into exactly the sketch of all the values, whatever the split and the order', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 300 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (xs, cutsRaw) => {
        const whole = new SketchSet(1);
        xs.forEach((x) => whole.add(0, x));
        const cuts = [...new Set(cutsRaw.map((c) => c % xs.length))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, xs.length];
        const blocks = bounds.slice(1).map((end, i) => {
          const b = new SketchSet(1);
          xs.slice(bounds[i], end).forEach((x) => b.add(0, x));
          return SketchSet.fromData(b.toData());
        });
        const merged = new SketchSet(1);
        for (const b of blocks.reverse()) merged.merge(b);
        for (const q of [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1]) expect(Object.is(merged.quantile(0, q), whole.quantile(0, q))).toBe(true);
        expect(merged.size(0)).toBe(xs.length);
      }),
      { numRuns: 200 },
    );
  });

  it('writes the same data for the same values, whatever order they came in or how they were split', () => {
    // A shard file holds this data: its bytes must not depend on the number of workers.
    const bytes = (s: SketchSet): number[] => {
      const d = s.toData();
      return [d.cells, ...d.stats, ...d.ranges, ...d.counts];
    };
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 200 }), fc.nat(), (xs, cut) => {
        const inOrder = new SketchSet(1);
        xs.forEach((x) => inOrder.add(0, x));
        const reversed = new SketchSet(1);
        [...xs].reverse().forEach((x) => reversed.add(0, x));
        const k = cut % (xs.length + 1);
        const a = new SketchSet(1);
        xs.slice(k).forEach((x) => a.add(0, x));
        const b = new SketchSet(1);
        xs.slice(0, k).forEach((x) => b.add(0, x));
        a.merge(b);
        expect(bytes(reversed)).toEqual(bytes(inOrder));
        expect(bytes(a)).toEqual(bytes(inOrder));
        expect(bytes(SketchSet.fromData(inOrder.toData()))).toEqual(bytes(inOrder));
      }),
      { numRuns: 200 },
    );
  });

  it("a run's series added at once counts exactly what adding its points one by one counts", () => {
    const bytes = (s: SketchSet): number[] => {
      const d = s.toData();
      return [d.cells, ...d.stats, ...d.ranges, ...d.counts];
    };
    // Runs of repeated values, as flat stretches of a series give.
    const series = fc.array(fc.tuple(value, fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 40 }).map((parts) => Float64Array.from(parts.flatMap(([x, k]) => Array<number>(k).fill(x))));
    fc.assert(
      fc.property(fc.array(series, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 3 }), (runs, stride) => {
        const points = Math.min(...runs.map((x) => Math.floor((x.length - 1) / stride) + 1));
        const one = new SketchSet(points + 2);
        const all = new SketchSet(points + 2);
        for (const x of runs) {
          for (let j = 0; j < points; j++) one.add(2 + j, x[j * stride]!);
          all.addSeries(2, x, stride, points);
        }
        expect(bytes(all)).toEqual(bytes(one));
      }),
      { numRuns: 200 },
    );
  });

  it('a series that moves slowly, across the bounds of bins, counts what adding its points one by one counts', () => {
    const bytes = (s: SketchSet): number[] => {
      const d = s.toData();
      return [d.cells, ...d.stats, ...d.ranges, ...d.counts];
    };
    const gamma = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    const bits = new Float64Array(1);
    const word = new BigInt64Array(bits.buffer);
    /** The double k steps of the last place away from x (x > 0). */
    const ulps = (x: number, k: number): number => {
      bits[0] = x;
      word[0]! += BigInt(k);
      return bits[0]!;
    };
    // Points within a bin (fractions of a bin apart), on a bin's bound γ^i, and a few doubles
    // either side of it: addSeries reuses a bin for a value inside its bounds, and only there.
    const point = fc.oneof(
      fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.double({ min: -1, max: 1, noNaN: true })).map(([i, f]) => gamma ** (i + f)),
      fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -4, max: 4 })).map(([i, k]) => ulps(gamma ** i, k)),
      fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -3, max: 3 })).map(([i, k]) => ulps(gamma ** i * (1 + k * 1e-9), 0)),
    );
    const near = fc.tuple(point, fc.array(fc.double({ min: -0.02, max: 0.02, noNaN: true }), { minLength: 1, maxLength: 30 })).map(([x, steps]) => {
      const out = [x];
      for (const d of steps) out.push(out[out.length - 1]! * (1 + d));
      return out;
    });
    // A value inside bin i, then one a few doubles inside one of its bounds.
    const edge = fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 1, max: 8 }), fc.boolean()).map(([i, k, top]) => [gamma ** (i - 0.5), top ? ulps(gamma ** i, -k) : ulps(gamma ** (i - 1), k)]);
    // A negative value between two in one bin: its own bin, three times as far out, is not theirs.
    const negative = point.map((x) => [x, -3 * x, x * (1 + 1e-4)]);
    fc.assert(
      fc.property(fc.array(fc.oneof(near, edge, negative), { minLength: 1, maxLength: 6 }), (parts) => {
        const x = Float64Array.from(parts.flat());
        const one = new SketchSet(x.length);
        const all = new SketchSet(x.length);
        x.forEach((y, j) => one.add(j, y));
        all.addSeries(0, x, 1, x.length);
        expect(bytes(all)).toEqual(bytes(one));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps memory to the spread of the values, not the number of runs', () => {
    const s = new SketchSet(1);
    for (let i = 0; i < 100_000; i++) s.add(0, 10 + (i % 1000) / 100);
    // 10..20 is log(2)/log(1.01) ≈ 70 bins, however many runs.
    expect(s.toData().counts.length).toBeLessThan(200);
  });
});

describe('the design of an ensemble', () => {
  it('Latin hypercube: every stratum of every parameter is hit exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 6 }), fc.nat(1000), (n, names, seed) => {
        const u = sampleDesign(names, n, seed, 'latin_hypercube');
        names.forEach((_, j) => {
          const hit = new Uint8Array(n);
          for (let i = 0; i < n; i++) {
            const v = u[i * names.length + j]!;
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThan(1);
            hit[Math.floor(v * n)]! += 1;
          }
          expect(hit.every((h) => h === 1)).toBe(true);
        });
      }),
      { numRuns: 40 },
    );
  });

  it("adding a parameter leaves every other parameter's column untouched (both samplings)", () => {
    for (const sampling of ['latin_hypercube', 'monte_carlo'] as const) {
      const a = sampleDesign(['demand', 'lag'], 50, 7, sampling);
      const b = sampleDesign(['demand', 'attacks', 'lag'], 50, 7, sampling);
      for (let i = 0; i < 50; i++) {
        expect(b[i * 3]).toBe(a[i * 2]);
        expect(b[i * 3 + 2]).toBe(a[i * 2 + 1]);
      }
    }
  });

  it('Monte Carlo draws are uniform (Kolmogorov–Smirnov at 1%) and differ between seeds', () => {
    const n = 4000;
    const u = Float64Array.from(sampleDesign(['x'], n, 3, 'monte_carlo')).sort();
    let d = 0;
    u.forEach((v, i) => (d = Math.max(d, Math.abs(v - i / n), Math.abs(v - (i + 1) / n))));
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
    expect(sampleDesign(['x'], 5, 4, 'monte_carlo')).not.toEqual(sampleDesign(['x'], 5, 3, 'monte_carlo'));
  });
});

describe('distributions, by their quantile functions', () => {
  const u = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const dists: [string, Distribution, (x: number) => number][] = [
    ['uniform', { distribution: 'uniform', min: 2, max: 6 }, (x) => (x - 2) / 4],
    ['triangular', { distribution: 'triangular', min: 7, mode: 14, max: 30 }, (x) => (x <= 14 ? (x - 7) ** 2 / (23 * 7) : 1 - (30 - x) ** 2 / (23 * 16))],
    ['normal', { distribution: 'normal', mean: 5, sd: 2 }, (x) => normalCdf((x - 5) / 2)],
    ['truncated normal', { distribution: 'normal', mean: 5, sd: 2, min: 4, max: 10 }, (x) => (normalCdf((x - 5) / 2) - normalCdf(-0.5)) / (normalCdf(2.5) - normalCdf(-0.5))],
    ['lognormal', { distribution: 'lognormal', median: 1, sigma: 0.6 }, (x) => normalCdf(Math.log(x) / 0.6)],
  ];
  for (const [name, d, cdf] of dists) {
    it(`${name}: the CDF of the quantile at u is u, and the quantile never decreases`, () => {
      fc.assert(
        fc.property(u, u, (a, b) => {
          const x = quantileOf(d, a);
          if (a > 1e-9 && a < 1 - 1e-9) expect(cdf(x)).toBeCloseTo(a, 9);
          if (a <= b) expect(quantileOf(d, a)).toBeLessThanOrEqual(quantileOf(d, b));
        }),
      );
    });
  }

  it('a truncated normal stays within its bounds; a discrete one takes each value by its weight', () => {
    const d: Distribution = { distribution: 'normal', mean: 0, sd: 1, min: -0.5, max: 0.25 };
    for (let i = 0; i < 1000; i++) {
      const x = quantileOf(d, i / 1000);
      expect(x).toBeGreaterThanOrEqual(-0.5);
      expect(x).toBeLessThanOrEqual(0.25);
    }
    const disc: Distribution = { distribution: 'discrete', values: [10, 20, 30], weights: [1, 0, 3] };
    const counts = new Map<number, number>();
    for (let i = 0; i < 400; i++) counts.set(quantileOf(disc, (i + 0.5) / 400), (counts.get(quantileOf(disc, (i + 0.5) / 400)) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 10: 100, 30: 300 });
  });

  it('reads back as the scenario file wrote it, with its unit but not a dimensionless "1"', () => {
    expect(describeDistribution({ distribution: 'triangular', min: 7, mode: 14, max: 30, unit: 'day' })).toBe('triangular 7 … 14 … 30 day');
    expect(describeDistribution({ distribution: 'lognormal', median: 1, sigma: 0.6, unit: '1' })).toBe('lognormal median 1, sigma 0.6');
    expect(describeDistribution({ distribution: 'normal', mean: 5, sd: 2, min: 4 })).toBe('normal mean 5, sd 2 within [4, ∞]');
    expect(describeDistribution({ distribution: 'discrete', values: [0, 5], weights: [3, 1], unit: 'm^3/day' })).toBe('one of 0, 5 (weights 3, 1) m^3/day');
  });

  it('the unit scale multiplies the value into the model unit (L/day to m³/day)', () => {
    expect(quantileOf({ distribution: 'uniform', min: 4e6, max: 6e6 }, 0.5, 1e-3)).toBe(5000);
  });
});

describe('first crossings', () => {
  const def = (threshold: number, direction: 'below' | 'above' = 'below'): CrossingDef => ({ name: 'x', series: 's', direction, threshold, ofBaseline: false, description: '' });

  it('a stock draining exponentially crosses half its start at 10·ln 2 days, as computed (RK4)', () => {
    // S' = −S/10, S(0) = 100: S(t) = 100·e^(−t/10) is 50 at t = 10 ln 2 = 6.931…
    const model = compileModel({
      time: { start: 0, stop: 20, dt: 0.01, method: 'rk4' },
      stocks: { s: { initial: 100, outflows: ['out'] } },
      flows: { out: { equation: 's / 10' } },
    });
    const r = simulate(model, { record: ['s'] });
    const day = firstCrossing(r.times, r.series.s!, def(50))!;
    expect(Math.abs(day - 10 * Math.LN2)).toBeLessThan(1e-6);
  });

  it('a linear drain crosses exactly where it should, between steps (Euler, dt = 1)', () => {
    // 10 − 1.5·t falls below 2.5 at t = 5, between the saved points 4 and 6 of dt = 2.
    const model = compileModel({ time: { start: 0, stop: 10, dt: 2, method: 'euler' }, stocks: { s: { initial: 10, outflows: ['out'] } }, flows: { out: { equation: '1.5' } } });
    const r = simulate(model, { record: ['s'] });
    expect(firstCrossing(r.times, r.series.s!, def(2.5))).toBe(5);
    expect(firstCrossing(r.times, r.series.s!, def(-100))).toBeNull();
    expect(firstCrossing(r.times, r.series.s!, def(11))).toBe(0);
    expect(firstCrossing(r.times, r.series.s!, def(4, 'above'))).toBe(0);
  });

  it('a threshold relative to the baseline compares point by point', () => {
    const times = [0, 1, 2, 3];
    const base = [10, 20, 40, 80];
    const run = [10, 15, 19, 30];
    // run/base: 1, 0.75, 0.475, 0.375 — below half between day 1 and 2: 1 + (15 − 10)/((15 − 10) − (19 − 20)) = 1.833…
    expect(firstCrossing(times, run, { ...def(0.5), ofBaseline: true }, base)).toBeCloseTo(1 + 5 / 6, 12);
  });
});

describe('ranks', () => {
  it('share the mean rank between ties', () => {
    expect(Array.from(ranks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
  });

  it('rank a crossing that some runs never reach after every run that does, not without those runs', () => {
    // "whether" alone decides if a run crosses within the 150 days; "when" alone decides the day.
    // Dropping the runs that never cross would see only "when" (whether is then < 0.5 in all of them).
    const n = 200;
    const inputs = new Float64Array(n * 2);
    const days = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const when = (i + 0.5) / n;
      const whether = ((i * 73) % n + 0.5) / n;
      inputs.set([when, whether], i * 2);
      days[i] = whether < 0.5 ? 20 + 100 * when : Number.NaN;
    }
    const part = { from: 0, to: n, parameters: ['when', 'whether'], kpis: [], crossings: ['dry'], inputs, kpiValues: new Float64Array(0), crossingDays: days } as unknown as EnsemblePart;
    const scenario = { horizon: 150, crossings: [{ name: 'dry', description: 'the depots run dry' }] } as unknown as ResolvedScenario;
    const r = rankSensitivity(scenario, part, 'dry');
    expect(r.runs).toBe(n);
    expect(r.censored).toBe(days.filter(Number.isNaN).length);
    expect(r.censored).toBe(n / 2);
    const row = (name: string) => r.rows.find((x) => x.name === name)!;
    // Runs with whether ≥ 0.5 all come last: a strong positive rank correlation.
    expect(row('whether').spearman).toBeGreaterThan(0.75);
    expect(row('when').spearman).toBeGreaterThan(0.3);
    expect(r.rows[0]!.name).toBe('whether');
    expect(row('whether').share + row('when').share).toBeCloseTo(1, 12);
  });
});
