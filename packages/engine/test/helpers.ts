import { expect } from 'vitest';
import { ModelError, compileModel, simulate, type EngineErrorCode, type EngineIssue, type IntegrationMethod, type ModelInput, type RunOptions, type RunResult } from '../src/index.js';

/** A model with everything optional: time defaults to 0..10 by 1 (Euler). */
export type PartialModel = Partial<ModelInput>;

const withTime = (m: PartialModel): ModelInput => ({ time: { start: 0, stop: 10, dt: 1 }, ...m });

/** Compiles a (partial) model and runs it once. */
export function run(m: PartialModel, options: RunOptions = {}): RunResult {
  return simulate(compileModel(withTime(m)), options);
}

/** The recorded series of one variable. */
export function series(m: PartialModel, name: string, options: RunOptions = {}): number[] {
  return Array.from(run(m, { ...options, record: [name] }).series[name]!);
}

export interface ValueOptions {
  /** The time to read the value at (default 0); the run goes to at least this time. */
  t?: number;
  dt?: number;
  method?: IntegrationMethod;
  consts?: Record<string, number>;
  lookups?: Record<string, [number, number][]>;
}

/** The value of one equation, as a one-auxiliary model computes it at time t. */
export function value(expr: string | number, opts: ValueOptions = {}): number {
  const t = opts.t ?? 0;
  const dt = opts.dt ?? 1;
  const i = Math.round(t / dt);
  const s = series(
    {
      time: { start: 0, stop: Math.max(1, i) * dt, dt, method: opts.method ?? 'euler' },
      constants: Object.fromEntries(Object.entries(opts.consts ?? {}).map(([k, v]) => [k, { value: v }])),
      lookups: Object.fromEntries(Object.entries(opts.lookups ?? {}).map(([k, points]) => [k, { points }])),
      auxiliaries: { out: { equation: expr } },
    },
    'out',
  );
  return s[i]!;
}

/**
 * Runs `fn`, which must throw a ModelError; returns its first issue, and checks that its
 * code is `code` (or one of them) when given.
 */
export function expectIssue(fn: () => unknown, code?: EngineErrorCode | readonly EngineErrorCode[]): EngineIssue {
  let thrown: unknown;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    thrown = e;
  }
  const want = code === undefined ? 'a ModelError' : `a ModelError (${[code].flat().join(' or ')})`;
  if (!threw) expect.fail(`expected ${want}, but nothing was thrown`);
  if (!(thrown instanceof ModelError)) {
    const e = thrown as Error;
    expect.fail(`expected ${want}, but got ${e?.name ?? typeof e}: ${e?.message ?? String(e)}`);
  }
  const first = thrown.issues[0];
  if (first === undefined) expect.fail('the ModelError lists no issues');
  if (code !== undefined) expect([code].flat(), first.message).toContain(first.code);
  return first;
}
