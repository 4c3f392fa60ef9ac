/**
 * The functions an equation may call. The code generator emits a call only for a name in
 * this table, so nothing else (least of all mathjs's own `evaluate`, `import`, …) is reachable.
 */
export type BuiltinKind =
  /** A pure function of its arguments. */
  | 'math'
  /** Depends on time; held at the start of the step across RK4 sub-steps. */
  | 'discrete'
  /** Continuous in time: sees the sub-step time. */
  | 'continuous'
  /** A seeded random draw; one draw per step, held across RK4 sub-steps. */
  | 'random'
  /** Expands into hidden stocks and flows before compiling. */
  | 'stateful'
  | 'lookup';

export interface Builtin {
  kind: BuiltinKind;
  min: number;
  max: number;
  /** How it is called, for error messages. */
  signature: string;
}

const b = (kind: BuiltinKind, min: number, max: number, signature: string): Builtin => ({ kind, min, max, signature });

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  min: b('math', 1, Infinity, 'min(a, b, …)'),
  max: b('math', 1, Infinity, 'max(a, b, …)'),
  abs: b('math', 1, 1, 'abs(x)'),
  exp: b('math', 1, 1, 'exp(x)'),
  ln: b('math', 1, 1, 'ln(x)'),
  log: b('math', 1, 2, 'log(x) (natural) or log(x, base)'),
  log10: b('math', 1, 1, 'log10(x)'),
  sqrt: b('math', 1, 1, 'sqrt(x)'),
  floor: b('math', 1, 1, 'floor(x)'),
  ceil: b('math', 1, 1, 'ceil(x)'),
  round: b('math', 1, 1, 'round(x)'),
  mod: b('math', 2, 2, 'mod(x, y)'),
  pow: b('math', 2, 2, 'pow(x, y)'),
  if: b('math', 3, 3, 'if(condition, then, else)'),
  xidz: b('math', 3, 3, 'xidz(a, b, x): a/b, or x when b is 0'),
  zidz: b('math', 2, 2, 'zidz(a, b): a/b, or 0 when b is 0'),
  lookup: b('lookup', 2, 2, 'lookup(table, x)'),
  step: b('discrete', 2, 2, 'step(height, start)'),
  pulse: b('discrete', 2, 3, 'pulse(start, width[, interval])'),
  ramp: b('continuous', 2, 3, 'ramp(slope, start[, end])'),
  smooth: b('stateful', 2, 3, 'smooth(input, delay_time[, initial])'),
  smooth3: b('stateful', 2, 3, 'smooth3(input, delay_time[, initial])'),
  delay1: b('stateful', 2, 3, 'delay1(inflow, delay_time[, initial_outflow])'),
  delay3: b('stateful', 2, 3, 'delay3(inflow, delay_time[, initial_outflow])'),
  uniform: b('random', 2, 2, 'uniform(min, max)'),
  normal: b('random', 2, 4, 'normal(mean, sd[, min, max])'),
  lognormal: b('random', 2, 2, 'lognormal(mu, sigma) (of the underlying normal)'),
  triangular: b('random', 3, 3, 'triangular(min, mode, max)'),
  poisson: b('random', 1, 1, 'poisson(mean)'),
  bernoulli: b('random', 1, 1, 'bernoulli(p)'),
  binomial: b('random', 2, 2, 'binomial(n, p)'),
};

/** Names a model may not use for its own variables. */
export const RESERVED = new Set<string>([...Object.keys(BUILTINS), 'time', 'dt', 'true', 'false', 'and', 'or', 'not', 'xor']);
