import type { Model } from '../model/schema.js';
import { assemble, compiledParts, type CompiledModel } from './assemble.js';
import type { LookupTable, Var } from './graph.js';
import type { OrderNode } from './order.js';

/**
 * Stamped on every serialized model; restoreCompiled refuses any other. Change it whenever
 * what is serialized, or what the engine makes of it, changes shape. (A cache that outlives an
 * engine build should also key its entries by that build: see the CLI's compiled-model cache.)
 */
export const COMPILED_FORMAT = 'corridor-compiled/1';

/** Numbers JSON cannot carry. */
type Special = 'NaN' | 'Infinity' | '-Infinity' | '-0';

/**
 * A compiled model as plain JSON-able data: the model, its variables with their expression
 * trees, the layout, the run order and wiring, the constants' values, the lookup tables and
 * the generated step source. `JSON.parse(JSON.stringify(s))` restores to the same model.
 */
export interface SerializedModel {
  format: string;
  model: Model;
  /** The graph's variables, in the graph's map order. */
  vars: Var[];
  order: string[];
  lookups: { name: string; xs: number[]; ys: number[]; xUnit?: string; yUnit?: string }[];
  runOrder: OrderNode[];
  from: [string, string][];
  layout: { names: string[]; constants: number[]; stocks: number[]; flows: number[] };
  constantValues: number[];
  source: string;
  randomKeys: string[];
  tableOrder: string[];
  /** NaN, ±Infinity and −0 by their path in this object; null stands in their place. */
  specials: [path: (string | number)[], value: Special][];
}

/**
 * The data a compiled model is made of, as JSON-able data; restoreCompiled turns it back into
 * a model that runs bit-identically, without loading mathjs or parsing anything. Only models
 * made by compileModel or restoreCompiled can be serialized.
 */
export function serializeCompiled(compiled: CompiledModel): SerializedModel {
  const parts = compiledParts(compiled);
  if (parts === undefined) throw new Error('serializeCompiled: not a model made by compileModel or restoreCompiled');
  const { graph, layout } = parts;
  const plain = {
    format: COMPILED_FORMAT,
    model: parts.model,
    vars: [...graph.vars.values()],
    order: graph.order,
    lookups: [...graph.lookups.values()].map((t) => ({
      name: t.name,
      xs: Array.from(t.xs),
      ys: Array.from(t.ys),
      ...(t.xUnit !== undefined ? { xUnit: t.xUnit } : {}),
      ...(t.yUnit !== undefined ? { yUnit: t.yUnit } : {}),
    })),
    runOrder: parts.runOrder,
    from: [...parts.from],
    layout: { names: layout.names, constants: layout.constants, stocks: layout.stocks, flows: layout.flows },
    constantValues: Array.from(parts.constantValues),
    source: parts.source,
    randomKeys: parts.randomKeys,
    tableOrder: parts.tableOrder,
  };
  const specials: [(string | number)[], Special][] = [];
  // A deep copy: the compiled model's own objects are never shared with, or changed for, the caller.
  const out = copy(plain, [], specials) as Omit<SerializedModel, 'specials'>;
  return { ...out, specials };
}

function copy(x: unknown, path: (string | number)[], specials: [(string | number)[], Special][]): unknown {
  if (typeof x === 'number') {
    if (Number.isFinite(x) && !Object.is(x, -0)) return x;
    specials.push([[...path], Object.is(x, -0) ? '-0' : (String(x) as Special)]);
    return null;
  }
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map((v, i) => copy(v, [...path, i], specials));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = copy(v, [...path, k], specials);
  return out;
}

const SPECIAL: Readonly<Record<Special, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/**
 * Turns serialized data (as serializeCompiled made it, possibly through JSON) back into a
 * compiled model. Throws when the data is not a compiled model of this engine's format, so
 * that a cache can fall back to compiling; it never loads mathjs.
 *
 * The data is taken over, not copied (a copy costs more than the rest of restoring): the
 * model keeps parts of it, and NaN, ±Infinity and −0 are put back in place of their nulls.
 * Do not change it afterwards; restoring the same data again is fine.
 */
export function restoreCompiled(data: unknown): CompiledModel {
  const fail = (why: string): never => {
    throw new Error(`restoreCompiled: ${why}`);
  };
  if (typeof data !== 'object' || data === null) return fail('not an object');
  if ((data as { format?: unknown }).format !== COMPILED_FORMAT) return fail(`format ${JSON.stringify((data as { format?: unknown }).format)} is not ${COMPILED_FORMAT}`);
  const s = data as SerializedModel;
  const arrays = ['vars', 'order', 'lookups', 'runOrder', 'from', 'constantValues', 'randomKeys', 'tableOrder', 'specials'] as const;
  for (const k of arrays) if (!Array.isArray(s[k])) fail(`${k} is not an array`);
  if (typeof s.model !== 'object' || s.model === null || typeof s.source !== 'string' || typeof s.layout !== 'object' || s.layout === null) fail('model, source or layout missing');
  const { names, constants, stocks, flows } = s.layout;
  if (![names, constants, stocks, flows].every(Array.isArray)) fail('layout is incomplete');

  for (const entry of s.specials) {
    const [path, value] = Array.isArray(entry) ? entry : [];
    if (!Array.isArray(path) || path.length === 0 || typeof value !== 'string' || !Object.hasOwn(SPECIAL, value)) return fail('a bad special number');
    let at: unknown = s;
    for (const k of path.slice(0, -1)) at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[k] : undefined;
    const last = path[path.length - 1]!;
    const was = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[last] : undefined;
    // null as serialized; the number itself when this data was restored before.
    if (was !== null && !Object.is(was, SPECIAL[value as Special])) fail(`no null at ${path.join('.')}`);
    (at as Record<string | number, unknown>)[last] = SPECIAL[value as Special];
  }

  const vars = new Map<string, Var>();
  for (const v of s.vars) {
    if (typeof v !== 'object' || v === null || typeof v.name !== 'string') fail('a variable without a name');
    vars.set(v.name, v);
  }
  const lookups = new Map<string, LookupTable>();
  for (const t of s.lookups) {
    lookups.set(t.name, {
      name: t.name,
      xs: Float64Array.from(t.xs),
      ys: Float64Array.from(t.ys),
      ...(t.xUnit !== undefined ? { xUnit: t.xUnit } : {}),
      ...(t.yUnit !== undefined ? { yUnit: t.yUnit } : {}),
    });
  }
  // The checks that keep a damaged file from giving wrong results rather than an error.
  const size = names.length;
  const inRange = (k: unknown): boolean => Number.isInteger(k) && (k as number) >= 0 && (k as number) < size;
  if (s.constantValues.length !== size || ![...constants, ...stocks, ...flows].every(inRange)) fail('layout and values disagree');
  if (!names.every((n) => vars.has(n)) || !s.order.every((n) => vars.has(n))) fail('the layout names a variable that is not there');
  if (!s.runOrder.every((n) => (n.kind === 'var' ? vars.has(n.name) : n.kind === 'limit' && vars.has(n.stock)))) fail('the run order names a variable that is not there');
  if (!s.tableOrder.every((t) => lookups.has(t))) fail('a lookup table is missing');

  return assemble({
    model: s.model,
    graph: { vars, order: s.order, lookups },
    layout: { slots: new Map(names.map((n, i) => [n, i])), names, constants, stocks, flows, size },
    runOrder: s.runOrder,
    from: new Map(s.from),
    constantValues: Float64Array.from(s.constantValues),
    source: s.source,
    randomKeys: s.randomKeys,
    tableOrder: s.tableOrder,
  });
}
