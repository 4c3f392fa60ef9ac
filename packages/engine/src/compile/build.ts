import { issue, type EngineIssue } from '../errors.js';
import type { Model } from '../model/schema.js';
import { nearest } from '../text/suggest.js';
import { BUILTINS, RESERVED } from './builtins.js';
import { expandStateful } from './expand.js';
import type { LookupTable, ModelGraph, Var } from './graph.js';
import { mapExpr, type Expr } from './ir.js';
import { parseEquation } from './parse.js';

/**
 * Reads a validated model into a graph of variables: every equation parsed, every name
 * resolved, built-in calls checked, smooth and delay calls expanded into hidden stocks.
 * Collects every problem instead of stopping at the first.
 */
export function buildGraph(model: Model): { graph: ModelGraph; issues: EngineIssue[] } {
  const issues: EngineIssue[] = [];
  const vars = new Map<string, Var>();
  const order: string[] = [];
  const lookups = new Map<string, LookupTable>();
  const section = new Map<string, string>();

  const claim = (name: string, where: string): boolean => {
    if (RESERVED.has(name)) {
      issues.push(issue('reserved_name', `"${name}" is a built-in name and cannot name a variable (in ${where})`, [where, name], { variable: name }));
      return false;
    }
    const prev = section.get(name);
    if (prev !== undefined) {
      issues.push(issue('duplicate_name', `"${name}" is defined twice: in ${prev} and in ${where}`, [where, name], { variable: name }));
      return false;
    }
    section.set(name, where);
    return true;
  };

  for (const [name, t] of Object.entries(model.lookups)) {
    if (!claim(name, 'lookups')) continue;
    const sorted = t.points.every((p, i) => i === 0 || p[0] > t.points[i - 1]![0]);
    if (!sorted) issues.push(issue('invalid_model', `lookup "${name}": x values must be strictly increasing`, ['lookups', name, 'points'], { variable: name }));
    lookups.set(name, {
      name,
      xs: Float64Array.from(t.points, (p) => p[0]),
      ys: Float64Array.from(t.points, (p) => p[1]),
      ...(t.xUnit !== undefined ? { xUnit: t.xUnit } : {}),
      ...(t.yUnit !== undefined ? { yUnit: t.yUnit } : {}),
    });
  }

  const add = (v: Var): void => {
    vars.set(v.name, v);
    order.push(v.name);
  };
  const base = (name: string, kind: Var['kind'], path: (string | number)[], text: string, unit: string | undefined): Var => ({
    name,
    kind,
    hidden: false,
    path,
    text,
    inflows: [],
    outflows: [],
    nonNegative: false,
    ...(unit !== undefined ? { unit } : {}),
  });

  const parsed = (text: string | number, path: (string | number)[], variable: string): Expr | undefined => {
    const r = parseEquation(text);
    if (r.ok) return r.expr;
    const what = path[path.length - 1] === 'initial' ? 'initial value' : 'equation';
    issues.push(
      issue(r.problem.code, `${variable}: cannot read the ${what} "${String(text)}": ${r.problem.message}`, path, {
        variable,
        expression: String(text),
        ...(r.problem.position !== undefined ? { position: r.problem.position } : {}),
      }),
    );
    return undefined;
  };

  for (const [name, c] of Object.entries(model.constants)) {
    if (!claim(name, 'constants')) continue;
    add(base(name, 'constant', ['constants', name, 'value'], String(c.value), c.unit));
  }
  for (const [name, s] of Object.entries(model.stocks)) {
    if (!claim(name, 'stocks')) continue;
    const v = base(name, 'stock', ['stocks', name, 'initial'], String(s.initial), s.unit);
    const init = parsed(s.initial, ['stocks', name, 'initial'], name);
    if (init !== undefined) v.initial = init;
    v.inflows = [...s.inflows];
    v.outflows = [...s.outflows];
    v.nonNegative = s.nonNegative;
    add(v);
  }
  for (const [sec, kind] of [
    ['auxiliaries', 'aux'],
    ['flows', 'flow'],
  ] as const) {
    for (const [name, a] of Object.entries(model[sec])) {
      if (!claim(name, sec)) continue;
      const v = base(name, kind, [sec, name, 'equation'], String(a.equation), a.unit);
      const e = parsed(a.equation, [sec, name, 'equation'], name);
      if (e !== undefined) v.expr = e;
      add(v);
    }
  }

  const known = [...vars.keys()];
  for (const name of [...order]) {
    const v = vars.get(name)!;
    if (v.expr !== undefined) v.expr = resolveCalls(v.expr, v, lookups, vars, known, issues, false);
    if (v.initial !== undefined) v.initial = resolveCalls(v.initial, v, lookups, vars, known, issues, true);
  }
  checkWiring(vars, issues);

  const graph: ModelGraph = { vars, order, lookups };
  if (issues.length === 0) expandStateful(graph);
  return { graph, issues };
}

/** Checks names and calls in one expression; turns `table(x)` into a lookup call. */
function resolveCalls(e: Expr, owner: Var, lookups: Map<string, LookupTable>, vars: Map<string, Var>, known: string[], issues: EngineIssue[], isInitial: boolean): Expr {
  const where = { variable: owner.name, expression: owner.text };
  e = tableCalls(e, lookups);
  const at = (token: string): { position?: number } => {
    const p = findToken(owner.text, token);
    return p >= 0 ? { position: p } : {};
  };
  return mapExpr(e, (node) => {
    if (node.kind === 'ref') {
      if (vars.has(node.name)) return node;
      if (lookups.has(node.name)) {
        issues.push(issue('bad_arguments', `${owner.name}: "${node.name}" is a lookup table: call it as ${node.name}(x)`, owner.path, { ...where, ...at(node.name) }));
        return node;
      }
      const s = nearest(node.name, [...known, ...lookups.keys(), 'time', 'dt']);
      issues.push(
        issue('unknown_name', `${owner.name}: unknown name "${node.name}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}`, owner.path, {
          ...where,
          ...at(node.name),
          ...(s !== undefined ? { suggestion: s } : {}),
        }),
      );
      return node;
    }
    if (node.kind !== 'call') return node;
    if (node.fn === 'lookup' && node.table !== undefined) return node;
    if (lookups.has(node.fn)) {
      if (node.args.length !== 1) issues.push(issue('bad_arguments', `${owner.name}: the lookup ${node.fn}(x) takes one argument, not ${node.args.length}`, owner.path, { ...where, ...at(node.fn) }));
      return { kind: 'call', fn: 'lookup', table: node.fn, args: node.args.slice(0, 1) };
    }
    const b = Object.hasOwn(BUILTINS, node.fn) ? BUILTINS[node.fn] : undefined;
    if (b === undefined) {
      const s = nearest(node.fn, [...Object.keys(BUILTINS), ...lookups.keys()]);
      const isVar = vars.has(node.fn);
      issues.push(
        issue(
          'unknown_function',
          isVar ? `${owner.name}: "${node.fn}" is a variable, not a function or lookup table` : `${owner.name}: unknown function "${node.fn}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}`,
          owner.path,
          { ...where, ...at(node.fn), ...(s !== undefined && !isVar ? { suggestion: s } : {}) },
        ),
      );
      return node;
    }
    if (node.args.length < b.min || node.args.length > b.max) {
      issues.push(issue('bad_arguments', `${owner.name}: ${node.fn} takes ${b.min === b.max ? b.min : `${b.min} to ${b.max}`} arguments, not ${node.args.length}: ${b.signature}`, owner.path, { ...where, ...at(node.fn) }));
      return node;
    }
    if (node.fn === 'lookup' && node.table === undefined) {
      issues.push(issue('bad_arguments', `${owner.name}: the first argument of lookup() must name a lookup table`, owner.path, { ...where, ...at('lookup') }));
      return node;
    }
    if (b.kind === 'stateful' && (isInitial || owner.kind === 'constant')) {
      issues.push(issue('bad_arguments', `${owner.name}: ${node.fn}() keeps state over time and cannot be used in an initial value`, owner.path, { ...where, ...at(node.fn) }));
    }
    return node;
  });
}

/** Rewrites lookup(table, x) top-down, before its first argument could be read as a variable. */
function tableCalls(e: Expr, lookups: Map<string, LookupTable>): Expr {
  switch (e.kind) {
    case 'call': {
      const first = e.args[0];
      if (e.fn === 'lookup' && e.args.length === 2 && first?.kind === 'ref' && lookups.has(first.name)) {
        return { kind: 'call', fn: 'lookup', table: first.name, args: [tableCalls(e.args[1]!, lookups)] };
      }
      return { ...e, args: e.args.map((a) => tableCalls(a, lookups)) };
    }
    case 'unary':
      return { ...e, arg: tableCalls(e.arg, lookups) };
    case 'binary':
      return { ...e, left: tableCalls(e.left, lookups), right: tableCalls(e.right, lookups) };
    case 'cond':
      return { ...e, test: tableCalls(e.test, lookups), then: tableCalls(e.then, lookups), else: tableCalls(e.else, lookups) };
    default:
      return e;
  }
}

/** Each flow drains at most one stock and fills at most one, and is a flow. */
function checkWiring(vars: Map<string, Var>, issues: EngineIssue[]): void {
  const from = new Map<string, string>();
  const to = new Map<string, string>();
  const flows = [...vars.values()].filter((v) => v.kind === 'flow').map((v) => v.name);
  for (const s of vars.values()) {
    if (s.kind !== 'stock') continue;
    for (const [list, seen, word] of [
      [s.inflows, to, 'inflows'],
      [s.outflows, from, 'outflows'],
    ] as const) {
      list.forEach((f, i) => {
        const path = ['stocks', s.name, word, i];
        const fv = vars.get(f);
        if (fv === undefined || fv.kind !== 'flow') {
          const sug = nearest(f, flows);
          const what = fv === undefined ? 'no flow of that name exists' : `it is ${fv.kind === 'aux' ? 'an auxiliary' : `a ${fv.kind}`}, not a flow`;
          issues.push(issue('flow_wiring', `stock ${s.name}: ${word} lists "${f}", but ${what}${sug !== undefined && fv === undefined ? ` (did you mean "${sug}"?)` : ''}`, path, { variable: s.name, ...(sug !== undefined && fv === undefined ? { suggestion: sug } : {}) }));
          return;
        }
        const prev = seen.get(f);
        if (prev !== undefined) {
          issues.push(issue('flow_wiring', `flow ${f} is listed in the ${word} of both ${prev} and ${s.name}: a flow leaves one stock and enters one`, path, { variable: f }));
          return;
        }
        seen.set(f, s.name);
      });
    }
    for (const f of s.inflows) {
      if (s.outflows.includes(f)) issues.push(issue('flow_wiring', `flow ${f} is both an inflow and an outflow of ${s.name}`, ['stocks', s.name], { variable: f }));
    }
  }
}

/** The offset of `token` as a whole word in `text`, or -1. */
export function findToken(text: string, token: string): number {
  const re = new RegExp(`(^|[^A-Za-z0-9_.])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`);
  const m = re.exec(text);
  return m === null ? -1 : m.index + m[1]!.length;
}
