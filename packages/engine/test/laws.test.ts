import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, simulate, type IntegrationMethod, type ModelInput, type RunResult } from '../src/index.js';

/**
 * Laws every model must obey, checked over generated models: random networks of stocks and
 * flows with delay1/delay3 in them, non-negative stocks, random draws, both integrators.
 */

type FlowShape = { kind: 'const'; c: number } | { kind: 'prop'; k: number } | { kind: 'capped'; c: number; k: number } | { kind: 'signed'; c: number; k: number } | { kind: 'noisy'; c: number };

interface Edge {
  from: number;
  to: number;
  shape: FlowShape;
  /** When set, the material leaves `from` at once and reaches `to` through a material delay. */
  delay?: { fn: 'delay1' | 'delay3'; tau: number };
}

interface Net {
  stocks: { initial: number; nonNegative: boolean }[];
  edges: Edge[];
  method: IntegrationMethod;
  dt: number;
}

const shape: fc.Arbitrary<FlowShape> = fc.oneof(
  fc.record({ kind: fc.constant('const' as const), c: fc.double({ min: 0, max: 20, noNaN: true }) }),
  fc.record({ kind: fc.constant('prop' as const), k: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('capped' as const), c: fc.double({ min: 0, max: 20, noNaN: true }), k: fc.double({ min: 0, max: 2, noNaN: true }) }),
  // Can be negative: a flow that runs backwards.
  fc.record({ kind: fc.constant('signed' as const), c: fc.double({ min: -10, max: 10, noNaN: true }), k: fc.double({ min: -0.5, max: 0.5, noNaN: true }) }),
  fc.record({ kind: fc.constant('noisy' as const), c: fc.double({ min: 0, max: 20, noNaN: true }) }),
);

const net: fc.Arbitrary<Net> = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    stocks: fc.array(fc.record({ initial: fc.double({ min: 0, max: 100, noNaN: true }), nonNegative: fc.boolean() }), { minLength: n, maxLength: n }),
    edges: fc.array(
      fc.record({
        from: fc.integer({ min: 0, max: n }),
        to: fc.integer({ min: 0, max: n }),
        shape,
        delay: fc.option(fc.record({ fn: fc.constantFrom('delay1' as const, 'delay3' as const), tau: fc.double({ min: 1, max: 8, noNaN: true }) }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    method: fc.constantFrom('euler' as const, 'rk4' as const),
    dt: fc.constantFrom(0.25, 0.5, 1),
  }),
);

/** Stock n is the outside world, made explicit so that the whole network is closed. */
function toModel(m: Net): ModelInput {
  const names = [...m.stocks.map((_, i) => `s${i}`), 'outside'];
  const stocks: Record<string, { initial: number; nonNegative: boolean; inflows: string[]; outflows: string[] }> = {};
  m.stocks.forEach((s, i) => (stocks[`s${i}`] = { initial: s.initial, nonNegative: s.nonNegative, inflows: [], outflows: [] }));
  stocks.outside = { initial: 1000, nonNegative: false, inflows: [], outflows: [] };
  const flows: Record<string, { equation: string }> = {};
  m.edges.forEach((e, j) => {
    if (e.from === e.to) return;
    const src = names[e.from]!;
    const eq = (() => {
      switch (e.shape.kind) {
        case 'const':
          return `${e.shape.c}`;
        case 'prop':
          return `${e.shape.k} * ${src}`;
        case 'capped':
          return `min(${e.shape.c}, ${e.shape.k} * ${src})`;
        case 'signed':
          return `${e.shape.c} + ${e.shape.k} * ${src}`;
        case 'noisy':
          return `${e.shape.c} * uniform(0, 2)`;
      }
    })();
    const f = `f${j}`;
    flows[f] = { equation: eq };
    stocks[src]!.outflows.push(f);
    const dst = names[e.to]!;
    if (e.delay === undefined) {
      stocks[dst]!.inflows.push(f);
    } else {
      flows[`a${j}`] = { equation: `${e.delay.fn}(${f}, ${e.delay.tau})` };
      stocks[dst]!.inflows.push(`a${j}`);
    }
  });
  return { time: { start: 0, stop: 20, dt: m.dt, method: m.method }, stocks, flows };
}

function run(model: ModelInput, seed = 1, runIndex = 0): { r: RunResult; stocks: string[] } {
  const c = compileModel(model);
  const stocks = [...c.variables.values()].filter((v) => v.kind === 'stock').map((v) => v.name);
  const r = simulate(c, { seed, runIndex, record: [...c.variables.keys()] });
  return { r, stocks };
}

describe('laws of stocks and flows', () => {
  it('conserves material through networks of stocks, flows, delay1 and delay3', () => {
    fc.assert(
      fc.property(net, (m) => {
        const { r, stocks } = run(toModel(m));
        // Every stock, the hidden transit stocks of the delays and the outside included.
        const total = (i: number): number => stocks.reduce((sum, s) => sum + r.series[s]![i]!, 0);
        const t0 = total(0);
        for (let i = 1; i < r.times.length; i++) {
          expect(Math.abs(total(i) - t0)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(t0)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps non-negative stocks at or above zero, under Euler and RK4', () => {
    fc.assert(
      fc.property(net, (m) => {
        const model = toModel(m);
        const { r } = run(model);
        m.stocks.forEach((s, i) => {
          if (!s.nonNegative) return;
          for (const x of r.series[`s${i}`]!) expect(x).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('gives bit-identical series for the same seed and run index, alone or after other runs', () => {
    fc.assert(
      fc.property(net, fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 10_000 }), (m, seed, runIndex) => {
        const model = toModel(m);
        const alone = run(model, seed, runIndex).r;
        const c = compileModel(model);
        for (let k = 0; k < 3; k++) simulate(c, { seed, runIndex: runIndex + k + 1 });
        const again = simulate(c, { seed, runIndex, record: Object.keys(alone.series) });
        for (const [name, xs] of Object.entries(alone.series)) {
          const ys = again.series[name]!;
          xs.forEach((x, i) => expect(Object.is(x, ys[i])).toBe(true));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('adding a random variable leaves every other random series unchanged', () => {
    const draw = fc.oneof(
      fc.constant('uniform(0, 10)'),
      fc.constant('normal(5, 2)'),
      fc.constant('normal(5, 2, 0, 6)'),
      fc.constant('lognormal(0, 0.5)'),
      fc.constant('triangular(0, 1, 4)'),
      fc.constant('poisson(3)'),
      fc.constant('bernoulli(0.3)'),
      fc.constant('binomial(20, 0.4)'),
      fc.constant('normal(1, 1) + uniform(0, 1)'),
    );
    fc.assert(
      fc.property(
        fc.array(draw, { minLength: 1, maxLength: 6 }),
        draw,
        fc.integer({ min: 0, max: 7 }),
        fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/),
        fc.constantFrom('euler' as const, 'rk4' as const),
        fc.integer({ min: 0, max: 1000 }),
        (eqs, extra, at, extraName, method, seed) => {
          const names = eqs.map((_, i) => `r${i}`);
          fc.pre(!names.includes(extraName) && !['time', 'dt'].includes(extraName) && extraName !== 'acc');
          const aux = (withExtra: boolean): Record<string, { equation: string }> => {
            const entries: [string, { equation: string }][] = names.map((n, i) => [n, { equation: eqs[i]! }]);
            if (withExtra) entries.splice(Math.min(at, entries.length), 0, [extraName, { equation: extra }]);
            return Object.fromEntries(entries);
          };
          const model = (withExtra: boolean): ModelInput => ({
            time: { start: 0, stop: 10, dt: 0.5, method },
            // A stock integrating the first draw, so RK4 sub-steps are exercised too.
            stocks: { acc: { initial: 0, inflows: ['gain'] } },
            flows: { gain: { equation: 'r0' } },
            auxiliaries: aux(withExtra),
          });
          const before = simulate(compileModel(model(false)), { seed, record: [...names, 'acc'] });
          const after = simulate(compileModel(model(true)), { seed, record: [...names, 'acc'] });
          for (const n of [...names, 'acc']) {
            before.series[n]!.forEach((x, i) => expect(Object.is(x, after.series[n]![i])).toBe(true));
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
