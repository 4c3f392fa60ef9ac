import { describe, expect, it } from 'vitest';
import { BUILTINS } from '../src/index.js';
import { run, series, value } from './helpers.js';

/**
 * One test per built-in, asserting real values (in the spirit of SDEverywhere's
 * js-model-functions.spec.ts). Small models are built with the helpers: `value(expr)` is
 * the value of a one-auxiliary model at a time, `series(model, name)` a recorded series.
 */

const diffs = (xs: number[]): number[] => xs.slice(1).map((x, i) => x - xs[i]!);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('math built-ins', () => {
  it('min and max take any number of arguments', () => {
    expect(value('max(1, 5, 3)')).toBe(5);
    expect(value('min(4, -2, 7, 0)')).toBe(-2);
    expect(value('max(-1)')).toBe(-1);
    expect(value('min(3)')).toBe(3);
    expect(value('max(a, b)', { consts: { a: 2, b: -7 } })).toBe(2);
    expect(value('min(a, b, 0.5)', { consts: { a: 2, b: 1 } })).toBe(0.5);
  });

  it('abs', () => {
    expect(value('abs(-3)')).toBe(3);
    expect(value('abs(3)')).toBe(3);
    expect(value('abs(a)', { consts: { a: -0.25 } })).toBe(0.25);
  });

  it('exp', () => {
    expect(value('exp(0)')).toBe(1);
    expect(value('exp(1)')).toBe(Math.E);
    expect(value('exp(-2)')).toBeCloseTo(0.1353352832366127, 15);
  });

  it('ln', () => {
    expect(value('ln(1)')).toBe(0);
    expect(value('ln(a)', { consts: { a: Math.E } })).toBeCloseTo(1, 15);
    expect(value('ln(10)')).toBeCloseTo(2.302585092994046, 14);
  });

  it('log is natural with one argument, and takes a base as the second', () => {
    expect(value('log(a)', { consts: { a: Math.E } })).toBeCloseTo(1, 15);
    expect(value('log(10)')).toBeCloseTo(2.302585092994046, 14);
    expect(value('log(8, 2)')).toBeCloseTo(3, 14);
    expect(value('log(100, 10)')).toBeCloseTo(2, 14);
    expect(value('log(1, 7)')).toBe(0);
  });

  it('log10', () => {
    expect(value('log10(1000)')).toBeCloseTo(3, 15);
    expect(value('log10(0.01)')).toBeCloseTo(-2, 15);
    expect(value('log10(1)')).toBe(0);
  });

  it('sqrt', () => {
    expect(value('sqrt(16)')).toBe(4);
    expect(value('sqrt(2)')).toBe(Math.SQRT2);
    expect(value('sqrt(0)')).toBe(0);
  });

  it('floor', () => {
    expect(value('floor(2.7)')).toBe(2);
    expect(value('floor(-1.5)')).toBe(-2);
    expect(value('floor(3)')).toBe(3);
  });

  it('ceil', () => {
    expect(value('ceil(2.1)')).toBe(3);
    expect(value('ceil(-1.5)')).toBe(-1);
    expect(value('ceil(3)')).toBe(3);
  });

  it('round rounds half away from zero', () => {
    expect(value('round(2.5)')).toBe(3);
    expect(value('round(-2.5)')).toBe(-3);
    expect(value('round(0.5)')).toBe(1);
    expect(value('round(-0.5)')).toBe(-1);
    expect(value('round(1.4)')).toBe(1);
    expect(value('round(-1.6)')).toBe(-2);
    expect(value('round(7)')).toBe(7);
  });

  it('round is exact just below one half and for large integers', () => {
    // The largest double below 0.5 is not a half: it rounds to 0 (mathjs and Math.round agree).
    expect.soft(value('round(a)', { consts: { a: 0.49999999999999994 } }), 'round(0.49999999999999994)').toBe(0);
    expect.soft(Math.abs(value('round(a)', { consts: { a: -0.49999999999999994 } })), 'round(-0.49999999999999994)').toBe(0);
    // An integer rounds to itself, even where x + 0.5 is not representable.
    expect.soft(value('round(a)', { consts: { a: 4503599627370497 } }), 'round(2^52 + 1)').toBe(4503599627370497);
    expect.soft(value('round(a)', { consts: { a: -4503599627370497 } }), 'round(-(2^52 + 1))').toBe(-4503599627370497);
  });

  it('mod and % take the sign of the divisor', () => {
    expect(value('mod(7, 3)')).toBe(1);
    expect(value('mod(a, 3)', { consts: { a: -1 } })).toBe(2);
    expect(value('mod(1, b)', { consts: { b: -3 } })).toBe(-2);
    expect(value('mod(5.5, 2)')).toBe(1.5);
    expect(value('7 % 3')).toBe(1);
    expect(value('a % 3', { consts: { a: -1 } })).toBe(2);
    expect(value('a % b', { consts: { a: -7, b: 4 } })).toBe(1);
    // mod(x, 0) is x, as in mathjs.
    expect(value('mod(a, b)', { consts: { a: 5, b: 0 } })).toBe(5);
  });

  it('pow and ^ (right-associative, below unary minus as in mathjs)', () => {
    expect(value('pow(2, 10)')).toBe(1024);
    expect(value('pow(4, 0.5)')).toBe(2);
    expect(value('2 ^ 10')).toBe(1024);
    expect(value('2 ^ 3 ^ 2')).toBe(512);
    expect(value('-2 ^ 2')).toBe(-4);
    expect(value('a ^ -1', { consts: { a: 4 } })).toBe(0.25);
  });

  it('if(condition, then, else): any non-zero condition is true', () => {
    expect(value('if(1, 2, 3)')).toBe(2);
    expect(value('if(0, 2, 3)')).toBe(3);
    expect(value('if(c, 2, 3)', { consts: { c: -0.5 } })).toBe(2);
    expect(value('if(a > b, a, b)', { consts: { a: 4, b: 9 } })).toBe(9);
  });

  it('the ternary c ? a : b', () => {
    expect(value('1 ? 2 : 3')).toBe(2);
    expect(value('0 ? 2 : 3')).toBe(3);
    expect(value('c ? 10 : 20', { consts: { c: 7 } })).toBe(10);
    expect(value('a < 0 ? -1 : a > 0 ? 1 : 0', { consts: { a: 5 } })).toBe(1);
  });

  it('comparisons give 1 or 0', () => {
    const cases: [string, number][] = [
      ['2 < 3', 1],
      ['3 < 2', 0],
      ['2 < 2', 0],
      ['2 <= 2', 1],
      ['3 <= 2', 0],
      ['3 > 2', 1],
      ['2 > 3', 0],
      ['2 >= 2', 1],
      ['1 >= 2', 0],
      ['2 == 2', 1],
      ['2 == 3', 0],
      ['2 != 3', 1],
      ['2 != 2', 0],
    ];
    for (const [e, want] of cases) expect(value(e), e).toBe(want);
  });

  it('and, or, not, xor give 1 or 0; any non-zero value is true', () => {
    const cases: [string, number][] = [
      ['1 and 1', 1],
      ['1 and 0', 0],
      ['0 and 0', 0],
      ['2 and -3', 1],
      ['1 or 0', 1],
      ['0 or 0', 0],
      ['0 or 5', 1],
      ['not 0', 1],
      ['not 1', 0],
      ['not 3', 0],
      ['1 xor 0', 1],
      ['2 xor 5', 0],
      ['0 xor 0', 0],
      ['true and not false', 1],
    ];
    for (const [e, want] of cases) expect(value(e), e).toBe(want);
  });

  it('a chained comparison 0 < x < 2 means 0 < x and x < 2', () => {
    expect(value('0 < x < 2', { consts: { x: 1 } })).toBe(1);
    expect(value('0 < x < 2', { consts: { x: 3 } })).toBe(0);
    expect(value('0 < x < 2', { consts: { x: -1 } })).toBe(0);
    expect(value('0 < x < 2', { consts: { x: 0 } })).toBe(0);
    expect(value('0 <= x <= 2', { consts: { x: 2 } })).toBe(1);
    expect(value('1 < x < 5 < 9', { consts: { x: 4 } })).toBe(1);
  });

  it('xidz(a, b, x) is a/b, or x when b is 0', () => {
    expect(value('xidz(a, b, 7)', { consts: { a: 1, b: 0 } })).toBe(7);
    expect(value('xidz(a, b, 7)', { consts: { a: 2, b: 4 } })).toBe(0.5);
    expect(value('xidz(0, 0, -1)')).toBe(-1);
  });

  it('zidz(a, b) is a/b, or 0 when b is 0', () => {
    expect(value('zidz(a, b)', { consts: { a: 1, b: 0 } })).toBe(0);
    expect(value('zidz(a, b)', { consts: { a: 6, b: 3 } })).toBe(2);
    expect(value('zidz(0, 0)')).toBe(0);
  });
});

describe('time', () => {
  it('time is the current time, dt the time step', () => {
    const m = { time: { start: 2, stop: 3, dt: 0.25 }, auxiliaries: { now: { equation: 'time' }, step_size: { equation: 'dt' } } };
    const r = run(m);
    expect(Array.from(r.series['now']!)).toEqual([2, 2.25, 2.5, 2.75, 3]);
    expect(Array.from(r.series['step_size']!)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(r.times)).toEqual([2, 2.25, 2.5, 2.75, 3]);
  });

  it('time under RK4 is the sub-step time (a stock integrating time is exact)', () => {
    const m = { time: { start: 0, stop: 3, dt: 1 }, stocks: { s: { initial: 0, inflows: ['f'] } }, flows: { f: { equation: 'time' } } };
    expect(series({ ...m, time: { ...m.time, method: 'rk4' } }, 's')).toEqual([0, 0.5, 2, 4.5]);
    expect(series(m, 's')).toEqual([0, 0, 1, 3]);
  });
});

describe('lookup tables', () => {
  const lookups: Record<string, [number, number][]> = {
    tbl: [
      [0, 0],
      [1, 10],
      [3, 30],
      [4, 0],
    ],
  };

  it('table(x) interpolates between points and clamps at both ends', () => {
    const at = (x: number): number => value('tbl(x)', { consts: { x }, lookups });
    expect(at(0)).toBe(0);
    expect(at(0.5)).toBe(5);
    expect(at(1)).toBe(10);
    expect(at(2)).toBe(20);
    expect(at(2.5)).toBe(25);
    expect(at(3.5)).toBe(15);
    expect(at(4)).toBe(0);
    expect(at(-5)).toBe(0);
    expect(at(100)).toBe(0);
    // A single point is a constant.
    expect(value('one(x)', { consts: { x: 9 }, lookups: { one: [[1, 7]] } })).toBe(7);
    // Over time.
    expect(series({ time: { start: 0, stop: 5, dt: 0.5 }, lookups: { tbl: { points: lookups['tbl']! } }, auxiliaries: { y: { equation: 'tbl(time)' } } }, 'y')).toEqual([
      0, 5, 10, 15, 20, 25, 30, 15, 0, 0, 0,
    ]);
  });

  it('lookup(table, x) is the same as table(x)', () => {
    const at = (x: number): number => value('lookup(tbl, x)', { consts: { x }, lookups });
    expect(at(0.5)).toBe(5);
    expect(at(2)).toBe(20);
    expect(at(-5)).toBe(0);
    expect(at(100)).toBe(0);
  });
});

describe('step', () => {
  const stepModel = (eq: string, time: { start: number; stop: number; dt: number }) => ({ time, auxiliaries: { y: { equation: eq } } });

  it('step(height, start) is 0 before start and height from start on', () => {
    expect(series(stepModel('step(5, 3)', { start: 0, stop: 6, dt: 1 }), 'y')).toEqual([0, 0, 0, 5, 5, 5, 5]);
    expect(series(stepModel('step(-2, 0)', { start: 0, stop: 2, dt: 1 }), 'y')).toEqual([-2, -2, -2]);
  });

  it('with dt = 0.25 and a start between grid points, it switches at the first time after start', () => {
    expect(series(stepModel('step(1, 0.6)', { start: 0, stop: 1.25, dt: 0.25 }), 'y')).toEqual([0, 0, 0, 1, 1, 1]);
    expect(series(stepModel('step(1, 0.75)', { start: 0, stop: 1.25, dt: 0.25 }), 'y')).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('switches on time, even when start + i·dt falls a hair short of the start', () => {
    // 0.1 + 43 × 0.1 = 4.3999999999999995 < 4.4
    expect(0.1 + 43 * 0.1).toBeLessThan(4.4);
    const a = series(stepModel('step(1, 4.4)', { start: 0.1, stop: 5.1, dt: 0.1 }), 'y');
    expect(a.indexOf(1)).toBe(43);
    expect(a.slice(43).every((x) => x === 1)).toBe(true);
    // 3 × 0.3 = 0.8999999999999999 < 0.9
    expect(3 * 0.3).toBeLessThan(0.9);
    expect(series(stepModel('step(1, 0.9)', { start: 0, stop: 1.5, dt: 0.3 }), 'y')).toEqual([0, 0, 0, 1, 1, 1]);
    // And with dt = 0.1 from 0, where i·dt lands a hair above.
    const b = series(stepModel('step(1, 0.7)', { start: 0, stop: 1, dt: 0.1 }), 'y');
    expect(b).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('holds its value from the start of the step under RK4 (and Euler agrees)', () => {
    const m = { time: { start: 0, stop: 3, dt: 1 }, stocks: { s: { initial: 0, inflows: ['f'] } }, flows: { f: { equation: 'step(1, 0.5)' } } };
    const rk4 = series({ ...m, time: { ...m.time, method: 'rk4' } }, 's');
    expect(diffs(rk4)).toEqual([0, 1, 1]);
    expect(series(m, 's')).toEqual(rk4);
  });
});

describe('pulse', () => {
  const pulseSeries = (eq: string, time: { start: number; stop: number; dt: number; method?: 'euler' | 'rk4' }): number[] => series({ time, auxiliaries: { y: { equation: eq } } }, 'y');

  it('pulse(start, width) is 1 from start for width', () => {
    expect(pulseSeries('pulse(2, 3)', { start: 0, stop: 7, dt: 1 })).toEqual([0, 0, 1, 1, 1, 0, 0, 0]);
    expect(pulseSeries('pulse(1, 0.5)', { start: 0, stop: 2, dt: 0.25 })).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('pulse(start, width, interval) repeats every interval', () => {
    const y = pulseSeries('pulse(2, 1, 5)', { start: 0, stop: 13, dt: 1 });
    expect(y).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    expect(y[2]).toBe(1);
    expect(y[7]).toBe(1);
    expect(y[12]).toBe(1);
    expect(y[3]).toBe(0);
    expect(y[6]).toBe(0);
  });

  it('a repeating pulse on a dt = 0.1 grid comes exactly once per interval', () => {
    const y = pulseSeries('pulse(0.3, 0.1, 0.7)', { start: 0, stop: 5, dt: 0.1 });
    const on = y.flatMap((x, i) => (x === 1 ? [i] : []));
    expect(on).toEqual([3, 10, 17, 24, 31, 38, 45]);
    expect(y.every((x) => x === 0 || x === 1)).toBe(true);
  });

  it('pulse with width 0 lasts one dt', () => {
    expect(pulseSeries('pulse(3, 0)', { start: 0, stop: 6, dt: 1 })).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(pulseSeries('pulse(1, 0)', { start: 0, stop: 2, dt: 0.25 })).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    // With an interval: one dt every interval.
    expect(pulseSeries('pulse(1, 0, 2)', { start: 0, stop: 6, dt: 0.5 })).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
  });

  it('holds its value from the start of the step under RK4', () => {
    const m = { time: { start: 0, stop: 3, dt: 1, method: 'rk4' as const }, stocks: { s: { initial: 0, inflows: ['f'] } }, flows: { f: { equation: 'pulse(1, 1)' } } };
    expect(series(m, 's')).toEqual([0, 0, 1, 1]);
  });
});

describe('ramp', () => {
  it('ramp(slope, start[, end]) rises from start, and stays level after end', () => {
    const ramp = (eq: string): number[] => series({ time: { start: 0, stop: 5, dt: 1 }, auxiliaries: { y: { equation: eq } } }, 'y');
    expect(ramp('ramp(2, 1, 3)')).toEqual([0, 0, 2, 4, 4, 4]);
    expect(ramp('ramp(2, 1)')).toEqual([0, 0, 2, 4, 6, 8]);
    expect(ramp('ramp(-0.5, 2)')).toEqual([0, 0, 0, -0.5, -1, -1.5]);
    expect(value('ramp(1, 0.5)', { t: 1.75, dt: 0.25 })).toBe(1.25);
  });

  it('sees the sub-step times under RK4, unlike step()', () => {
    const m = { time: { start: 0, stop: 3, dt: 1 }, stocks: { s: { initial: 0, inflows: ['f'] } }, flows: { f: { equation: 'ramp(1, 0)' } } };
    // ∫ t dt = t²/2, which RK4 integrates exactly.
    expect(series({ ...m, time: { ...m.time, method: 'rk4' } }, 's')).toEqual([0, 0.5, 2, 4.5]);
    expect(series(m, 's')).toEqual([0, 0, 1, 3]);
  });
});

describe('smooth', () => {
  it('smooth is a first-order exponential approach to its input', () => {
    const tau = 5;
    const dt = 0.01;
    const y = series({ time: { start: 0, stop: tau, dt }, auxiliaries: { y: { equation: `smooth(1, ${tau}, 0)` } } }, 'y');
    expect(y[0]).toBe(0);
    const n = Math.round(tau / dt);
    // Euler: y_n = 1 − (1 − dt/τ)^n exactly, and close to 1 − e^-1 at t = τ.
    expect(y[n]).toBeCloseTo(1 - Math.pow(1 - dt / tau, n), 12);
    expect(Math.abs(y[n]! - (1 - Math.exp(-1)))).toBeLessThan(1e-3);
    expect(diffs(y).every((d) => d > 0)).toBe(true);
  });

  it('smooth under RK4 follows 1 − e^(−t/τ) closely', () => {
    const y = series({ time: { start: 0, stop: 10, dt: 0.1, method: 'rk4' }, auxiliaries: { y: { equation: 'smooth(target, 4, 0)' } }, constants: { target: { value: 2 } } }, 'y');
    for (const i of [10, 40, 100]) expect(y[i]).toBeCloseTo(2 * (1 - Math.exp(-(i * 0.1) / 4)), 8);
  });

  it('smooth starts at its input when no initial value is given, and follows a step', () => {
    const y = series({ time: { start: 0, stop: 6, dt: 1 }, auxiliaries: { input: { equation: '3 + step(1, 2)' }, y: { equation: 'smooth(input, 2)' } } }, 'y');
    // Holds 3 until the input steps up at t = 2, then closes half the gap a step (dt/τ = 1/2).
    expect(y).toEqual([3, 3, 3, 3.5, 3.75, 3.875, 3.9375]);
  });
});

describe('smooth3', () => {
  it('smooth3 is three first-order stages of τ/3', () => {
    const tau = 6;
    const y = series({ time: { start: 0, stop: 12, dt: 0.05, method: 'rk4' }, auxiliaries: { y: { equation: `smooth3(1, ${tau}, 0)` } } }, 'y');
    const exact = (t: number): number => {
      const k = (3 * t) / tau;
      return 1 - Math.exp(-k) * (1 + k + (k * k) / 2);
    };
    for (const t of [1, 3, 6, 12]) expect(y[Math.round(t / 0.05)]).toBeCloseTo(exact(t), 7);
    // At t = τ: 1 − 8.5·e^-3 ≈ 0.577, well below a first-order smooth's 0.632.
    expect(y[120]).toBeCloseTo(0.5768099, 6);
  });

  it('smooth3 of a constant with no initial value stays at the constant', () => {
    expect(series({ auxiliaries: { y: { equation: 'smooth3(c, 3)' } }, constants: { c: { value: 7 } } }, 'y').every((x) => x === 7)).toBe(true);
  });
});

/** A pulse of 10 units of material (rate 10 for one time unit, from t = 1) through a delay. */
const delayModel = (fn: 'delay1' | 'delay3', stop = 100, dt = 0.25) => ({
  time: { start: 0, stop, dt },
  stocks: {
    sent: { initial: 0, inflows: ['inflow'] },
    received: { initial: 0, inflows: ['outflow'] },
  },
  flows: {
    inflow: { equation: '10 * pulse(1, 1)' },
    outflow: { equation: `${fn}(inflow, 3)` },
  },
});

describe('delay1', () => {
  it('a pulse of material comes out spread, and all of it comes out', () => {
    const r = run(delayModel('delay1'), { record: ['sent', 'received', 'outflow', 'inflow'] });
    const out = Array.from(r.series['outflow']!);
    const sent = r.series['sent']!;
    const received = r.series['received']!;
    expect(sent[sent.length - 1]).toBeCloseTo(10, 12);
    // Total out = total in over a long run (e^(-99/3) of it is still in transit).
    expect(received[received.length - 1]).toBeCloseTo(10, 9);
    // Nothing comes out before the pulse enters.
    expect(out.slice(0, 5).every((x) => x === 0)).toBe(true);
    // Spread: never more than a third of the stock in transit (at most 10) a day, and still flowing long after.
    expect(Math.max(...out)).toBeLessThanOrEqual(10 / 3 + 1e-12);
    expect(out[4 * 10]).toBeGreaterThan(0.1);
    // Mean transit time ≈ τ (entry centred at 1.5, exit ≈ 1.5 + 3).
    const mean = sum(out.map((x, i) => x * i * 0.25)) / sum(out);
    expect(mean).toBeGreaterThan(4.3);
    expect(mean).toBeLessThan(4.8);
  });

  it('delay1 with an initial outflow starts with that outflow, from material already in transit', () => {
    const r = run({ time: { start: 0, stop: 150, dt: 0.25 }, stocks: { received: { initial: 0, inflows: ['outflow'] } }, flows: { outflow: { equation: 'delay1(0, 3, 2)' } } }, { record: ['outflow', 'received'] });
    expect(r.series['outflow']![1]).toBeLessThan(2);
    expect(r.series['outflow']![0]).toBe(2);
    // 2 a day for 3 days' worth: 6 units were in transit.
    expect(r.series['received']![r.series['received']!.length - 1]).toBeCloseTo(6, 9);
  });
});

describe('delay3', () => {
  it('a pulse of material comes out later and more bunched than with delay1, and all of it comes out', () => {
    const r3 = run(delayModel('delay3'), { record: ['received', 'outflow'] });
    const r1 = run(delayModel('delay1'), { record: ['outflow'] });
    const out3 = Array.from(r3.series['outflow']!);
    const out1 = Array.from(r1.series['outflow']!);
    const received = r3.series['received']!;
    expect(received[received.length - 1]).toBeCloseTo(10, 9);
    // Just after the pulse starts, delay3 lets out far less than delay1.
    expect(out3[6]!).toBeLessThan(out1[6]! / 4);
    // Its peak comes later: delay1's is right at the end of the inflow pulse (t = 2), delay3's near t = 1 + 2τ/3.
    const peak = (xs: number[]): number => xs.indexOf(Math.max(...xs)) * 0.25;
    expect(peak(out1)).toBe(2);
    expect(peak(out3)).toBeGreaterThan(2.5);
    // And it ends sooner: by t = 20 delay1 still lets out far more than delay3.
    expect(out3[80]!).toBeLessThan(out1[80]! / 10);
    const mean = sum(out3.map((x, i) => x * i * 0.25)) / sum(out3);
    expect(mean).toBeGreaterThan(4.3);
    expect(mean).toBeLessThan(4.8);
  });

  it('delay3 of a constant starts in steady state and stays exactly there', () => {
    expect(series({ auxiliaries: { y: { equation: 'delay3(5, 3)' } } }, 'y').every((x) => x === 5)).toBe(true);
    expect(series({ constants: { c: { value: 5 } }, auxiliaries: { y: { equation: 'delay3(c, 3)' } } }, 'y').every((x) => x === 5)).toBe(true);
    // The initial-outflow argument sets the steady state explicitly.
    expect(series({ auxiliaries: { input: { equation: 5 }, y: { equation: 'delay3(input, 3, 5)' } } }, 'y').every((x) => x === 5)).toBe(true);
  });

  it('delay3 with an initial outflow and no inflow drains what was in transit', () => {
    const r = run({ time: { start: 0, stop: 80, dt: 0.25 }, stocks: { received: { initial: 0, inflows: ['outflow'] } }, flows: { outflow: { equation: 'delay3(0, 3, 5)' } } }, { record: ['outflow', 'received'] });
    expect(r.series['outflow']![0]).toBe(5);
    // 5 a day × 3 days = 15 units in transit, all delivered.
    expect(r.series['received']![r.series['received']!.length - 1]).toBeCloseTo(15, 9);
  });
});

describe('random draws', () => {
  const randomModel = (eq: string, stop = 200) => ({ time: { start: 0, stop, dt: 1 }, auxiliaries: { r: { equation: eq } } });

  it('uniform(min, max) stays within its bounds and varies', () => {
    const r = series(randomModel('uniform(2, 5)'), 'r', { seed: 1 });
    expect(r.every((x) => x >= 2 && x < 5)).toBe(true);
    expect(new Set(r).size).toBeGreaterThan(190);
    expect(sum(r) / r.length).toBeGreaterThan(3.2);
    expect(sum(r) / r.length).toBeLessThan(3.8);
  });

  it('the same seed gives the same series; another seed or run index another one', () => {
    const m = randomModel('uniform(0, 1)');
    const a = series(m, 'r', { seed: 42 });
    expect(series(m, 'r', { seed: 42 })).toEqual(a);
    expect(series(m, 'r', { seed: 43 })).not.toEqual(a);
    expect(series(m, 'r', { seed: 42, runIndex: 1 })).not.toEqual(a);
    expect(series(m, 'r', { seed: 42, runIndex: 1 })).toEqual(series(m, 'r', { seed: 42, runIndex: 1 }));
  });

  it('normal(mean, sd[, min, max]) is centred, and truncated when bounds are given', () => {
    const r = series(randomModel('normal(10, 2)', 2000), 'r', { seed: 3 });
    const mean = sum(r) / r.length;
    const sd = Math.sqrt(sum(r.map((x) => (x - mean) ** 2)) / (r.length - 1));
    expect(mean).toBeGreaterThan(9.8);
    expect(mean).toBeLessThan(10.2);
    expect(sd).toBeGreaterThan(1.8);
    expect(sd).toBeLessThan(2.2);
    const t = series(randomModel('normal(0, 1, -0.5, 1)', 500), 'r', { seed: 3 });
    expect(t.every((x) => x >= -0.5 && x <= 1)).toBe(true);
  });

  it('lognormal, triangular, poisson, bernoulli, binomial stay in their ranges', () => {
    const draw = (eq: string): number[] => series(randomModel(eq, 500), 'r', { seed: 9 });
    expect(draw('lognormal(0, 1)').every((x) => x > 0)).toBe(true);
    const tri = draw('triangular(1, 2, 4)');
    expect(tri.every((x) => x >= 1 && x <= 4)).toBe(true);
    expect(sum(tri) / tri.length).toBeCloseTo(7 / 3, 0);
    const p = draw('poisson(3)');
    expect(p.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(sum(p) / p.length).toBeCloseTo(3, 0);
    const b = draw('bernoulli(0.3)');
    expect(b.every((x) => x === 0 || x === 1)).toBe(true);
    expect(new Set(b).size).toBe(2);
    const n = draw('binomial(10, 0.5)');
    expect(n.every((x) => Number.isInteger(x) && x >= 0 && x <= 10)).toBe(true);
  });

  it('a draw holds across the RK4 sub-steps: a stock integrating it moves by exactly the recorded draw', () => {
    const m = { time: { start: 0, stop: 20, dt: 1, method: 'rk4' as const }, auxiliaries: { r: { equation: 'uniform(0, 1)' } }, stocks: { s: { initial: 0, inflows: ['f'] } }, flows: { f: { equation: 'r' } } };
    const res = run(m, { seed: 7, record: ['r', 's', 'f'] });
    const r = Array.from(res.series['r']!);
    const s = Array.from(res.series['s']!);
    expect(Array.from(res.series['f']!)).toEqual(r);
    diffs(s).forEach((d, i) => expect(d, `step ${i}`).toBeCloseTo(r[i]!, 14));
    expect(s[s.length - 1]).toBeCloseTo(sum(r.slice(0, -1)), 12);
    // The same under Euler.
    const e = run({ ...m, time: { ...m.time, method: 'euler' } }, { seed: 7, record: ['r', 's'] });
    expect(Array.from(e.series['r']!)).toEqual(r);
    diffs(Array.from(e.series['s']!)).forEach((d, i) => expect(d).toBeCloseTo(r[i]!, 14));
  });

  it('a draw in an initial value is the one recorded at the start time', () => {
    const m = { auxiliaries: { r: { equation: 'uniform(0, 100)' } }, stocks: { s: { initial: 'r', inflows: [] } } };
    const res = run(m, { seed: 11, record: ['r', 's'] });
    expect(res.series['s']![0]).toBe(res.series['r']![0]);
    expect(res.series['s']![5]).toBe(res.series['r']![0]);
  });

  it('every random built-in is tested here', () => {
    const random = Object.entries(BUILTINS)
      .filter(([, b]) => b.kind === 'random')
      .map(([n]) => n)
      .sort();
    expect(random).toEqual(['bernoulli', 'binomial', 'lognormal', 'normal', 'poisson', 'triangular', 'uniform']);
  });
});
