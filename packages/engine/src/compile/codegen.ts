import { BUILTINS } from './builtins.js';
import type { ModelGraph } from './graph.js';
import type { Expr } from './ir.js';
import type { OrderNode } from './order.js';

/**
 * Generates the JavaScript that advances a model. Names never reach the source: every
 * variable becomes a slot index into one Float64Array, every call a function from
 * runtime-lib, every number is printed by JavaScript itself. The source is a pure function
 * of the model's structure, so it can be shown, hashed and cached.
 */

/** Equations per generated function: V8 stops optimising very large functions. */
const CHUNK = 300;

export interface Layout {
  slots: Map<string, number>;
  names: string[];
  constants: number[];
  stocks: number[];
  /** Flows that move material between stocks (their values enter stock updates). */
  flows: number[];
  size: number;
}

export interface Generated {
  source: string;
  /** Random call sites, in index order: the key of each one's stream. */
  randomKeys: string[];
  /** Lookup tables, in index order. */
  tables: string[];
}

export function layout(graph: ModelGraph, run: OrderNode[]): Layout {
  const slots = new Map<string, number>();
  const names: string[] = [];
  const put = (n: string): number => {
    const i = names.length;
    slots.set(n, i);
    names.push(n);
    return i;
  };
  const constants: number[] = [];
  const stocks: number[] = [];
  const flows: number[] = [];
  for (const n of graph.order) if (graph.vars.get(n)!.kind === 'constant') constants.push(put(n));
  for (const n of graph.order) if (graph.vars.get(n)!.kind === 'stock') stocks.push(put(n));
  for (const node of run) if (node.kind === 'var') put(node.name);
  for (const n of graph.order) {
    const v = graph.vars.get(n)!;
    if (v.kind === 'stock') for (const f of [...v.inflows, ...v.outflows]) if (!flows.includes(slots.get(f)!)) flows.push(slots.get(f)!);
  }
  return { slots, names, constants, stocks, flows, size: names.length };
}

interface Ctx {
  slot: (name: string) => number;
  /** Slots whose value sits in a local variable of the function being generated. */
  locals: Set<number>;
  /** Inside the whole-run loop every slot is a local and nothing is stored until the end. */
  loop: boolean;
  randomKeys: string[];
  tables: string[];
  owner: string;
  sites: number;
  /** In the Euler loop: parts of a stepped equation that depend on constants alone, computed once before the loop. */
  invariant?: Invariants;
  /** In the Euler loop: running sums that each computed value joins as soon as it is computed. */
  sums?: Sums;
}

/**
 * The step's check for NaN and ±Infinity, kept as a few running sums: a value joins a sum
 * right after it is computed and can then leave the registers, where one sum of every value
 * at the end of the step kept them all alive at once (a third of the step's time). A flow
 * scaled down by a limit later in the step is finite exactly when it was before: k is in [0, 1].
 */
interface Sums {
  count: number;
  used: number;
  /** Values that need no sum of their own: a NaN or ±Infinity in them reaches one that has one (see carried). */
  carried: ReadonlySet<string>;
}
const SUMS = 8;

/**
 * Subexpressions that no step changes (priorities compared, shares multiplied together, a
 * lookup of a constant), each computed once into a local `cN` before the loop and again only
 * when a time series changes a constant. V8 does not move such work out of a loop by itself.
 * The same code gets one local, and the value is bit for bit what the step would compute.
 */
interface Invariants {
  isConstant: (e: Expr) => boolean;
  byCode: Map<string, string>;
  lines: string[];
}

/** A name, a number or a negated number already costs nothing to read. */
const worthHoisting = (e: Expr): boolean => !(e.kind === 'num' || e.kind === 'ref' || e.kind === 'dt' || e.kind === 'time' || (e.kind === 'unary' && e.arg.kind === 'num'));

const read = (ctx: Ctx, s: number): string => (ctx.loop || ctx.locals.has(s) ? `x${s}` : `v[${s}]`);
const truth = (code: string): string => `(${code} !== 0)`;

function gen(e: Expr, ctx: Ctx): string {
  const inv = ctx.invariant;
  if (inv !== undefined && worthHoisting(e) && inv.isConstant(e)) {
    const code = gen(e, { ...ctx, invariant: undefined });
    let local = inv.byCode.get(code);
    if (local === undefined) {
      local = `c${inv.byCode.size}`;
      inv.byCode.set(code, local);
      inv.lines.push(`let ${local} = ${code};`);
    }
    return local;
  }
  switch (e.kind) {
    case 'num':
      // JavaScript prints a finite double so that it reads back to the same bits.
      return e.value < 0 ? `(${String(e.value)})` : String(e.value);
    case 'ref':
      return read(ctx, ctx.slot(e.name));
    case 'time':
      return 't';
    case 'dt':
      return 'dt';
    case 'unary': {
      const a = gen(e.arg, ctx);
      if (e.op === 'not') return `(${a} === 0 ? 1 : 0)`;
      return e.op === '-' ? `(-${a})` : `(+${a})`;
    }
    case 'binary': {
      const a = gen(e.left, ctx);
      const b = gen(e.right, ctx);
      switch (e.op) {
        case '+':
        case '-':
        case '*':
        case '/':
          return `(${a} ${e.op} ${b})`;
        case '^':
          return `Math.pow(${a}, ${b})`;
        case '%':
          return `mod(${a}, ${b})`;
        case '<':
        case '<=':
        case '>':
        case '>=':
          return `(${a} ${e.op} ${b} ? 1 : 0)`;
        case '==':
          return `(${a} === ${b} ? 1 : 0)`;
        case '!=':
          return `(${a} !== ${b} ? 1 : 0)`;
        case 'and':
          return `(${truth(a)} && ${truth(b)} ? 1 : 0)`;
        case 'or':
          return `(${truth(a)} || ${truth(b)} ? 1 : 0)`;
        case 'xor':
          return `(${truth(a)} !== ${truth(b)} ? 1 : 0)`;
      }
      break;
    }
    case 'cond':
      return `(${truth(gen(e.test, ctx))} ? ${gen(e.then, ctx)} : ${gen(e.else, ctx)})`;
    case 'call':
      return genCall(e, ctx);
  }
  throw new Error(`codegen: unhandled expression ${JSON.stringify(e)}`);
}

function genCall(e: Extract<Expr, { kind: 'call' }>, ctx: Ctx): string {
  const a = e.args.map((x) => gen(x, ctx));
  const at = (i: number): string => a[i]!;
  switch (e.fn) {
    case 'min':
    case 'max':
      return a.length === 1 ? at(0) : `Math.${e.fn}(${a.join(', ')})`;
    case 'abs':
    case 'exp':
    case 'sqrt':
    case 'floor':
    case 'ceil':
    case 'log10':
      return `Math.${e.fn}(${at(0)})`;
    case 'ln':
      return `Math.log(${at(0)})`;
    case 'log':
      return a.length === 1 ? `Math.log(${at(0)})` : `(Math.log(${at(0)}) / Math.log(${at(1)}))`;
    case 'pow':
      return `Math.pow(${at(0)}, ${at(1)})`;
    case 'round':
    case 'mod':
    case 'xidz':
    case 'zidz':
      return `${e.fn}(${a.join(', ')})`;
    case 'if':
      return `(${truth(at(0))} ? ${at(1)} : ${at(2)})`;
    case 'lookup': {
      let k = ctx.tables.indexOf(e.table!);
      if (k < 0) k = ctx.tables.push(e.table!) - 1;
      return `lk(T${k}x, T${k}y, ${at(0)})`;
    }
    case 'step':
      return `step(t0, dt, ${at(0)}, ${at(1)})`;
    case 'pulse':
      return `pulse(t0, dt, ${at(0)}, ${at(1)}, ${a[2] ?? '0'})`;
    case 'ramp':
      return `ramp(t, ${at(0)}, ${at(1)}, ${a[2] ?? 'Infinity'})`;
    case 'uniform':
    case 'normal':
    case 'lognormal':
    case 'triangular':
    case 'poisson':
    case 'bernoulli':
    case 'binomial': {
      // Each call site draws from its own stream, keyed by the variable it is written in,
      // and draws once a step: later RK4 sub-steps reuse the held value.
      // The initial-value code and the step code share a site's index, so the draw made at
      // the start is the one the first step holds.
      ctx.sites += 1;
      const key = ctx.sites === 1 ? ctx.owner : `${ctx.owner}#${ctx.sites}`;
      let k = ctx.randomKeys.indexOf(key);
      if (k < 0) k = ctx.randomKeys.push(key) - 1;
      return `(st !== 0 ? H[${k}] : (H[${k}] = ${e.fn}(U${k}, ${a.join(', ')})))`;
    }
  }
  throw new Error(`codegen: unknown function ${e.fn}`);
}

/**
 * Code that scales the draining flows of a non-negative stock (positive outflows, negative
 * inflows) down to what it can give in this step: what it held at the step's start, plus
 * what flows in during the step from sources no limit can cut (a cloud, or a stock that may
 * go negative). Inflows from other non-negative stocks are not counted, so limits never wait
 * on each other and two stocks that feed each other cannot deadlock.
 */
function genLimit(stock: string, graph: ModelGraph, ctx: Ctx, from: ReadonlyMap<string, string>): string {
  const s = graph.vars.get(stock)!;
  // In the Euler loop the stock's local still holds its value from the step's start.
  const b = ctx.loop ? `x${ctx.slot(stock)}` : `b[${ctx.slot(stock)}]`;
  const outs = s.outflows.map((f) => ctx.slot(f));
  const ins = s.inflows.map((f) => ctx.slot(f));
  const sure = s.inflows.filter((f) => {
    const src = from.get(f);
    return src === undefined || !graph.vars.get(src)!.nonNegative;
  });
  const drain = [...outs.map((f) => `(${read(ctx, f)} > 0 ? ${read(ctx, f)} : 0)`), ...ins.map((f) => `(${read(ctx, f)} < 0 ? -${read(ctx, f)} : 0)`)].join(' + ');
  const gain = sure.map((f) => `(${read(ctx, ctx.slot(f))} > 0 ? ${read(ctx, ctx.slot(f))} : 0)`);
  if (ctx.loop) {
    // In the loop the scaling runs at every step, by 1 when nothing needs cutting (x · 1 is x,
    // to the bit): code that first runs only when a stock runs dry, late in some run, would be
    // code V8 optimised without ever having seen it run, and meeting it throws the loop's
    // optimised code away (see generateLoop).
    const scaleAlways = (f: number, cmp: string): string => `x${f} *= x${f} ${cmp} 0 ? k : 1;`;
    return [
      `{ const d = (${drain}) * dt, a = ${b}${gain.length > 0 ? ` + (${gain.join(' + ')}) * dt` : ''};`,
      `  const k = d > a ? (a > 0 ? a / d : 0) : 1;`,
      ...outs.map((f) => `  ${scaleAlways(f, '>')}`),
      ...ins.map((f) => `  ${scaleAlways(f, '<')}`),
      '}',
    ].join('\n');
  }
  const scale = (f: number, cmp: string): string => {
    const target = ctx.locals.has(f) ? `x${f} *= k; v[${f}] = x${f};` : `v[${f}] *= k;`;
    return `if (${read(ctx, f)} ${cmp} 0) { ${target} }`;
  };
  return [
    `{ const d = (${drain}) * dt, a = ${b}${gain.length > 0 ? ` + (${gain.join(' + ')}) * dt` : ''};`,
    `  if (d > a) { const k = a > 0 ? a / d : 0;`,
    ...outs.map((f) => `    ${scale(f, '>')}`),
    ...ins.map((f) => `    ${scale(f, '<')}`),
    '  } }',
  ].join('\n');
}

function genStatements(nodes: OrderNode[], graph: ModelGraph, ctx: Ctx, from: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  for (const node of nodes) {
    if (node.kind === 'limit') {
      lines.push(genLimit(node.stock, graph, ctx, from));
      continue;
    }
    const v = graph.vars.get(node.name)!;
    const s = ctx.slot(v.name);
    ctx.owner = v.name;
    ctx.sites = 0;
    const expr = v.kind === 'stock' ? v.initial! : v.expr!;
    const code = gen(expr, ctx);
    const rhs = v.kind === 'stock' ? `(I[${s}] === I[${s}] ? I[${s}] : ${code})` : code;
    let line = ctx.loop ? `let x${s} = ${rhs};` : `let x${s} = ${rhs}; v[${s}] = x${s};`;
    if (ctx.sums !== undefined && !ctx.sums.carried.has(v.name)) {
      const k = ctx.sums.used++ % ctx.sums.count;
      line += ` k${k} ${ctx.sums.used <= ctx.sums.count ? '=' : '+='} x${s};`;
    }
    lines.push(line);
    ctx.locals.add(s);
  }
  return lines;
}

/** The sum of every computed value: NaN or ±Infinity anywhere makes it non-finite. */
const checksum = (slots: number[]): string => (slots.length === 0 ? '0' : slots.map((s) => `x${s}`).join(' + '));

export function generate(graph: ModelGraph, lay: Layout, run: OrderNode[], init: OrderNode[], from: ReadonlyMap<string, string>): Generated {
  const randomKeys: string[] = [];
  const tables: string[] = [];
  const slot = (n: string): number => {
    const s = lay.slots.get(n);
    if (s === undefined) throw new Error(`codegen: no slot for ${n}`);
    return s;
  };
  const chunks = (nodes: OrderNode[], prefix: string, params: string): { defs: string[]; calls: string[] } => {
    const defs: string[] = [];
    const calls: string[] = [];
    for (let i = 0; i < Math.max(1, nodes.length); i += CHUNK) {
      const part = nodes.slice(i, i + CHUNK);
      const ctx: Ctx = { slot, locals: new Set(), loop: false, randomKeys, tables, owner: '', sites: 0 };
      const body = genStatements(part, graph, ctx, from);
      const computed = part.filter((n): n is Extract<OrderNode, { kind: 'var' }> => n.kind === 'var').map((n) => slot(n.name));
      const name = `${prefix}${defs.length}`;
      defs.push(`function ${name}(${params}) {\n${body.join('\n')}\nreturn ${checksum(computed)};\n}`);
      calls.push(`${name}(${params})`);
    }
    return { defs, calls };
  };

  const rates = chunks(run, 'r', 'v, b, t, t0, dt, st');
  const stockReads = lay.stocks.map((s) => `v[${s}]`);
  const inits = chunks(init, 'i', 'v, I, t, t0, dt, st');

  const net = (s: string, src: (f: number) => string): string => {
    const sv = graph.vars.get(s)!;
    const terms = [...sv.inflows.map((f) => `+ ${src(slot(f))}`), ...sv.outflows.map((f) => `- ${src(slot(f))}`)];
    return terms.length === 0 ? '0' : `(0 ${terms.join(' ')})`;
  };
  const stocks = graph.order.filter((n) => graph.vars.get(n)!.kind === 'stock');
  const euler = stocks.map((s) => {
    const i = slot(s);
    const clamp = graph.vars.get(s)!.nonNegative ? ` if (v[${i}] < 0) v[${i}] = 0;` : '';
    return `v[${i}] += dt * ${net(s, (f) => `v[${f}]`)};${clamp}`;
  });
  const stage = stocks.map((s) => `v[${slot(s)}] = b[${slot(s)}] + h * ${net(s, (f) => `v[${f}]`)};`);
  const acc = lay.flows.map((f) => `a[${f}] += w * v[${f}];`);
  const fin = stocks.map((s) => `v[${slot(s)}] = b[${slot(s)}] + dt * ${net(s, (f) => `a[${f}]`)};`);
  const negatives = stocks.filter((s) => graph.vars.get(s)!.nonNegative).map((s) => `v[${slot(s)}] < 0`);

  const bind = [
    ...tables.map((_, k) => `const T${k}x = T[${k}].xs, T${k}y = T[${k}].ys;`),
    ...randomKeys.map((_, k) => `const U${k} = U[${k}];`),
    ...rates.defs,
    ...inits.defs,
    'return {',
    `  rates(v, b, t, t0, dt, st) { return ${rates.calls.join(' + ')} + ${stockReads.length > 0 ? stockReads.join(' + ') : '0'}; },`,
    // Initial values are computed once, drawing fresh random numbers (st = 0).
    `  init(v, I, t, dt) { const t0 = t, st = 0; return ${inits.calls.join(' + ')}; },`,
    `  euler(v, dt) {\n${euler.join('\n')}\n  },`,
    `  stage(v, b, h) {\n${stage.join('\n')}\n  },`,
    `  acc(v, a, w) {\n${acc.join('\n')}\n  },`,
    `  final(v, b, a, dt) {\n${fin.join('\n')}\n  return ${negatives.length > 0 ? negatives.join(' || ') : 'false'}; },`,
    '};',
  ];
  return { source: factory(bind), randomKeys, tables };
}

/**
 * Auxiliaries whose value depends on constants only (no stock, no time, no draw, no flow),
 * and the test of whether an expression does.
 */
function constantOnly(graph: ModelGraph, run: OrderNode[]): { vars: Set<string>; isConstant: (e: Expr) => boolean } {
  const vars = new Set<string>();
  const ok = (e: Expr): boolean => {
    switch (e.kind) {
      case 'num':
      case 'dt':
        return true;
      case 'time':
        return false;
      case 'ref': {
        const v = graph.vars.get(e.name)!;
        return v.kind === 'constant' || vars.has(e.name);
      }
      case 'unary':
        return ok(e.arg);
      case 'binary':
        return ok(e.left) && ok(e.right);
      case 'cond':
        return ok(e.test) && ok(e.then) && ok(e.else);
      case 'call': {
        const kind = Object.hasOwn(BUILTINS, e.fn) ? BUILTINS[e.fn]!.kind : 'math';
        return (kind === 'math' || kind === 'lookup') && e.args.every(ok);
      }
    }
  };
  for (const n of run) {
    if (n.kind !== 'var') continue;
    const v = graph.vars.get(n.name)!;
    if (v.kind === 'aux' && v.expr !== undefined && ok(v.expr)) vars.add(n.name);
  }
  return { vars, isConstant: ok };
}

/**
 * The values of a step that need no check of their own: each is used, in the same step, where
 * a NaN or ±Infinity in it makes the using variable NaN or ±Infinity too, and that variable is
 * checked (or is itself such a value). Only +, −, × and the numerator of ÷ carry both for
 * certain (x/∞ is 0; min, max, comparisons, conditions and lookups can drop them). A step that
 * goes wrong is then still caught at that step, and redone value by value to name the first
 * variable that went wrong, as before. Decided from the last variable back, so that what a
 * variable relies on is decided before it.
 */
function carried(graph: ModelGraph, stepped: readonly OrderNode[]): Set<string> {
  const order = stepped.filter((n): n is Extract<OrderNode, { kind: 'var' }> => n.kind === 'var').map((n) => n.name);
  const users = new Map<string, string[]>();
  const walk = (e: Expr, user: string, carries: boolean): void => {
    switch (e.kind) {
      case 'ref':
        if (carries) {
          const u = users.get(e.name);
          if (u === undefined) users.set(e.name, [user]);
          else u.push(user);
        }
        return;
      case 'unary':
        return walk(e.arg, user, carries && e.op !== 'not');
      case 'binary': {
        const arith = e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/';
        walk(e.left, user, carries && arith);
        walk(e.right, user, carries && arith && e.op !== '/');
        return;
      }
      case 'cond':
        walk(e.test, user, false);
        walk(e.then, user, false);
        walk(e.else, user, false);
        return;
      case 'call':
        for (const a of e.args) walk(a, user, false);
        return;
      default:
        return;
    }
  };
  for (const name of order) {
    const v = graph.vars.get(name)!;
    if (v.expr !== undefined) walk(v.expr, name, true);
  }
  const out = new Set<string>();
  const position = new Map(order.map((n, i) => [n, i]));
  for (let i = order.length - 1; i >= 0; i--) {
    const name = order[i]!;
    // A user computed later in the same step, whose own value is checked one way or the other.
    if ((users.get(name) ?? []).some((u) => (position.get(u) ?? -1) > i)) out.add(name);
  }
  return out;
}

/**
 * When a step leaves every stock where it was, the next step computes exactly the same
 * values again, and so does every step after it, unless something else moves: time (read by
 * an equation, or by step, pulse or ramp), a time series (the caller knows when they change),
 * or a random draw. A draw cannot move anything when its distribution has collapsed to one
 * value (a poisson mean of 0, a normal of sd 0, …): the value does not depend on the draw.
 *
 * Returns the code of a test, run with the constants of the step in v, that is true when
 * every draw of a step has collapsed; `true` when the model draws nothing; null when the
 * model can never settle (it reads time, or a draw's parameters change from step to step).
 */
function settleTest(graph: ModelGraph, stepped: readonly OrderNode[], isConstant: (e: Expr) => boolean, arg: (e: Expr) => string): string | null {
  const tests: string[] = [];
  let settles = true;
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'time':
        settles = false;
        return;
      case 'unary':
        return walk(e.arg);
      case 'binary':
        walk(e.left);
        return walk(e.right);
      case 'cond':
        walk(e.test);
        walk(e.then);
        return walk(e.else);
      case 'call': {
        const kind = BUILTINS[e.fn]?.kind;
        if (kind === 'discrete' || kind === 'continuous') settles = false;
        if (kind === 'random') {
          if (!e.args.every(isConstant)) settles = false;
          else tests.push(collapsed(e.fn, e.args.map(arg)));
        }
        e.args.forEach(walk);
        return;
      }
      default:
        return;
    }
  };
  for (const n of stepped) {
    if (n.kind !== 'var') continue;
    const e = graph.vars.get(n.name)!.expr;
    if (e !== undefined) walk(e);
  }
  return settles ? (tests.length === 0 ? 'true' : tests.join(' && ')) : null;
}

/**
 * The arguments under which a distribution gives one value whatever it draws (runtime-lib's
 * draws return NaN for arguments out of range: one value too).
 */
function collapsed(fn: string, a: string[]): string {
  switch (fn) {
    case 'poisson':
      return `${a[0]} === 0`;
    case 'bernoulli':
      return `(${a[0]} === 0 || ${a[0]} === 1)`;
    case 'binomial':
      return `(${a[0]} === 0 || ${a[1]} === 0 || ${a[1]} === 1)`;
    case 'uniform':
      return `${a[0]} === ${a[1]}`;
    case 'triangular':
      return `${a[0]} === ${a[2]}`;
    case 'normal':
      return a.length >= 4 ? `(${a[1]} === 0 || ${a[2]} === ${a[3]})` : `${a[1]} === 0`;
    case 'lognormal':
      return `${a[1]} === 0`;
  }
  return 'false';
}

/**
 * A sum written as a balanced tree: a chain a + b + c + … makes each add wait for the one
 * before, which in a 30-term checksum costs more than the equations it checks.
 */
function balancedSum(terms: string[]): string {
  if (terms.length === 0) return '0';
  if (terms.length === 1) return terms[0]!;
  const mid = terms.length >> 1;
  return `(${balancedSum(terms.slice(0, mid))} + ${balancedSum(terms.slice(mid))})`;
}

const factory = (body: string[]): string => ['"use strict";', LIB, 'return function bind(T, U, H) {', ...body, '};'].join('\n');
const LIB = 'const { lk, step, pulse, ramp, round, mod, xidz, zidz, uniform, normal, lognormal, triangular, poisson, bernoulli, binomial } = lib;';

/**
 * An Euler run as one loop, every value in a local: the form that runs as fast as a loop
 * written by hand. Recording is generated for one list of slots (callers cache it).
 * Returns null for a model too large for one function; the step-by-step path serves those.
 *
 * `loop(v, start, dt, i0, i1, n, every, out, nOut, times, P, T, U, H)` does steps i0 … i1 of a
 * run of n steps: it reads constants and the stocks at step i0 from v, writes the values of
 * `record` at every `every`-th step into `out` (column k at k·nOut), and writes the stocks
 * after step i1 back to v. It returns the number of points saved so far, or −(i+1) when step
 * i produced NaN or ±Infinity, with v holding the stocks as at the start of that step.
 * `P`, when given, holds the time-series parameters at every step (a SeriesPlan): at a step
 * where one of them changes, the loop writes them into v and recomputes what they feed.
 *
 * A run is done in blocks of steps (simulate's LOOP_BLOCK) rather than in one call, so that
 * V8 optimises this function as one it calls often. A single long call gets only
 * on-stack-replacement code; once that code is dropped (code first run before V8 kept
 * feedback for it, a value of a shape not seen before), later calls keep re-entering it from
 * the interpreter, and in some processes ran the whole ensemble 1.5 to 2 times slower.
 *
 * The source returns `{ loop, settled }`: `settled(v, dt, T)`, with the constants of a step
 * in v, tells whether a step that left every stock alone proves that all later steps repeat
 * it (see settleTest); null for a model where it never can.
 */
export function generateLoop(graph: ModelGraph, lay: Layout, run: OrderNode[], from: ReadonlyMap<string, string>, record: readonly number[], randomKeys: readonly string[], tables: readonly string[]): string | null {
  if (run.length > CHUNK) return null;
  const slot = (n: string): number => lay.slots.get(n)!;
  const keys = [...randomKeys];
  const tabs = [...tables];
  const ctx: Ctx = { slot, locals: new Set(), loop: true, randomKeys: keys, tables: tabs, owner: '', sites: 0 };
  // Auxiliaries that depend on constants alone are computed before the loop (and again when
  // a time series changes a constant), not at every step.
  const { vars: fixed, isConstant } = constantOnly(graph, run);
  const hoisted = run.filter((n) => n.kind === 'var' && fixed.has(n.name));
  const stepped = run.filter((n) => !(n.kind === 'var' && fixed.has(n.name)));
  const storeStocks = lay.stocks.map((s) => `v[${s}] = x${s};`).join(' ');
  const hoistedLines = genStatements(hoisted, graph, ctx, from);
  const invariant: Invariants = { isConstant, byCode: new Map(), lines: [] };
  const sums: Sums = { count: SUMS, used: 0, carried: carried(graph, stepped) };
  const body = genStatements(stepped, graph, { ...ctx, invariant, sums }, from);
  const nSums = Math.min(SUMS, sums.used);
  const before = [...hoistedLines, ...invariant.lines];
  const recompute = before.map((line) => line.replace(/^let /, ''));
  // What depends on constants alone is checked when a time series makes the loop compute it
  // again, not at every step. At the start, the initial values (every variable) were checked.
  const hoistedSlots = hoisted.map((n) => slot((n as Extract<OrderNode, { kind: 'var' }>).name));
  const checkHoisted = hoistedSlots.length === 0 ? '' : `{ const h = ${balancedSum(hoistedSlots.map((x) => `x${x}`))}; if (h - h !== 0) { ${storeStocks} return -1 - i; } }`;
  // Arguments of draws depend on constants alone: computed from the constants and the hoisted values.
  const settle = settleTest(graph, stepped, isConstant, (e) => gen(e, { ...ctx, owner: '', sites: 0 }));
  // New keys or tables would not match the indices bind() was given.
  if (keys.length !== randomKeys.length || tabs.length !== tables.length) throw new Error('codegen: loop and step code disagree on random sites or tables');
  const stocks = graph.order.filter((n) => graph.vars.get(n)!.kind === 'stock');
  const net = (s: string): string => {
    const sv = graph.vars.get(s)!;
    const terms = [...sv.inflows.map((f) => `+ x${slot(f)}`), ...sv.outflows.map((f) => `- x${slot(f)}`)];
    return terms.length === 0 ? '0' : `(0 ${terms.join(' ')})`;
  };
  const update = stocks.map((s) => {
    const i = slot(s);
    return `x${i} += dt * ${net(s)};${graph.vars.get(s)!.nonNegative ? ` if (x${i} < 0) x${i} = 0;` : ''}`;
  });
  const loadConstants = lay.constants.map((c) => `x${c} = v[${c}];`).join(' ');
  // One function for every run (its tables, streams and draws come in as arguments): a fresh
  // closure per run would make V8 optimise it again, and sometimes badly.
  const settled =
    settle === null
      ? ['settled: null,']
      : [
          'settled(v, dt, T) {',
          ...tables.map((_, k) => `const T${k}x = T[${k}].xs, T${k}y = T[${k}].ys;`),
          lay.constants.length > 0 ? `const ${lay.constants.map((c) => `x${c} = v[${c}]`).join(', ')};` : '',
          ...hoistedLines,
          `return ${settle};`,
          '},',
        ];
  const loop = [
    'return {',
    ...settled,
    'loop: function loop(v, start, dt, i0, i1, n, every, out, nOut, times, P, T, U, H) {',
    ...tables.map((_, k) => `const T${k}x = T[${k}].xs, T${k}y = T[${k}].ys;`),
    ...randomKeys.map((_, k) => `const U${k} = U[${k}];`),
    lay.constants.length > 0 ? `let ${lay.constants.map((c) => `x${c} = v[${c}]`).join(', ')};` : '',
    lay.stocks.length > 0 ? `let ${lay.stocks.map((c) => `x${c} = v[${c}]`).join(', ')};` : '',
    ...before,
    // Where the countdown to the next saved point stands at step i0 (a save at every i with i % every = 0).
    'let saved = Math.floor((i0 + every - 1) / every), untilSave = ((every - (i0 % every)) % every) + 1;',
    nSums > 0 ? `let ${Array.from({ length: nSums }, (_, k) => `k${k} = 0`).join(', ')};` : '',
    'for (let i = i0; ; i++) {',
    // The first step reuses the draws that the initial values made at the start time.
    'const t = start + i * dt, t0 = t, st = i === 0 ? 1 : 0;',
    // Time series are read from a table made before the run: no call, and nothing at all at
    // the steps where none of them changes (most steps of a blockade).
    `if (P !== null && P.changed[i] !== 0) { const S = P.slots, k = S.length, V = P.values; for (let q = 0; q < k; q++) v[S[q]] = V[i * k + q]; ${loadConstants} ${recompute.join(' ')} ${checkHoisted} }`,
    ...body,
    `const chk = ${balancedSum([...Array.from({ length: nSums }, (_, k) => `k${k}`), ...lay.stocks.map((x) => `x${x}`)])};`,
    `if (chk - chk !== 0) { ${storeStocks} return -1 - i; }`,
    // A countdown, not i % every: an integer division every step costs more than the check.
    `if (--untilSave === 0) { untilSave = every; times[saved] = t; ${record.map((r, k) => `out[${k === 0 ? '' : `${k} * nOut + `}saved] = x${r};`).join(' ')} saved++; }`,
    'if (i === n) break;',
    ...update,
    'if (i === i1) break;',
    '}',
    storeStocks,
    'return saved;',
    '},',
    '};',
  ];
  return ['"use strict";', LIB, ...loop].join('\n');
}
