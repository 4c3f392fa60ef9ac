import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ModelError, compileModel, simulate, type EngineErrorCode, type ModelInput } from '../src/index.js';
import { expectIssue } from './helpers.js';

/**
 * Equations are data from files that planners exchange: the generated code must never run
 * anything a file wrote. Every hostile equation must be refused with a ModelError before any
 * code is generated, and nothing it wrote may run (a sentinel on globalThis stays false and
 * process.exit is never called).
 */

declare global {
  // eslint-disable-next-line no-var
  var __pwned: boolean | undefined;
}

let exitSpy: MockInstance;

beforeEach(() => {
  globalThis.__pwned = false;
  exitSpy = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new Error(`process.exit(${String(code)}) was called from an equation`);
  }) as never);
});

afterEach(() => {
  expect(exitSpy).not.toHaveBeenCalled();
  expect(globalThis.__pwned).toBe(false);
  expect(Object.prototype).not.toHaveProperty('initial');
  expect(Object.prototype).not.toHaveProperty('equation');
  exitSpy.mockRestore();
  delete globalThis.__pwned;
});

const time = { start: 0, stop: 2, dt: 1 };

/** A model whose auxiliary `y` has the equation under test; a, b and x exist. */
const withEquation = (equation: string): ModelInput => ({
  time,
  constants: { a: { value: 1 }, b: { value: 2 }, x: { value: 3 } },
  auxiliaries: { y: { equation } },
});

const REFUSED: EngineErrorCode[] = ['forbidden_syntax', 'unknown_name', 'unknown_function', 'parse_error'];

const HOSTILE: [string, EngineErrorCode][] = [
  ['x;process.exit()', 'forbidden_syntax'],
  ['process.exit()', 'forbidden_syntax'],
  ['process.exit', 'forbidden_syntax'],
  ['process', 'unknown_name'],
  ['x = 5', 'forbidden_syntax'],
  ['f(x) = x', 'forbidden_syntax'],
  ['"a string"', 'forbidden_syntax'],
  ["'a'", 'forbidden_syntax'],
  ['a.b', 'forbidden_syntax'],
  ['a["constructor"]', 'forbidden_syntax'],
  ['a[1]', 'forbidden_syntax'],
  ['constructor', 'unknown_name'],
  ['__proto__', 'unknown_name'],
  ['globalThis.__pwned = true', 'forbidden_syntax'],
  ['globalThis', 'unknown_name'],
  ['x; globalThis.__pwned = true', 'forbidden_syntax'],
  ['evaluate("1+1")', 'forbidden_syntax'],
  ['evaluate(x)', 'unknown_function'],
  ['import({})', 'forbidden_syntax'],
  ['import(x)', 'unknown_function'],
  ['createUnit("x")', 'forbidden_syntax'],
  ['createUnit(x)', 'unknown_function'],
  ['parse("1")', 'forbidden_syntax'],
  ['parse(x)', 'unknown_function'],
  ['compile("1")', 'forbidden_syntax'],
  ['compile(x)', 'unknown_function'],
  ['[1,2]', 'forbidden_syntax'],
  ['{a: 1}', 'forbidden_syntax'],
  ['1:3', 'forbidden_syntax'],
  ['this', 'unknown_name'],
  ['Function("return 1")()', 'parse_error'],
  ['Function(x)', 'unknown_function'],
  ['eval(x)', 'unknown_function'],
  ['require("fs")', 'forbidden_syntax'],
  ['require(x)', 'unknown_function'],
  ['x.constructor.constructor("globalThis.__pwned = true")()', 'parse_error'],
  ['x.constructor.constructor("globalThis.__pwned = true")', 'forbidden_syntax'],
  ['constructor.constructor(x)', 'forbidden_syntax'],
  ['x\n process.exit()', 'forbidden_syntax'],
  ['x\r\nprocess.exit()', 'parse_error'],
  ['x;', 'forbidden_syntax'],
  ["x'", 'forbidden_syntax'],
  ['x!', 'forbidden_syntax'],
  ['x & 1', 'forbidden_syntax'],
  ['x | 1', 'forbidden_syntax'],
  ['x << 1', 'forbidden_syntax'],
  ['~x', 'forbidden_syntax'],
  ['x to cm', 'forbidden_syntax'],
  ['x in cm', 'forbidden_syntax'],
  ['5 kg', 'unknown_name'],
  ['null', 'forbidden_syntax'],
  ['undefined', 'forbidden_syntax'],
  ['pi', 'unknown_name'],
  ['x ? 1', 'parse_error'],
  ['f(x)(1)', 'unknown_function'],
  ['(a)(b)(process)', 'unknown_name'],
  ['x.y(1)', 'forbidden_syntax'],
  ['Math.exp(1)', 'forbidden_syntax'],
  ['lib.step(1, 2)', 'forbidden_syntax'],
  // Names the generated code uses internally are not reachable from an equation.
  ['Math', 'unknown_name'],
  ['lib', 'unknown_name'],
  ['v', 'unknown_name'],
  ['t', 'unknown_name'],
  ['t0', 'unknown_name'],
  ['st', 'unknown_name'],
  ['H', 'unknown_name'],
  ['T', 'unknown_name'],
  ['U', 'unknown_name'],
  ['I', 'unknown_name'],
  ['x0', 'unknown_name'],
  ['r0', 'unknown_name'],
  ['bind', 'unknown_name'],
  ['lk(x, x, x)', 'unknown_function'],
  ['H(1)', 'unknown_function'],
];

describe('hostile equations are refused, and nothing they wrote runs', () => {
  it.each(HOSTILE)('auxiliary %j is refused (%s)', (equation, code) => {
    const issue = expectIssue(() => compileModel(withEquation(equation)), REFUSED);
    expect(issue.code).toBe(code);
    expect(issue.variable).toBe('y');
    expect(issue.path).toEqual(['auxiliaries', 'y', 'equation']);
  });

  it.each(HOSTILE)('stock initial value and flow %j are refused too', (equation) => {
    expectIssue(() => compileModel({ time, stocks: { s: { initial: equation, inflows: ['f'] } }, flows: { f: { equation: 1 } }, constants: { x: { value: 1 }, a: { value: 1 }, b: { value: 1 } } }), REFUSED);
    expectIssue(() => compileModel({ time, stocks: { s: { initial: 0, inflows: ['f'] } }, flows: { f: { equation } }, constants: { x: { value: 1 }, a: { value: 1 }, b: { value: 1 } } }), REFUSED);
  });

  it.each(HOSTILE)('%j is refused inside a built-in call, a smooth, a delay and a condition', (equation) => {
    for (const wrap of [`max(1, ${equation})`, `smooth(${equation}, 2)`, `delay3(1, ${equation})`, `if(1, 2, ${equation})`]) {
      // Some wrappers turn a statement separator into a parse error, which is fine: refused is refused.
      expectIssue(() => compileModel(withEquation(wrap)), REFUSED);
    }
  });

  // Object.prototype's own keys looked up in the table of built-ins (BUILTINS[name]) must not
  // count as built-ins: these must be refused as unknown functions with a ModelError.
  it.each(['constructor(1)', 'toString(1)', 'valueOf()', 'hasOwnProperty(1)', '__proto__(1)', 'isPrototypeOf(1)', '__defineGetter__(1, 2)'])(
    'a call of an Object.prototype key %j is an unknown function',
    (equation) => {
      const issue = expectIssue(() => compileModel(withEquation(equation)), 'unknown_function');
      expect(issue.variable).toBe('y');
    },
  );

  it('call-like syntax that mathjs reads as implicit multiplication stays a multiplication', () => {
    // (x)(1) and 2(x) are x · 1 and 2 · x in mathjs: harmless arithmetic, not a call.
    const r = simulate(compileModel({ time, constants: { x: { value: 3 } }, auxiliaries: { y: { equation: '(x)(2)' }, z: { equation: '2(x)' } } }));
    expect(r.series['y']![0]).toBe(6);
    expect(r.series['z']![0]).toBe(6);
  });

  it('mathjs constants that are not finite numbers never reach a run as text', () => {
    // NaN and Infinity parse as numbers; they may compile, but a run stops with a clear error.
    for (const equation of ['NaN', 'Infinity', '1e400']) {
      let compiled;
      try {
        compiled = compileModel(withEquation(equation));
      } catch (e) {
        expect(e).toBeInstanceOf(ModelError);
        continue;
      }
      expect(() => simulate(compiled)).toThrow(/became (NaN|Infinity)/);
    }
  });
});

describe('hostile text in values and units is refused too', () => {
  const HOSTILE_TEXT = ['process.exit()', '1; process.exit()', '1\nprocess.exit()', 'evaluate("1")', 'createUnit("zz")', 'import({})', 'a.b', 'globalThis.__pwned = true', '"kg"', 'f(x) = 1', '[1, 2] m', 'constructor', '__proto__', 'toString(1)', '1 kg; process.exit()'];
  const UNIT_CODES: EngineErrorCode[] = ['invalid_model', 'unknown_unit', 'unit_mismatch'];

  it.each(HOSTILE_TEXT)('%j as a constant value, a unit, a custom unit definition or a lookup unit', (text) => {
    expectIssue(() => compileModel({ time, constants: { c: { value: text } } }), UNIT_CODES);
    expectIssue(() => compileModel({ time, constants: { c: { value: 1, unit: text } } }), UNIT_CODES);
    expectIssue(() => compileModel({ time, auxiliaries: { y: { equation: 1, unit: text } } }), UNIT_CODES);
    expectIssue(() => compileModel({ time, units: { zz: text } }), UNIT_CODES);
    expectIssue(() => compileModel({ time, lookups: { tb: { points: [[0, 1]], xUnit: text } } }), UNIT_CODES);
    expectIssue(() => compileModel({ time, timeUnit: text }), UNIT_CODES);
  });
});

describe('hostile variable names', () => {
  const sections = (name: string): ModelInput[] => [
    { time, constants: { [name]: { value: 1 } } },
    { time, auxiliaries: { [name]: { equation: 1 } } },
    { time, stocks: { [name]: { initial: 1 } } },
    { time, flows: { [name]: { equation: 1 } } },
    { time, lookups: { [name]: { points: [[0, 1]] } } },
    { time, units: { [name]: null } },
  ];

  it.each(['x;process.exit()', 'x = 5', 'a.b', 'a["b"]', '1x', 'x y', 'x-y', '', 'process.exit()', 'x\nprocess.exit()', 'é'])('the name %j is rejected by the schema', (name) => {
    for (const m of sections(name)) {
      const issue = expectIssue(() => compileModel(m), 'invalid_model');
      expect(issue.path).toContain(name);
    }
  });

  it('a flow list that names a hostile flow is rejected by the schema', () => {
    expectIssue(() => compileModel({ time, stocks: { s: { initial: 1, inflows: ['x;process.exit()'] } } }), 'invalid_model');
  });

  it.each(['time', 'dt', 'step', 'if', 'and', 'not', 'uniform', 'smooth'])('the built-in name %j cannot name a variable', (name) => {
    expectIssue(() => compileModel({ time, auxiliaries: { [name]: { equation: 1 } } }), 'reserved_name');
  });

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'eval', 'process', 'globalThis', 'Math', 'lib', 'v', 't', 'H', 'x0'])(
    '%j is accepted as an ordinary variable name, and stays one',
    (name) => {
      const models = (n: string): [string, ModelInput][] => [
        ['constant', { time, constants: { [n]: { value: 2 } }, auxiliaries: { y: { equation: `${n} * 3` } } }],
        ['auxiliary', { time, auxiliaries: { [n]: { equation: 2 }, y: { equation: `${n} * 3` } } }],
        ['stock', { time, stocks: { [n]: { initial: 2, outflows: ['f'], nonNegative: true } }, flows: { f: { equation: 5 } }, auxiliaries: { y: { equation: `${n} * 3` } } }],
        ['lookup', { time, lookups: { [n]: { points: [[0, 6]] } }, auxiliaries: { y: { equation: `${n}(0)` } } }],
      ];
      const plain = models('ordinary_name');
      models(name).forEach(([section, m], k) => {
        const c = compileModel(m);
        // The same code as for a harmless name: the name never reached it.
        expect(c.source, section).toBe(compileModel(plain[k]![1]).source);
        const r = simulate(c);
        expect(r.series['y']![0], section).toBe(6);
        if (section !== 'lookup') expect(r.series[name]![0], section).toBe(2);
        if (section === 'stock') expect(Array.from(r.series[name]!), 'the non-negative stock drains to 0, not below').toEqual([2, 0, 0]);
      });
    },
  );

  // JSON.parse makes "__proto__" an own key, as a YAML or JSON scenario file would. Whatever
  // the engine does with it, it must be either rejected or kept as an ordinary variable: never
  // silently dropped, never a prototype.
  const protoModels: [string, string][] = [
    ['a stock', '{"time":{"start":0,"stop":2,"dt":1},"stocks":{"__proto__":{"initial":2,"inflows":["f"]}},"flows":{"f":{"equation":1}}}'],
    ['a constant', '{"time":{"start":0,"stop":2,"dt":1},"constants":{"__proto__":{"value":2}},"auxiliaries":{"y":{"equation":1}}}'],
    ['an auxiliary', '{"time":{"start":0,"stop":2,"dt":1},"auxiliaries":{"__proto__":{"equation":2}}}'],
    ['a referenced auxiliary', '{"time":{"start":0,"stop":2,"dt":1},"auxiliaries":{"__proto__":{"equation":2},"y":{"equation":"__proto__ * 3"}}}'],
    ['a flow', '{"time":{"start":0,"stop":2,"dt":1},"stocks":{"s":{"initial":0}},"flows":{"__proto__":{"equation":1}}}'],
  ];

  it.each(protoModels)('"__proto__" as the name of %s is rejected or kept, never silently dropped', (_, json) => {
    const m = JSON.parse(json) as ModelInput;
    let compiled;
    try {
      compiled = compileModel(m);
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      return;
    }
    expect([...compiled.variables.keys()], 'the variable "__proto__" vanished from the model without an error').toContain('__proto__');
    const r = simulate(compiled);
    expect(r.series['__proto__']).toBeDefined();
  });

  it('"__proto__" as a name pollutes no prototype', () => {
    for (const [, json] of protoModels) {
      try {
        simulate(compileModel(JSON.parse(json)));
      } catch {
        // rejected is fine
      }
    }
    const fresh = {} as Record<string, unknown>;
    expect(fresh['initial']).toBeUndefined();
    expect(fresh['equation']).toBeUndefined();
    expect(fresh['value']).toBeUndefined();
  });
});

describe('the generated source', () => {
  const M = 'zzMARKERzz';
  const marked: ModelInput = {
    time: { start: 0, stop: 20, dt: 0.5, method: 'rk4' },
    name: `${M} model */ process.exit() //`,
    description: `${M} "); globalThis.__pwned = true; ("`,
    units: { [`${M}_unit`]: null },
    constants: {
      [`${M}_rate`]: { value: 2, unit: `${M}_unit/day`, source: `${M} https://example.org/\`\${process.exit()}\``, description: `${M}\nprocess.exit()` },
      [`${M}_tau`]: { value: 3, unit: 'day', assumption: `${M} assumed` },
    },
    lookups: { [`${M}_table`]: { points: [[0, 0], [10, 1]], description: M } },
    stocks: {
      [`${M}_depot`]: { initial: `${M}_rate * ${M}_tau`, unit: `${M}_unit`, inflows: [`${M}_in`], outflows: [`${M}_out`], nonNegative: true, description: M, source: M },
      [`${M}_sink`]: { initial: 0, unit: `${M}_unit`, inflows: [`${M}_out`] },
    },
    flows: {
      [`${M}_in`]: { equation: `${M}_rate * uniform(0.5, 1.5) + step(${M}_rate, 3) * pulse(1, 1, 4)`, unit: `${M}_unit/day`, description: M },
      [`${M}_out`]: { equation: `delay3(${M}_in, ${M}_tau) * ${M}_table(time)`, unit: `${M}_unit/day` },
    },
    auxiliaries: {
      [`${M}_smoothed`]: { equation: `smooth3(${M}_depot, ${M}_tau) + smooth(${M}_depot, 2, 0) + delay1(${M}_rate, 1) * 0`, unit: `${M}_unit`, description: `${M} */` },
      [`${M}_check`]: { equation: `if(${M}_depot > 0 and not (${M}_depot < 0), lookup(${M}_table, 5), max(0, min(1, round(2.5) % 2)))` },
      [`${M}_ramp`]: { equation: `ramp(1, 2, 5) + xidz(1, 0, 2) + zidz(1, 0) + log(8, 2) + normal(0, 1, -1, 1) + (0 < time < 5 ? 1 : 0)` },
    },
  };
  // Without the lookup(table, x) form, which a separate test (builtins.test.ts) covers.
  const compilable = (m: ModelInput): ModelInput => JSON.parse(JSON.stringify(m).replace(`lookup(${M}_table, 5)`, `${M}_table(5)`)) as ModelInput;

  it('holds no text from the model: names, descriptions, sources, units', () => {
    const c = compileModel(compilable(marked));
    expect(c.source.toLowerCase()).not.toContain('marker');
    expect(c.source).not.toContain('process');
    expect(c.source).not.toContain('example.org');
    expect(c.source).not.toContain('globalThis');
    expect(c.source).not.toContain('assumed');
    const r = simulate(c, { seed: 5 });
    expect(Object.keys(r.series).every((k) => k.includes(M))).toBe(true);
  });

  it('is a pure function of the model structure: renaming every variable leaves it unchanged', () => {
    const renamed = JSON.parse(JSON.stringify(compilable(marked)).replaceAll(M, 'other')) as ModelInput;
    expect(compileModel(renamed).source).toBe(compileModel(compilable(marked)).source);
  });

  it('is made only of a fixed vocabulary: slot numbers, runtime functions and JavaScript keywords', () => {
    const src = compileModel(compilable(marked)).source;
    const allowed = new Set([
      ...['use', 'strict', 'const', 'let', 'return', 'function', 'if', 'Infinity'],
      ...['lib', 'bind', 'T', 'U', 'H', 'I', 'v', 'b', 'a', 't', 't0', 'dt', 'st', 'h', 'w', 'd', 'k', 'xs', 'ys'],
      ...['rates', 'init', 'euler', 'stage', 'acc', 'final'],
      ...['Math', 'max', 'min', 'abs', 'exp', 'log', 'log10', 'sqrt', 'floor', 'ceil', 'pow'],
      ...['lk', 'step', 'pulse', 'ramp', 'round', 'mod', 'xidz', 'zidz', 'uniform', 'normal', 'lognormal', 'triangular', 'poisson', 'bernoulli', 'binomial'],
    ]);
    const tokens = src.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_$][\w$]*/gi) ?? [];
    const words = new Set(tokens.filter((w) => !/^\d/.test(w)));
    const strange = [...words].filter((w) => !allowed.has(w) && !/^(x|r|i|U)\d+$/.test(w) && !/^T\d+[xy]$/.test(w));
    expect(strange).toEqual([]);
    // The only string is the directive; every index is a number.
    expect(src.match(/["'`]/g)?.length).toBe(2);
    expect(src.startsWith('"use strict";')).toBe(true);
    expect(src.match(/\[(?!\d+\])/g)).toBeNull();
  });
});
