import { issue, type EngineIssue } from '../errors.js';
import type { ModelGraph } from './graph.js';
import { references } from './ir.js';

/** A node of the evaluation order: a variable, or the non-negativity limit of a stock. */
export type OrderNode = { kind: 'var'; name: string } | { kind: 'limit'; stock: string };

export interface Wiring {
  /** The stock a flow leaves, and the stock it enters. */
  from: Map<string, string>;
  to: Map<string, string>;
}

export function wiring(graph: ModelGraph): Wiring {
  const from = new Map<string, string>();
  const to = new Map<string, string>();
  for (const v of graph.vars.values()) {
    if (v.kind !== 'stock') continue;
    for (const f of v.outflows) from.set(f, v.name);
    for (const f of v.inflows) to.set(f, v.name);
  }
  return { from, to };
}

const key = (n: OrderNode): string => (n.kind === 'var' ? n.name : `limit:${n.stock}`);
const label = (n: OrderNode): string => (n.kind === 'var' ? n.name : `(non-negativity limit of ${n.stock})`);

/**
 * The order in which one step computes auxiliaries and flows. A flow that leaves a
 * non-negative stock is read only after that stock's limit has scaled it, so every reader
 * (a delay's inflow, a cost, another stock's inflow) sees the amount that really moved.
 */
export function runOrder(graph: ModelGraph, w: Wiring): { order: OrderNode[]; issues: EngineIssue[] } {
  const nodes = new Map<string, { node: OrderNode; deps: string[]; index: number }>();
  let index = 0;
  for (const name of graph.order) {
    const v = graph.vars.get(name)!;
    if (v.kind !== 'aux' && v.kind !== 'flow') continue;
    const deps: string[] = [];
    for (const r of references(v.expr ?? { kind: 'num', value: 0 })) {
      const rv = graph.vars.get(r);
      if (rv === undefined || (rv.kind !== 'aux' && rv.kind !== 'flow')) continue;
      const src = w.from.get(r);
      deps.push(src !== undefined && graph.vars.get(src)!.nonNegative ? `limit:${src}` : r);
    }
    nodes.set(name, { node: { kind: 'var', name }, deps, index: index++ });
  }
  for (const name of graph.order) {
    const s = graph.vars.get(name)!;
    if (s.kind !== 'stock' || !s.nonNegative || s.outflows.length + s.inflows.length === 0) continue;
    const n: OrderNode = { kind: 'limit', stock: name };
    nodes.set(key(n), { node: n, deps: [...s.outflows, ...s.inflows], index: index++ });
  }
  return topoSort(nodes, 'a loop of auxiliaries and flows with no stock in it');
}

/**
 * The order in which a run's start computes initial values: stocks' initial expressions
 * may read constants, other stocks' initial values and auxiliaries at the start time.
 */
export function initOrder(graph: ModelGraph): { order: OrderNode[]; issues: EngineIssue[] } {
  const nodes = new Map<string, { node: OrderNode; deps: string[]; index: number }>();
  let index = 0;
  for (const name of graph.order) {
    const v = graph.vars.get(name)!;
    if (v.kind === 'constant') continue;
    const e = v.kind === 'stock' ? v.initial : v.expr;
    const deps = e === undefined ? [] : references(e).filter((r) => graph.vars.get(r)?.kind !== 'constant' && graph.vars.has(r));
    nodes.set(name, { node: { kind: 'var', name }, deps, index: index++ });
  }
  return topoSort(nodes, 'a loop in the initial values');
}

function topoSort(nodes: Map<string, { node: OrderNode; deps: string[]; index: number }>, what: string): { order: OrderNode[]; issues: EngineIssue[] } {
  const indegree = new Map<string, number>();
  const users = new Map<string, string[]>();
  for (const [k, n] of nodes) {
    const deps = [...new Set(n.deps.filter((d) => nodes.has(d)))];
    n.deps = deps;
    indegree.set(k, deps.length);
    for (const d of deps) {
      const u = users.get(d);
      if (u === undefined) users.set(d, [k]);
      else u.push(k);
    }
  }
  // Ready nodes come out in declaration order, so the generated code reads like the model.
  const ready = [...nodes.entries()].filter(([k]) => indegree.get(k) === 0).map(([k]) => k);
  const byIndex = (a: string, b: string): number => nodes.get(a)!.index - nodes.get(b)!.index;
  ready.sort(byIndex);
  const order: OrderNode[] = [];
  while (ready.length > 0) {
    const k = ready.shift()!;
    order.push(nodes.get(k)!.node);
    const freed: string[] = [];
    for (const u of users.get(k) ?? []) {
      const d = indegree.get(u)! - 1;
      indegree.set(u, d);
      if (d === 0) freed.push(u);
    }
    if (freed.length > 0) {
      ready.push(...freed);
      ready.sort(byIndex);
    }
  }
  if (order.length === nodes.size) return { order, issues: [] };

  const left = new Set([...nodes.keys()].filter((k) => indegree.get(k)! > 0));
  const issues: EngineIssue[] = [];
  const reported = new Set<string>();
  for (const start of [...left].sort(byIndex)) {
    if (reported.has(start)) continue;
    const found = findCycle(start, left, nodes);
    if (found === undefined) continue;
    // Start the loop at its first-declared member, so the message reads like the model.
    const first = found.reduce((best, k, i) => (nodes.get(k)!.index < nodes.get(found[best]!)!.index ? i : best), 0);
    const cycle = [...found.slice(first), ...found.slice(0, first)];
    cycle.forEach((k) => reported.add(k));
    const names = cycle.map((k) => label(nodes.get(k)!.node));
    const firstNode = nodes.get(cycle.find((k) => nodes.get(k)!.node.kind === 'var') ?? cycle[0]!)!.node;
    const variable = firstNode.kind === 'var' ? firstNode.name : firstNode.stock;
    issues.push(
      issue('cycle', `${what}: ${[...names, names[0]!].join(' → ')}. Break it with a stock, or a smooth() or delay1() of one of these.`, [], {
        variable,
        cycle: [...cycle.map((k) => label(nodes.get(k)!.node)), label(nodes.get(cycle[0]!)!.node)],
      }),
    );
  }
  return { order, issues };
}

/** Follows dependencies from `start` inside the unsorted rest until a node repeats. */
function findCycle(start: string, left: Set<string>, nodes: Map<string, { deps: string[] }>): string[] | undefined {
  const path: string[] = [];
  const onPath = new Map<string, number>();
  const visited = new Set<string>();
  const dfs = (k: string): string[] | undefined => {
    if (onPath.has(k)) return path.slice(onPath.get(k)!);
    if (visited.has(k)) return undefined;
    visited.add(k);
    onPath.set(k, path.length);
    path.push(k);
    for (const d of nodes.get(k)!.deps) {
      if (!left.has(d)) continue;
      const c = dfs(d);
      if (c !== undefined) return c;
    }
    path.pop();
    onPath.delete(k);
    return undefined;
  };
  // Dependencies point backwards (a needs b); reverse so the loop reads in the direction of influence.
  return dfs(start)?.reverse();
}
