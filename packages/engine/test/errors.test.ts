import { describe, expect, it } from 'vitest';
import { compileModel, ModelError, simulate, SimulationError, type EngineIssue, type ModelInput } from '../src/index.js';

const time = { start: 0, stop: 10, dt: 1 };

function issuesOf(model: ModelInput): EngineIssue[] {
  try {
    compileModel(model);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return (e as ModelError).issues;
  }
  throw new Error('expected the model to be rejected');
}

describe('model errors say what is wrong and where', () => {
  it('an unknown name names the equation, points at the name and suggests the nearest one', () => {
    const issues = issuesOf({
      time,
      constants: { fuel_demand: { value: 5000, unit: 'm^3/day' } },
      stocks: { depot: { initial: 1000, outflows: ['consumption'] } },
      flows: { consumption: { equation: 'min(fuel_demnd, depot)' } },
    });
    expect(issues).toHaveLength(1);
    const i = issues[0]!;
    expect(i.code).toBe('unknown_name');
    expect(i.variable).toBe('consumption');
    expect(i.path).toEqual(['flows', 'consumption', 'equation']);
    expect(i.suggestion).toBe('fuel_demand');
    expect(i.position).toBe(4);
    expect(i.message).toBe('consumption: unknown name "fuel_demnd" (did you mean "fuel_demand"?)');
  });

  it('reports every unknown name, not just the first', () => {
    const issues = issuesOf({ time, auxiliaries: { a: { equation: 'b + c' }, d: { equation: 'e' } } });
    expect(issues.map((i) => `${i.variable}:${i.code}`)).toEqual(['a:unknown_name', 'a:unknown_name', 'd:unknown_name']);
  });

  it('an unknown function suggests the built-in meant', () => {
    const [i] = issuesOf({ time, auxiliaries: { a: { equation: 'smoth(1, 2)' } } });
    expect(i!.code).toBe('unknown_function');
    expect(i!.suggestion).toBe('smooth');
  });

  it('a loop of auxiliaries with no stock in it lists the loop', () => {
    const issues = issuesOf({
      time,
      stocks: { depot: { initial: 10 } },
      auxiliaries: {
        cover: { equation: 'depot / usage' },
        usage: { equation: 'rationed * 2' },
        rationed: { equation: 'cover + 1' },
        unrelated: { equation: 'depot' },
      },
    });
    expect(issues).toHaveLength(1);
    const i = issues[0]!;
    expect(i.code).toBe('cycle');
    expect(i.cycle).toEqual(['cover', 'rationed', 'usage', 'cover']);
    expect(i.message).toContain('cover → rationed → usage → cover');
  });

  it('a unit mismatch names the variable and both units', () => {
    const [i] = issuesOf({
      time,
      constants: { demand: { value: 5000, unit: 'm^3/day' } },
      stocks: { depot: { initial: 30000, unit: 'm^3' } },
      auxiliaries: { cover: { equation: 'depot / demand', unit: 'm^3' } },
    });
    expect(i!.code).toBe('unit_mismatch');
    expect(i!.variable).toBe('cover');
    expect(i!.expected).toBe('m^3');
    expect(i!.found).toBe('day');
    expect(i!.message).toBe('cover: the equation gives day, but the declared unit is m^3');
  });

  it('adding quantities of different units is a mismatch, with both units named', () => {
    const [i] = issuesOf({
      time,
      constants: { a: { value: 1, unit: 'm^3' }, b: { value: 1, unit: 't' } },
      auxiliaries: { c: { equation: 'a + b' } },
    });
    expect(i!.message).toBe('c: cannot add m^3 and t');
  });

  it('units of the same dimension but another scale are a mismatch that says by how much', () => {
    const [i] = issuesOf({
      time,
      constants: { a: { value: 1, unit: 'm^3' }, b: { value: 1, unit: 'L' } },
      auxiliaries: { c: { equation: 'a + b' } },
    });
    expect(i!.message).toContain('a factor 1000 apart');
  });

  it('a flow must be in the unit of its stock per unit of time', () => {
    const [i] = issuesOf({
      time,
      stocks: { depot: { initial: 1, unit: 'm^3', inflows: ['arrivals'] } },
      flows: { arrivals: { equation: '1', unit: 'm^3' } },
    });
    expect(i!.message).toBe('stock depot: its inflows arrivals is in m^3, but a flow of depot must be in m^3/day');
    expect(i!.path).toEqual(['stocks', 'depot', 'inflows', 0]);
  });

  it('converts a value given in another compatible unit', () => {
    const model = compileModel({
      time,
      constants: { load: { value: '46000 L', unit: 'm^3' }, demand: { value: '1.3e6 m^3/year', unit: 'm^3/day' } },
      auxiliaries: { a: { equation: 'load' }, b: { equation: 'demand' } },
    });
    const r = simulate(model, { record: ['a', 'b'] });
    expect(r.series.a![0]).toBeCloseTo(46, 12);
    expect(r.series.b![0]).toBeCloseTo(1.3e6 / 365.25, 9);
  });

  it('a value in an incompatible unit is refused', () => {
    const [i] = issuesOf({ time, constants: { load: { value: '46000 kg', unit: 'm^3' } } });
    expect(i!.code).toBe('unit_mismatch');
    expect(i!.message).toContain('cannot be converted to the declared unit m^3');
  });

  it('an unknown unit suggests a known one', () => {
    const [i] = issuesOf({ time, constants: { a: { value: 1, unit: 'tonnne' } } });
    expect(i!.code).toBe('unknown_unit');
    expect(i!.path).toEqual(['constants', 'a', 'unit']);
    expect(i!.suggestion).toBe('tonne');
  });
});

describe('run-time errors', () => {
  it('a NaN stops the run and names the variable, the time and the equation', () => {
    const model = compileModel({
      time: { start: 0, stop: 10, dt: 0.5 },
      constants: { demand: { value: 2 } },
      stocks: { depot: { initial: 3, outflows: ['use'] } },
      flows: { use: { equation: 'demand' } },
      auxiliaries: { cover: { equation: 'sqrt(depot) / demand' } },
    });
    let err: unknown;
    try {
      simulate(model);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimulationError);
    const i = (err as SimulationError).issue;
    expect(i.code).toBe('not_finite');
    expect(i.variable).toBe('cover');
    // depot = 3 − 2t is first negative at t = 2: sqrt of a negative number.
    expect(i.time).toBe(2);
    expect(i.expression).toBe('sqrt(depot) / demand');
    expect(i.message).toBe('cover became NaN at time 2 (step); its equation: sqrt(depot) / demand');
  });

  it('a division by zero names the variable that became infinite', () => {
    const model = compileModel({
      time: { start: 0, stop: 5, dt: 1 },
      stocks: { s: { initial: 2, outflows: ['f'] } },
      flows: { f: { equation: '1' } },
      auxiliaries: { ratio: { equation: '1 / s' } },
    });
    expect(() => simulate(model)).toThrowError('ratio became Infinity at time 2 (step); its equation: 1 / s');
  });

  it('a negative initial value of a non-negative stock is refused', () => {
    const model = compileModel({ time, stocks: { s: { initial: -1, nonNegative: true } } });
    expect(() => simulate(model)).toThrowError(/s: the initial value -1 is below zero/);
  });
});
