import { describe, expect, it } from 'vitest';
import { compileModel, simulate, SimulationError } from '../src/index.js';

// A fuel depot fed by imports, drained by consumption rationed by days of cover.
const depotModel = () =>
  compileModel({
    time: { start: 0, stop: 20, dt: 1 },
    constants: {
      imports: { value: 4000, unit: 'm^3/day', assumption: 'test figure' },
      demand: { value: 5000, unit: 'm^3/day', assumption: 'test figure' },
    },
    stocks: { depot: { initial: 15000, unit: 'm^3', inflows: ['arrivals'], outflows: ['consumption'], nonNegative: true } },
    flows: {
      arrivals: { equation: 'imports', unit: 'm^3/day' },
      consumption: { equation: 'demand * rationing(cover)', unit: 'm^3/day' },
    },
    auxiliaries: { cover: { equation: 'depot / demand', unit: 'day' } },
    lookups: { rationing: { points: [[0, 0.2], [3, 1]], xUnit: 'day' } },
  });

describe('overrides apply to one run and leak into no other', () => {
  it('a constant override changes that run only', () => {
    const m = depotModel();
    const base = simulate(m, { record: ['depot'] });
    const high = simulate(m, { overrides: { constants: { imports: 6000 } }, record: ['depot'] });
    const again = simulate(m, { record: ['depot'] });
    expect(high.series.depot![20]).toBeGreaterThan(base.series.depot![20]!);
    expect(Array.from(again.series.depot!)).toEqual(Array.from(base.series.depot!));
    expect(base.series.depot![1]).toBe(15000 + 4000 - 5000);
  });

  it('an initial value override sets the stock at the start', () => {
    const m = depotModel();
    const r = simulate(m, { overrides: { initial: { depot: 100 } }, record: ['depot', 'cover'] });
    expect(r.series.depot![0]).toBe(100);
    expect(r.series.cover![0]).toBe(100 / 5000);
    expect(simulate(m, { record: ['depot'] }).series.depot![0]).toBe(15000);
  });

  it('a lookup override replaces the table for that run', () => {
    const m = depotModel();
    const r = simulate(m, { overrides: { lookups: { rationing: [[0, 1], [3, 1]] } }, record: ['consumption'] });
    expect(r.series.consumption![0]).toBe(5000);
    // An empty depot can still pass on what arrives during the step: 4,000 in, 1,000 asked for.
    const d = simulate(m, { overrides: { initial: { depot: 0 } }, record: ['consumption'] });
    expect(d.series.consumption![0]).toBe(1000);
    const dry = simulate(m, { overrides: { initial: { depot: 0 }, constants: { imports: 300 } }, record: ['consumption'] });
    expect(dry.series.consumption![0]).toBe(300);
  });

  it('a time series replaces a constant, held from the start of each step', () => {
    const m = depotModel();
    const r = simulate(m, { overrides: { series: { imports: { times: [0, 10], values: [0, 1000] } } }, record: ['arrivals'] });
    expect(r.series.arrivals![0]).toBe(0);
    expect(r.series.arrivals![5]).toBe(500);
    expect(r.series.arrivals![15]).toBe(1000);
    const s = simulate(m, { overrides: { series: { imports: { times: [0, 10], values: [0, 1000], interpolation: 'step' } } }, record: ['arrivals'] });
    expect(s.series.arrivals![9]).toBe(0);
    expect(s.series.arrivals![10]).toBe(1000);
    expect(simulate(m, { record: ['arrivals'] }).series.arrivals![5]).toBe(4000);
  });

  it('a list of series to record, changed in place between runs, records what it now names', () => {
    const m = depotModel();
    const record = ['depot'];
    expect(Object.keys(simulate(m, { record }).series)).toEqual(['depot']);
    record[0] = 'cover';
    const r = simulate(m, { record });
    expect(Object.keys(r.series)).toEqual(['cover']);
    expect(r.series.cover![0]).toBe(15000 / 5000);
  });

  it('a time series given again, changed in place, is read again', () => {
    const m = depotModel();
    const imports = { times: [0, 10], values: [0, 1000] };
    expect(simulate(m, { overrides: { series: { imports } }, record: ['arrivals'] }).series.arrivals![5]).toBe(500);
    imports.values[1] = 2000;
    expect(simulate(m, { overrides: { series: { imports } }, record: ['arrivals'] }).series.arrivals![5]).toBe(1000);
  });

  it('an override of an unknown name is refused with a suggestion', () => {
    const m = depotModel();
    expect(() => simulate(m, { overrides: { constants: { demnd: 1 } } })).toThrowError('cannot override "demnd": it is not a constant of the model (did you mean "demand"?)');
    expect(() => simulate(m, { overrides: { constants: { depot: 1 } } })).toThrowError(SimulationError);
    expect(() => simulate(m, { overrides: { constants: { demand: NaN } } })).toThrowError(/not a finite number/);
  });

  it('the non-negative depot empties to exactly zero and consumption is cut to what it held', () => {
    const m = depotModel();
    const r = simulate(m, { overrides: { constants: { imports: 0 } }, record: ['depot', 'consumption'] });
    const d = Array.from(r.series.depot!);
    expect(Math.min(...d)).toBe(0);
    const firstZero = d.indexOf(0);
    // The step that empties it consumed exactly what was left.
    expect(r.series.consumption![firstZero - 1]).toBeCloseTo(d[firstZero - 1]!, 9);
  });

  it('records the run metadata', () => {
    const r = simulate(depotModel(), { seed: 42, runIndex: 7, time: { method: 'rk4', dt: 0.5, savePeriod: 2 } });
    expect(r.meta).toMatchObject({ method: 'rk4', dt: 0.5, savePeriod: 2, seed: 42, runIndex: 7, start: 0, stop: 20 });
    expect(Array.from(r.times)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  });

  it('refuses a save period that is not a multiple of dt', () => {
    expect(() => simulate(depotModel(), { time: { dt: 0.5, savePeriod: 0.75 } })).toThrowError('time: savePeriod (0.75) must be a whole multiple of dt (0.5)');
  });
});
