import { describe, it, expect } from 'vitest';
import {
  DIMENSIONLESS,
  UnitError,
  UnitSystem,
  conversionFactor,
  convert,
  div,
  isDimensionless,
  mul,
  pow,
  sameDimension,
  sameUnit,
} from '../src/units/index.js';
import { editDistance, nearest } from '../src/text/suggest.js';

const { system: units } = UnitSystem.create({});

function factor(from: string, to: string, system = units): number | null {
  return conversionFactor(system.parse(from), system.parse(to));
}

function thrown(fn: () => unknown): UnitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UnitError);
    return e as UnitError;
  }
  throw new Error('expected a UnitError');
}

describe('conversions between mathjs units', () => {
  it('converts a yearly volume to a daily one (Julian year)', () => {
    expect(1.3e6 * factor('m^3/year', 'm^3/day')!).toBeCloseTo(3559.2060232717, 9);
  });

  it('reads a tanker load of litres in cubic metres', () => {
    const q = units.parseQuantity('46000 L');
    expect(q.value).toBe(46000);
    expect(convert(q.value, q.dim, units.parse('m^3'))).toBeCloseTo(46, 12);
  });

  it('relates energy prefixes', () => {
    expect(factor('GWh', 'kWh')).toBeCloseTo(1e6, 6);
    expect(factor('kWh', 'GWh')).toBeCloseTo(1e-6, 18);
    expect(factor('t/day', 'kg/day')).toBeCloseTo(1000, 9);
    expect(factor('h/day', '1')).toBeCloseTo(1 / 24, 15);
  });

  it('tells same dimension from same unit', () => {
    const a = units.parse('m^3/day');
    const b = units.parse('L/day');
    expect(sameDimension(a, b)).toBe(true);
    expect(sameUnit(a, b)).toBe(false);
    expect(sameUnit(a, units.parse('1000 L/day'))).toBe(true);
    expect(conversionFactor(a, b)).toBeCloseTo(1000, 9);
  });

  it('gives no conversion between incompatible units', () => {
    expect(factor('m^3/day', 'kg/day')).toBeNull();
    expect(factor('GWh', 'GW')).toBeNull();
    expect(() => convert(1, units.parse('day'), units.parse('m'))).toThrow(UnitError);
  });

  it('accepts negative, parenthesised and fractional exponents', () => {
    expect(units.parse('m^-1').exps).toEqual({ LENGTH: -1 });
    expect(units.parse('s^(-2)').exps).toEqual({ TIME: -2 });
    expect(sameUnit(units.parse('(m^2)^(1/2)'), units.parse('m'))).toBe(true);
    expect(units.parse('1/day').scale).toBeCloseTo(1 / 86400, 18);
  });
});

describe('dimensionless spellings', () => {
  it('reads 1, dmnl and friends as scale 1', () => {
    for (const text of ['1', 'dmnl', 'dimensionless', 'fraction', 'share', 'ratio']) {
      const d = units.parse(text);
      expect(isDimensionless(d)).toBe(true);
      expect(d.scale).toBe(1);
    }
  });

  it('reads % and percent as scale 0.01', () => {
    expect(units.parse('%').scale).toBe(0.01);
    expect(units.parse('percent').scale).toBe(0.01);
    expect(units.parse('%/day').exps).toEqual({ TIME: -1 });
    const q = units.parseQuantity('78 %');
    expect(q.value * q.dim.scale).toBeCloseTo(0.78, 15);
  });
});

describe('quantities', () => {
  it('splits number and unit', () => {
    const q = units.parseQuantity('1.3e6 m^3/year');
    expect(q.value).toBe(1.3e6);
    expect(sameUnit(q.dim, units.parse('m^3/year'))).toBe(true);
    expect(units.parseQuantity('5')).toEqual({ value: 5, dim: DIMENSIONLESS });
    expect(units.parseQuantity('2.5e-3').value).toBe(0.0025);
    const days = units.parseQuantity('-3 day');
    expect(days.value).toBe(-3);
    expect(days.dim.scale).toBe(86400);
  });

  it('takes a leading number in a unit as part of its scale', () => {
    expect(units.parse('46000 L').scale).toBeCloseTo(46, 12);
  });
});

describe('custom units', () => {
  const { system, problems } = UnitSystem.create({
    bn_CFA: '1e9 CFA',
    tanker_load: '46000 L',
    CFA: null,
    tanker: '',
    t: '1000 kg', // overrides mathjs's tonne with the same value, by name
    full_tanker: 'tanker_load tanker',
  });

  it('declares base units and definitions in any order', () => {
    expect(problems).toEqual([]);
    expect(system.parse('tanker/day').exps).toEqual({ tanker: 1, TIME: -1 });
    expect(factor('bn_CFA/day', 'CFA/day', system)).toBeCloseTo(1e9, 3);
    expect(factor('tanker_load', 'm^3', system)).toBeCloseTo(46, 12);
    expect(system.parse('full_tanker').exps).toEqual({ LENGTH: 3, tanker: 1 });
    expect(factor('1e9 CFA', 'bn_CFA', system)).toBeCloseTo(1, 12);
  });

  it('lets custom names take precedence over mathjs names', () => {
    const { system: own } = UnitSystem.create({ t: null });
    expect(own.parse('t/day').exps).toEqual({ t: 1, TIME: -1 });
  });

  it('reports a definition cycle once and refuses its members', () => {
    const { system: s, problems: p } = UnitSystem.create({ a: '2 b', b: '3 a', c: '2 a', ok: null });
    expect(p).toHaveLength(1);
    expect(p[0]?.message).toContain('cycle');
    expect(p[0]?.message).toContain('a → b → a');
    expect(() => s.parse('a')).toThrow(/cycle/);
    expect(() => s.parse('c')).toThrow(/"a", which has a problem/);
    expect(s.parse('ok').exps).toEqual({ ok: 1 });
  });

  it('reports a self-reference as a cycle', () => {
    const { problems: p } = UnitSystem.create({ x: '2 x' });
    expect(p[0]?.message).toContain('x → x');
  });

  it('reports unknown names in a definition, with a suggestion', () => {
    const { problems: p } = UnitSystem.create({ tanker: null, convoy: '20 tankr', crate: '3 wombats' });
    expect(p).toHaveLength(2);
    expect(p[0]).toMatchObject({ name: 'convoy', suggestion: 'tanker' });
    expect(p[0]?.message).toContain('unknown unit "tankr"');
    expect(p[1]?.name).toBe('crate');
  });

  it('reports bad names and reserved base names', () => {
    const { problems: p } = UnitSystem.create({ '2x': null, LENGTH: null });
    expect(p.map((q) => q.name)).toEqual(['2x', 'LENGTH']);
  });
});

describe('errors', () => {
  it('names an unknown unit and suggests a near one', () => {
    const e = thrown(() => units.parse('m^3/dya'));
    expect(e.message).toBe('unknown unit "dya" (did you mean "day"?)');
    expect(e.suggestion).toBe('day');
    expect(e.position).toBe(4);
    expect(thrown(() => units.parse('kilogramz')).suggestion).toBeUndefined();
    expect(thrown(() => units.parse('yr')).suggestion).toBe('year');
  });

  it('rejects function calls, strings and other syntax', () => {
    expect(thrown(() => units.parse('sqrt(m)')).message).toMatch(/functions are not allowed/);
    expect(thrown(() => units.parse('"m"')).message).toMatch(/only numbers and unit names/);
    expect(() => units.parse('m + s')).toThrow(UnitError);
    expect(() => units.parse('m in km')).toThrow(UnitError);
    expect(() => units.parse('x[1]')).toThrow(UnitError);
    expect(() => units.parse('m^s')).toThrow(/exponent must be a number/);
    expect(() => units.parse('')).toThrow(/empty unit/);
  });

  it('gives the position of a syntax error', () => {
    const e = thrown(() => units.parse('m @ s'));
    expect(e.position).toBe(2);
  });

  it('rejects temperature offsets and non-positive scales', () => {
    expect(() => units.parse('degC')).toThrow(/temperature offsets are not supported/);
    expect(() => units.parse('K')).not.toThrow();
    expect(() => units.parse('0 m')).toThrow(/positive/);
    expect(() => units.parse('-m')).toThrow(/positive/);
  });
});

describe('dimension arithmetic', () => {
  const m = units.parse('m');
  const s = units.parse('s');

  it('multiplies, divides and raises', () => {
    expect(mul(m, m)).toEqual(pow(m, 2));
    expect(div(m, m)).toEqual(DIMENSIONLESS);
    expect(pow(pow(units.parse('m^3'), 1 / 3), 3)).toEqual(units.parse('m^3'));
    expect(pow(div(m, s), 0.5).exps).toEqual({ LENGTH: 0.5, TIME: -0.5 });
  });
});

describe('format', () => {
  it('writes SI base symbols, custom names and the scale', () => {
    expect(units.format(units.parse('L'))).toBe('0.001 m^3');
    expect(units.format(units.parse('m^3/s'))).toBe('m^3/s');
    expect(units.format(units.parse('m^3/day'))).toBe('1.15741e-5 m^3/s');
    expect(units.format(units.parse('1/day'))).toBe('1.15741e-5/s');
    expect(units.format(units.parse('W'))).toBe('kg m^2/s^3');
    expect(units.format(units.parse('kg/(m s^2)'))).toBe('kg/(m s^2)');
    expect(units.format(DIMENSIONLESS)).toBe('1');
    expect(units.format(units.parse('%'))).toBe('0.01');
    const { system } = UnitSystem.create({ CFA: null, bn_CFA: '1e9 CFA' });
    expect(system.format(system.parse('bn_CFA/day'))).toBe('11574.1 CFA/s');
  });

  it('writes text that reads back as the same unit', () => {
    for (const text of ['GWh', 'kg/(m s^2)', 'L/day', 'm^-1', '%']) {
      const d = units.parse(text);
      expect(sameDimension(units.parse(units.format(d)), d)).toBe(true);
    }
  });
});

describe('suggest', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('litre', 'liter')).toBe(2);
  });

  it('suggests only plausible typos', () => {
    expect(nearest('fule_cover', ['fuel_cover', 'gold_output'])).toBe('fuel_cover');
    expect(nearest('KG', ['kg', 'g'])).toBe('kg');
    expect(nearest('q', ['m', 's'])).toBeUndefined();
    expect(nearest('depot_stock', ['gold'])).toBeUndefined();
  });
});
