import { describe, expect, it } from 'vitest';
import { compileModel, simulate, type IntegrationMethod } from '../src/index.js';

// Newton's cooling: T' = (20 − T)/10, T(0) = 180, so T(t) = 20 + 160·e^(−t/10).
const exact = (t: number): number => 20 + 160 * Math.exp(-t / 10);

function teacup(method: IntegrationMethod, dt: number) {
  const model = compileModel({
    time: { start: 0, stop: 30, dt, method },
    constants: { room: { value: 20, unit: 'K', source: 'textbook' }, tau: { value: 10, unit: 'minute', source: 'textbook' } },
    timeUnit: 'minute',
    stocks: { T: { initial: 180, unit: 'K', outflows: ['cooling'] } },
    flows: { cooling: { equation: '(T - room) / tau', unit: 'K/minute' } },
  });
  return simulate(model, { record: ['T'] });
}

const maxError = (method: IntegrationMethod, dt: number): number => {
  const r = teacup(method, dt);
  let worst = 0;
  r.times.forEach((t, i) => (worst = Math.max(worst, Math.abs(r.series.T![i]! - exact(t)))));
  return worst;
};

describe('the teacup', () => {
  it('RK4 with dt = 0.125 matches the exact solution to 1e-8 relative over t = 0..30', () => {
    const r = teacup('rk4', 0.125);
    expect(r.times.length).toBe(241);
    expect(r.times[240]).toBe(30);
    r.times.forEach((t, i) => {
      expect(Math.abs(r.series.T![i]! - exact(t)) / exact(t)).toBeLessThan(1e-8);
    });
  });

  it("halving dt halves Euler's error", () => {
    const ratio = maxError('euler', 0.5) / maxError('euler', 0.25);
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);
  });

  it("halving dt cuts RK4's error about 16 times", () => {
    const ratio = maxError('rk4', 1) / maxError('rk4', 0.5);
    expect(ratio).toBeGreaterThan(14);
    expect(ratio).toBeLessThan(18);
  });

  it('computes time as start + i·dt, so the last point is exactly the stop time even for dt = 0.1', () => {
    const model = compileModel({
      time: { start: 0, stop: 100, dt: 0.1, method: 'euler' },
      stocks: { s: { initial: 0, inflows: ['f'] } },
      flows: { f: { equation: '1' } },
    });
    const r = simulate(model, { record: ['s'] });
    expect(r.times.length).toBe(1001);
    expect(r.times[1000]).toBe(100);
    expect(r.times[3]).toBe(3 * 0.1);
  });
});
