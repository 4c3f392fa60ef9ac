import type { ModelGraph, Var } from './graph.js';
import { bin, mapExpr, num, ref, type Expr } from './ir.js';

/**
 * Replaces every smooth/smooth3/delay1/delay3 call by hidden stocks and flows, the way
 * Vensim defines them, so the integrator treats them like any other stock:
 *
 * - smooth(x, τ[, x0]):  S' = (x − S)/τ, S(0) = x0 or x; the call reads S.
 * - smooth3: three such stages in a row, each with τ/3; the call reads the last.
 * - delay1(r, τ[, r0]): a transit stock T with inflow r and outflow T/τ, T(0) = r0·τ
 *   (r0 defaults to r); the call reads the outflow. Material is conserved: what enters
 *   T leaves it, exactly, in every step.
 * - delay3: three transit stocks in a row, each with τ/3.
 *
 * Arguments that are not a plain name or number become hidden auxiliaries first, so an
 * argument's random draw or costly lookup is computed once, not once per stage.
 *
 * A flow whose whole equation is a delay call becomes the delay's outflow itself, not a
 * copy of it: when the stock it fills limits it, the transit stock gives exactly what was taken.
 */
export function expandStateful(graph: ModelGraph): void {
  for (const name of [...graph.order]) {
    const v = graph.vars.get(name)!;
    if (v.expr === undefined) continue;
    let site = 0;
    const expand = (e: Expr, alias?: string): Expr => {
      if (e.kind !== 'call') return e;
      const fn = e.fn;
      if (fn !== 'smooth' && fn !== 'smooth3' && fn !== 'delay1' && fn !== 'delay3') return e;
      site += 1;
      const prefix = `${v.name}.${fn}#${site}`;
      const hid = (suffix: string, kind: Var['kind'], extra: Partial<Var>): string => {
        const hv: Var = { name: `${prefix}.${suffix}`, kind, hidden: true, owner: v.name, path: v.path, text: v.text, inflows: [], outflows: [], nonNegative: false, ...extra };
        graph.vars.set(hv.name, hv);
        graph.order.push(hv.name);
        return hv.name;
      };
      const arg = (i: number, suffix: string): Expr | undefined => {
        const a = e.args[i];
        if (a === undefined || a.kind === 'ref' || a.kind === 'num') return a;
        return ref(hid(suffix, 'aux', { expr: a }));
      };
      const input = arg(0, 'input')!;
      const tau = arg(1, 'delay')!;
      const init = arg(2, 'initial') ?? input;
      const stages = fn.endsWith('3') ? 3 : 1;
      // A stage's delay is its own (hidden) variable, so a delay time set by constants is
      // computed once per run rather than once per stage and step.
      const stageTau = stages === 1 ? tau : tau.kind === 'num' ? num(tau.value / 3) : ref(hid('stage_delay', 'aux', { expr: bin('/', tau, num(3)) }));

      if (fn.startsWith('smooth')) {
        let upstream = input;
        let last = '';
        for (let k = 1; k <= stages; k++) {
          const stock = `${prefix}.stage${k}`;
          const change = hid(`change${k}`, 'flow', { expr: bin('/', bin('-', upstream, ref(stock)), stageTau) });
          hid(`stage${k}`, 'stock', { initial: init, inflows: [change] });
          upstream = ref(stock);
          last = stock;
        }
        return ref(last);
      }

      // Material delay: inflow → T1 → … → Tn → outflow.
      let entering = hid('inflow', 'flow', { expr: input });
      for (let k = 1; k <= stages; k++) {
        const stock = `${prefix}.transit${k}`;
        const rate = bin('/', ref(stock), stageTau);
        const leaving = k === stages && alias !== undefined ? alias : hid(k === stages ? 'outflow' : `flow${k}`, 'flow', { expr: rate });
        hid(`transit${k}`, 'stock', { initial: bin('*', init, stageTau), inflows: [entering], outflows: [leaving] });
        if (k === stages) return alias !== undefined ? rate : ref(leaving);
        entering = leaving;
      }
      throw new Error('unreachable');
    };
    const top = v.expr;
    if (v.kind === 'flow' && top.kind === 'call' && (top.fn === 'delay1' || top.fn === 'delay3')) {
      v.expr = expand({ ...top, args: top.args.map((a) => mapExpr(a, (e) => expand(e))) }, v.name);
    } else {
      v.expr = mapExpr(v.expr, (e) => expand(e));
    }
  }
}
