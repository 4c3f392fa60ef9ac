import { issue, type EngineIssue } from '../errors.js';
import type { Model } from '../model/schema.js';
import { DIMENSIONLESS, UnitError, UnitSystem, conversionFactor, div, formatDimension, isDimensionless, mul, pow, sameDimension, sameUnit, type Dimension } from '../units/index.js';
import type { ModelGraph, Var } from './graph.js';
import type { Expr } from './ir.js';

/**
 * Dimensional analysis of every equation against the units it declares.
 *
 * A bare number in an equation has no unit of its own and takes whatever its context needs
 * (as in Vensim); so does a variable that declares no unit. Everything else must agree:
 * terms that are added or compared, both branches of a condition, the arguments of min and
 * max, an equation and its variable's declared unit, a flow and the stock it fills or drains
 * (stock unit per time unit). Units that agree in dimension but not in scale (m^3 and L)
 * are a mismatch too: the numbers would be added as they are.
 */

/** A dimension and how to name it: the declared text where it came straight from one. */
interface U {
  dim: Dimension;
  label: string;
}
type Inferred = U | null;

export interface UnitCheck {
  issues: EngineIssue[];
  /** Each constant's value in its declared unit (or in the unit its value was written in). */
  constants: Map<string, number>;
}

export function checkUnits(graph: ModelGraph, model: Model): UnitCheck {
  const issues: EngineIssue[] = [];
  const constants = new Map<string, number>();
  const { system, problems } = UnitSystem.create(model.units);
  for (const p of problems) issues.push(issue('unknown_unit', `units.${p.name}: ${p.message}`, ['units', p.name], { ...(p.suggestion !== undefined ? { suggestion: p.suggestion } : {}) }));

  const parseUnit = (text: string | undefined, path: (string | number)[], variable?: string): Inferred => {
    if (text === undefined) return null;
    try {
      return { dim: system.parse(text), label: text };
    } catch (e) {
      if (!(e instanceof UnitError)) throw e;
      issues.push(issue('unknown_unit', `${variable ?? path.join('.')}: ${e.message}`, path, { ...(variable !== undefined ? { variable } : {}), ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}) }));
      return null;
    }
  };

  let timeUnit: U = { dim: DIMENSIONLESS, label: model.timeUnit };
  const t = parseUnit(model.timeUnit, ['timeUnit']);
  if (t !== null) timeUnit = t;

  const declared = new Map<string, Inferred>();
  for (const name of graph.order) {
    const v = graph.vars.get(name)!;
    if (v.hidden) continue;
    declared.set(name, parseUnit(v.unit, [...v.path.slice(0, -1), 'unit'], name));
  }
  for (const [name, c] of Object.entries(model.constants)) {
    if (!graph.vars.has(name)) continue;
    const path = ['constants', name, 'value'];
    if (typeof c.value === 'number') {
      constants.set(name, c.value);
      continue;
    }
    try {
      const q = system.parseQuantity(c.value);
      const target = declared.get(name) ?? null;
      if (target === null) {
        constants.set(name, q.value);
        if (!isDimensionless(q.dim) || q.dim.scale !== 1) declared.set(name, { dim: q.dim, label: c.value.replace(/^\s*[-+0-9.eE]+\s*/, '') });
        continue;
      }
      const f = conversionFactor(q.dim, target.dim);
      if (f === null) {
        issues.push(issue('unit_mismatch', `${name}: the value "${c.value}" cannot be converted to the declared unit ${target.label}`, path, { variable: name, expected: target.label, found: formatDimension(q.dim) }));
      } else constants.set(name, q.value * f);
    } catch (e) {
      if (!(e instanceof UnitError)) throw e;
      issues.push(issue('invalid_model', `${name}: cannot read the value "${c.value}": ${e.message}`, path, { variable: name, ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}) }));
    }
  }

  const tables = new Map<string, { x: Inferred; y: Inferred }>();
  for (const [name, l] of graph.lookups) {
    tables.set(name, { x: parseUnit(l.xUnit, ['lookups', name, 'xUnit'], name), y: parseUnit(l.yUnit, ['lookups', name, 'yUnit'], name) });
  }
  if (issues.length > 0) return { issues, constants };

  // Hidden variables (from smooth and delay) get the units their definitions imply.
  const inferring = new Set<string>();
  const hiddenUnit = new Map<string, Inferred>();
  const unitOf = (name: string): Inferred => {
    if (declared.has(name)) return declared.get(name)!;
    const known = hiddenUnit.get(name);
    if (known !== undefined) return known;
    const v = graph.vars.get(name);
    if (v === undefined || inferring.has(name)) return null;
    inferring.add(name);
    const e = v.kind === 'stock' ? v.initial : v.expr;
    const u = e === undefined ? null : infer(e, v, () => undefined);
    inferring.delete(name);
    hiddenUnit.set(name, u);
    return u;
  };

  const fmt = (u: U): string => u.label;
  // A computed unit is named with the model's own words where one fits (day, not 86400 s).
  const vocabulary: U[] = [timeUnit, ...[...declared.values()].filter((u): u is U => u !== null), { dim: DIMENSIONLESS, label: '1' }];
  const derived = (dim: Dimension): U => vocabulary.find((u) => sameUnit(u.dim, dim)) ?? { dim, label: formatDimension(dim) };

  /** Infers an expression's unit; `report` receives the first disagreement inside it. */
  function infer(e: Expr, owner: Var, report: (message: string, expected?: string, found?: string) => void): Inferred {
    const same = (a: Inferred, b: Inferred, what: string): Inferred => {
      if (a === null) return b;
      if (b === null) return a;
      if (!sameUnit(a.dim, b.dim)) {
        const scale = sameDimension(a.dim, b.dim) ? ` (same dimension, but a factor ${+(a.dim.scale / b.dim.scale).toPrecision(6)} apart: convert one of them)` : '';
        report(`${what} ${fmt(a)} and ${fmt(b)}${scale}`, fmt(a), fmt(b));
      }
      return a;
    };
    const need = (a: Inferred, want: U, what: string): void => {
      if (a !== null && !sameUnit(a.dim, want.dim)) report(`${what} should be in ${fmt(want)}, not ${fmt(a)}`, fmt(want), fmt(a));
    };
    const dimensionless = (a: Inferred, what: string): void => {
      if (a !== null && !isDimensionless(a.dim)) report(`${what} must be dimensionless, not ${fmt(a)}`, '1', fmt(a));
    };
    const go = (x: Expr): Inferred => infer(x, owner, report);
    switch (e.kind) {
      case 'num':
        return null;
      case 'ref':
        return unitOf(e.name);
      case 'time':
      case 'dt':
        return timeUnit;
      case 'unary':
        if (e.op === 'not') return { dim: DIMENSIONLESS, label: '1' };
        return go(e.arg);
      case 'binary': {
        const a = go(e.left);
        const b = go(e.right);
        switch (e.op) {
          case '+':
          case '-':
            return same(a, b, e.op === '+' ? 'cannot add' : 'cannot subtract');
          case '%':
            return same(a, b, 'mod of');
          case '*':
            return a === null || b === null ? null : derived(mul(a.dim, b.dim));
          case '/':
            return a === null || b === null ? null : derived(div(a.dim, b.dim));
          case '^': {
            const n = constantValue(e.right);
            if (a === null) return null;
            if (n === undefined) {
              dimensionless(a, 'a base raised to a variable power');
              return a;
            }
            return derived(pow(a.dim, n));
          }
          default:
            same(a, b, 'cannot compare');
            return { dim: DIMENSIONLESS, label: '1' };
        }
      }
      case 'cond': {
        go(e.test);
        return same(go(e.then), go(e.else), 'the two branches of a condition are in');
      }
      case 'call': {
        const args = e.args.map(go);
        const arg = (i: number): Inferred => args[i] ?? null;
        switch (e.fn) {
          case 'min':
          case 'max':
          case 'abs':
          case 'floor':
          case 'ceil':
          case 'round':
          case 'mod':
          case 'uniform':
          case 'normal':
          case 'triangular':
            return args.reduce<Inferred>((acc, x) => same(acc, x, `the arguments of ${e.fn}() are in`), null);
          case 'exp':
          case 'ln':
          case 'log':
          case 'log10':
            args.forEach((x) => dimensionless(x, `the argument of ${e.fn}()`));
            return { dim: DIMENSIONLESS, label: '1' };
          case 'sqrt':
            return arg(0) === null ? null : derived(pow(arg(0)!.dim, 0.5));
          case 'pow': {
            const n = constantValue(e.args[1]!);
            if (arg(0) === null) return null;
            if (n === undefined) return (dimensionless(arg(0), 'a base raised to a variable power'), arg(0));
            return derived(pow(arg(0)!.dim, n));
          }
          case 'if':
            return same(arg(1), arg(2), 'the two branches of if() are in');
          case 'xidz':
          case 'zidz': {
            const q = arg(0) === null || arg(1) === null ? null : derived(div(arg(0)!.dim, arg(1)!.dim));
            return e.fn === 'xidz' ? same(q, arg(2), 'xidz(): a/b and the fallback are in') : q;
          }
          case 'lookup': {
            const tu = tables.get(e.table!)!;
            if (tu.x !== null) need(arg(0), tu.x, `the input of lookup ${e.table}`);
            return tu.y;
          }
          case 'step':
            need(arg(1), timeUnit, 'the start time of step()');
            return arg(0);
          case 'pulse':
            args.forEach((x, i) => need(x, timeUnit, `argument ${i + 1} of pulse()`));
            return { dim: DIMENSIONLESS, label: '1' };
          case 'ramp':
            need(arg(1), timeUnit, 'the start time of ramp()');
            if (args.length > 2) need(arg(2), timeUnit, 'the end time of ramp()');
            return arg(0) === null ? null : derived(mul(arg(0)!.dim, timeUnit.dim));
          case 'poisson':
          case 'binomial':
            return arg(0);
          case 'bernoulli':
            dimensionless(arg(0), 'the probability of bernoulli()');
            return { dim: DIMENSIONLESS, label: '1' };
          default:
            return null;
        }
      }
    }
  }

  for (const name of graph.order) {
    const v = graph.vars.get(name)!;
    const e = v.kind === 'stock' ? v.initial : v.expr;
    if (e === undefined) continue;
    let first: EngineIssue | undefined;
    const report = (message: string, expected?: string, found?: string): void => {
      const who = v.hidden ? `${v.owner}` : v.name;
      first ??= issue('unit_mismatch', `${who}: ${message}`, v.path, { variable: who, expression: v.text, ...(expected !== undefined ? { expected } : {}), ...(found !== undefined ? { found } : {}) });
    };
    const got = infer(e, v, report);
    const want = v.hidden ? null : (declared.get(name) ?? null);
    if (first === undefined && got !== null && want !== null && !sameUnit(got.dim, want.dim)) {
      const what = v.kind === 'stock' ? 'the initial value' : 'the equation';
      const scale = sameDimension(got.dim, want.dim) ? ` (same dimension, but a factor ${+(got.dim.scale / want.dim.scale).toPrecision(6)} apart: convert explicitly)` : '';
      report(`${what} gives ${fmt(got)}, but the declared unit is ${fmt(want)}${scale}`, fmt(want), fmt(got));
    }
    if (first !== undefined) issues.push(first);
  }

  // A flow moves a stock's unit per unit of time.
  for (const name of graph.order) {
    const s = graph.vars.get(name)!;
    if (s.kind !== 'stock' || s.hidden) continue;
    const su = declared.get(name) ?? null;
    if (su === null) continue;
    const want: U = { dim: div(su.dim, timeUnit.dim), label: `${su.label}/${timeUnit.label}` };
    for (const [list, word] of [
      [s.inflows, 'inflows'],
      [s.outflows, 'outflows'],
    ] as const) {
      list.forEach((f, i) => {
        const fu = declared.get(f) ?? null;
        if (fu !== null && !sameUnit(fu.dim, want.dim)) {
          issues.push(issue('unit_mismatch', `stock ${name}: its ${word} ${f} is in ${fu.label}, but a flow of ${name} must be in ${want.label}`, ['stocks', name, word, i], { variable: f, expected: want.label, found: fu.label }));
        }
      });
    }
  }
  return { issues, constants };
}

/** The value of a literal exponent such as 2, -1 or 0.5; undefined when it is not a literal. */
function constantValue(e: Expr): number | undefined {
  if (e.kind === 'num') return e.value;
  if (e.kind === 'unary' && e.op === '-' && e.arg.kind === 'num') return -e.arg.value;
  return undefined;
}
