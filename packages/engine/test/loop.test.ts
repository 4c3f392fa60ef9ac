import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, simulate, type CompiledModel, type ModelInput, type RunOptions, type RunResult } from '../src/index.js';

/**
 * The generated Euler loop moves work out of the step (auxiliaries and parts of equations
 * that depend on constants alone) and checks for NaN with running sums. None of that may
 * change a single bit, or which error a run stops with: the step-by-step path, which computes
 * every equation whole at every step, is the reference.
 */

/** The same model forced onto the step-by-step path (what a model too large for one loop takes). */
const stepwise = (m: CompiledModel): CompiledModel => ({ ...m, loopFor: () => null });

type Outcome = { series: Record<string, number[]> } | { error: string };

function outcome(m: CompiledModel, options: RunOptions): Outcome {
  let r: RunResult;
  try {
    r = simulate(m, options);
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { series: Object.fromEntries(Object.entries(r.series).map(([k, x]) => [k, Array.from(x)])) };
}

/** Equal to the bit: toEqual would take 0 for -0. */
function expectSameBits(a: Outcome, b: Outcome): void {
  if ('error' in a || 'error' in b) {
    expect(a).toEqual(b);
    return;
  }
  for (const [k, x] of Object.entries(a.series)) {
    const y = b.series[k]!;
    expect(y.length).toBe(x.length);
    x.forEach((v, i) => {
      if (!Object.is(v, y[i])) expect.fail(`${k}[${i}]: loop ${v}, step by step ${y[i]}`);
    });
  }
}

const CONSTANTS = ['a', 'b', 'c'];
const STOCKS = ['s', 'r'];

/**
 * Equations over constants, stocks, time and numbers (and `mid`, an auxiliary, where given):
 * some parts constant, some not. `mid` read by another variable exercises the values whose NaN
 * the loop leaves to the variables that use them to reveal.
 */
const equation = (names: readonly string[]): fc.Arbitrary<string> => fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...CONSTANTS, ...STOCKS, 'time', ...names),
    fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }).map((x) => `(${x})`),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([x, op, y]) => `(${x} ${op} ${y})`),
    fc.tuple(fc.constantFrom('min', 'max'), tie('e'), tie('e')).map(([f, x, y]) => `${f}(${x}, ${y})`),
    fc.tuple(tie('e'), fc.constantFrom('<', '==', '>='), tie('e'), tie('e'), tie('e')).map(([x, op, y, p, q]) => `if(${x} ${op} ${y}, ${p}, ${q})`),
    tie('e').map((x) => `abs(${x})`),
  ),
})).e;
const expr = equation(['mid', 'mid']);

const model = fc.record({
  values: fc.tuple(...CONSTANTS.map(() => fc.constantFrom(0, 1, 2, -3, 0.5))),
  inflow: expr,
  outflow: expr,
  aux: expr,
  mid: equation([]),
  fixed: expr,
  nonNegative: fc.boolean(),
  /** A time series that replaces constant b from time `at`: the loop must recompute what it moved out. */
  change: fc.option(fc.record({ at: fc.constantFrom(0, 1.5, 3, 33, 90), to: fc.constantFrom(0, 4, -1) }), { nil: undefined }),
  /** Long enough for a run to take several calls of the loop (simulate's blocks of 128 steps), saved every step or every third. */
  time: fc.record({ stop: fc.constantFrom(6, 40, 100), dt: fc.constantFrom(0.25, 0.5), every: fc.constantFrom(1, 3) }),
});

describe('the generated Euler loop computes what the step-by-step path computes', () => {
  it('bit for bit, or stops with the same error, on generated models', () => {
    fc.assert(
      fc.property(model, (m) => {
        const input: ModelInput = {
          time: { start: 0, stop: m.time.stop, dt: m.time.dt, savePeriod: m.time.dt * m.time.every, method: 'euler' },
          constants: Object.fromEntries(CONSTANTS.map((c, i) => [c, { value: m.values[i]! }])),
          stocks: {
            s: { initial: 10, nonNegative: m.nonNegative, inflows: ['fin'], outflows: ['fout'] },
            r: { initial: 1, inflows: ['fout'] },
          },
          flows: { fin: { equation: m.inflow }, fout: { equation: m.outflow } },
          // `fixed` may use only constants: the whole auxiliary moves out of the loop.
          auxiliaries: { mid: { equation: m.mid }, view: { equation: m.aux }, fixed_part: { equation: m.fixed.replace(/\b(s|r|time|mid)\b/g, 'a') } },
        };
        let compiled: CompiledModel;
        try {
          compiled = compileModel(input);
        } catch {
          return; // A loop or unit problem in a generated equation: nothing to run.
        }
        const options: RunOptions = {
          record: ['s', 'r', 'fin', 'fout', 'view', 'fixed_part'],
          overrides: m.change === undefined ? {} : { series: { b: { times: [m.change.at, m.change.at], values: [m.values[1]!, m.change.to], interpolation: 'linear' } } },
        };
        expectSameBits(outcome(compiled, options), outcome(stepwise(compiled), options));
      }),
      { numRuns: 400 },
    );
  });

  it('a value that only a comparison reads still stops the run when it is NaN', () => {
    const m = compileModel({
      time: { start: 0, stop: 10, dt: 0.5, method: 'euler' },
      stocks: { depot: { initial: 3, outflows: ['use'] } },
      flows: { use: { equation: '2' } },
      auxiliaries: { root: { equation: 'sqrt(depot)' }, low: { equation: 'if(root < 1, 1, 0)' } },
    });
    // `low` alone is recorded, and it stays 0 or 1 even when `root` is NaN.
    expect(() => simulate(m, { record: ['low'] })).toThrowError('root became NaN at time 2 (step); its equation: sqrt(depot)');
  });

  it('a value read only where its NaN or ±Infinity is lost (a divisor, a condition, min) still stops the run', () => {
    const at = (aux: Record<string, { equation: string }>): ReturnType<typeof compileModel> =>
      compileModel({
        time: { start: 0, stop: 10, dt: 0.5, method: 'euler' },
        stocks: { depot: { initial: 3, outflows: ['use'] } },
        flows: { use: { equation: '1' } },
        auxiliaries: aux,
      });
    // depot = 3 − t: 1/(depot) is infinite at t = 3, and 5/∞ is 0.
    expect(() => simulate(at({ inverse: { equation: '1 / depot' }, share: { equation: '5 / inverse' } }), { record: ['share'] })).toThrowError('inverse became Infinity at time 3');
    // A condition reads NaN as true.
    expect(() => simulate(at({ root: { equation: 'sqrt(depot)' }, flag: { equation: 'if(root, 1, 0)' } }), { record: ['flag'] })).toThrowError('root became NaN at time 3.5');
    // min(∞, 2) is 2.
    expect(() => simulate(at({ inverse: { equation: '1 / depot' }, capped: { equation: 'min(inverse, 2)' } }), { record: ['capped'] })).toThrowError('inverse became Infinity at time 3');
    // Used in a sum as well as in the divisor: the sum reveals it.
    expect(() => simulate(at({ inverse: { equation: '1 / depot' }, both: { equation: '5 / inverse + inverse' } }), { record: ['both'] })).toThrowError('inverse became Infinity at time 3');
  });

  it('a value computed from constants alone is checked again when a time series changes them', () => {
    // Nothing computed at each step reads per_truck: only its own check can see it go wrong.
    const m = compileModel({
      time: { start: 0, stop: 10, dt: 1, method: 'euler' },
      constants: { load: { value: 40 }, trucks: { value: 10 } },
      stocks: { depot: { initial: 100, inflows: ['arrivals'] } },
      flows: { arrivals: { equation: 'trucks' } },
      auxiliaries: { per_truck: { equation: 'load / trucks' } },
    });
    const trucks = { times: [0, 3, 3], values: [10, 10, 0], interpolation: 'linear' as const };
    const options: RunOptions = { record: ['depot'], overrides: { series: { trucks } } };
    expect(() => simulate(m, options)).toThrowError('per_truck became Infinity at time 3 (step); its equation: load / trucks');
    expect(outcome(m, options)).toEqual(outcome(stepwise(m), options));
    // From the start, before any step.
    expect(() => simulate(m, { overrides: { constants: { trucks: 0 } } })).toThrowError('per_truck became Infinity at time 0');
  });
});

/** The model, with a count of the steps its loop runs. */
function counted(m: CompiledModel): { model: CompiledModel; steps: () => number } {
  let steps = 0;
  const loopFor: CompiledModel['loopFor'] = (record) => {
    const c = m.loopFor(record);
    if (c === null) return null;
    return {
      settled: c.settled,
      loop: (v, start, dt, i0, i1, ...rest) => {
        steps += i1 - i0 + 1;
        return c.loop(v, start, dt, i0, i1, ...rest);
      },
    };
  };
  return { model: { ...m, loopFor }, steps: () => steps };
}

describe('a run that has settled', () => {
  // A depot fed at 5 a day that uses a twentieth of its stock a day: in equilibrium at 100.
  // With a life of 2 days instead, 10.
  const depot = (extra: { flows?: ModelInput['flows']; auxiliaries?: ModelInput['auxiliaries']; initial?: number; every?: number } = {}): CompiledModel =>
    compileModel({
      time: { start: 0, stop: 365, dt: 0.25, savePeriod: 0.25 * (extra.every ?? 1), method: 'euler' },
      constants: { supply: { value: 5 }, attack_rate: { value: 0 }, life: { value: 20 }, q: { value: 0 } },
      stocks: { depot: { initial: extra.initial ?? 100, nonNegative: true, inflows: ['arrivals'], outflows: ['use', 'lost'] } },
      flows: { arrivals: { equation: 'supply' }, use: { equation: 'depot / life' }, lost: { equation: 'poisson(attack_rate * dt) * 2 / dt' }, ...extra.flows },
      auxiliaries: { cover: { equation: 'depot / use' }, ...extra.auxiliaries },
    });
  const steps = 1461;
  const check = (m: CompiledModel, options: RunOptions = {}): number => {
    const c = counted(m);
    expectSameBits(outcome(c.model, { seed: 4, ...options }), outcome(stepwise(m), { seed: 4, ...options }));
    return c.steps();
  };

  it('stops stepping once a step moves no stock, and records what the steps would have, to the bit', () => {
    // In equilibrium from the start: the first block, then the one step that proves it.
    expect(check(depot())).toBe(129);
    // Off equilibrium, it reaches a fixed point of the floating-point step some way in (here
    // from 50 towards 10 at a life of 2 days).
    const fast = { overrides: { constants: { life: 2 } } };
    const late = check(depot({ initial: 50 }), fast);
    expect(late).toBeGreaterThan(129);
    expect(late).toBeLessThan(steps);
    // Saved every third step, the fixed step falling between two saved points.
    expect(check(depot({ initial: 50, every: 3 }), fast)).toBeLessThan(steps);
    const r = simulate(depot({ initial: 50 }), { record: ['depot'], ...fast });
    expect(r.series.depot!.at(-1)).toBeCloseTo(10, 12);
    expect(r.times.at(-1)).toBe(365);
  });

  it('a time series that changes later keeps it stepping until the change', () => {
    const supply = { times: [200, 200], values: [5, 6], interpolation: 'linear' as const };
    const m = depot();
    const n = check(m, { overrides: { series: { supply } } });
    expect(n).toBeGreaterThan(800);
    const r = simulate(m, { record: ['depot'], overrides: { series: { supply } } });
    // 120 less what 660 Euler steps (days 200 to 365) leave of the gap of 20.
    expect(r.series.depot!.at(-1)).toBeCloseTo(120 - 20 * (1 - 0.25 / 20) ** 660, 9);
  });

  it('a draw that can still change keeps it stepping; one that cannot (a mean of 0) does not', () => {
    expect(check(depot(), { overrides: { constants: { attack_rate: 0 } } })).toBe(129);
    expect(check(depot(), { overrides: { constants: { attack_rate: 0.05 } } })).toBe(steps);
    // Attacks from day 300 only: the draws before are all 0, but the series changes at day 300.
    const rate = { times: [300, 300], values: [0, 0.05], interpolation: 'linear' as const };
    expect(check(depot(), { overrides: { series: { attack_rate: rate } } })).toBeGreaterThan(1200);
    // A draw whose mean reads a stock: whether it can move is not known before the step.
    const byStock = depot({ flows: { lost: { equation: 'poisson(attack_rate * dt * depot / 100) * 2 / dt' } } });
    expect(check(byStock)).toBe(steps);
    const r = simulate(depot(), { seed: 4, record: ['depot'], overrides: { constants: { attack_rate: 0.05 } } });
    expect(Math.min(...r.series.depot!)).toBeLessThan(100);
  });

  it('a time series that changes only what is recorded, just before the step that proves the run settled, is recorded as changed', () => {
    // Step 128 proves the fixed point. Saved every step, its own point holds the new price;
    // saved every third step, the last point before it (126) still holds the old one.
    for (const [every, at] of [[1, 32], [3, 31.75]] as const) {
      const m = depot({ every, auxiliaries: { price_shown: { equation: 'supply * 2' } } });
      const supply = { times: [at, at], values: [5, 5.5], interpolation: 'linear' as const };
      // The depot does not see the change: its use is held at 5 a day.
      const held = compileModel({ ...m.model, flows: { ...m.model.flows, arrivals: { equation: '5' } } });
      expect(check(held, { record: ['depot', 'price_shown'], overrides: { series: { supply } } })).toBeLessThan(steps);
      expect(simulate(held, { record: ['price_shown'], overrides: { series: { supply } } }).series.price_shown!.at(-1)).toBe(11);
    }
  });

  // Each distribution with arguments under which it has one value, and with arguments under which it has many.
  it.each([
    ['poisson(p)', 0, 0.5],
    ['bernoulli(p)', 1, 0.5],
    ['bernoulli(p)', 0, 0.5],
    ['binomial(3, p)', 0, 0.5],
    ['binomial(3, p)', 1, 0.5],
    ['uniform(1, 1 + p)', 0, 0.5],
    ['triangular(1, 1, 1 + p)', 0, 0.5],
    ['normal(1, p)', 0, 0.5],
    ['normal(1, p, 1, 1)', 0.5, 0.5],
    ['lognormal(0, p)', 0, 0.5],
  ])('a draw of %s settles with p = %s, not with p = %s', (draw, one, many) => {
    const m = depot({ auxiliaries: { p: { equation: 'q' }, drawn: { equation: draw } } });
    // The normal bounded to [1, 1] has one value whatever its sd.
    const fixed = draw === 'normal(1, p, 1, 1)';
    expect(check(m, { record: ['depot', 'drawn'], overrides: { constants: { q: one } } })).toBe(129);
    expect(check(m, { record: ['depot', 'drawn'], overrides: { constants: { q: many } } })).toBe(fixed ? 129 : steps);
  });

  it('an equation that reads time keeps it stepping', () => {
    const m = depot({ flows: { aid: { equation: 'ramp(0.1, 300)' } } });
    const withAid = compileModel({
      ...m.model,
      stocks: { depot: { ...m.model.stocks!.depot!, inflows: ['arrivals', 'aid'] } },
    });
    expect(check(withAid)).toBe(steps);
    expect(check(depot({ auxiliaries: { season: { equation: 'if(time > 300, 1, 0)' } } }))).toBe(steps);
    expect(check(depot({ auxiliaries: { later: { equation: 'step(1, 300)' } } }))).toBe(steps);
  });
});
