import type { IntegrationMethod } from '../model/schema.js';

/**
 * A parameter given as points in time; evaluated at the start of each step and held across
 * its sub-steps. Two points at the same time make a jump: the later one holds from then on.
 */
export interface TimeSeries {
  times: readonly number[];
  values: readonly number[];
  /** 'linear' interpolates between points (default); 'step' holds each value until the next point. Both clamp at the ends. */
  interpolation?: 'linear' | 'step';
}

/** Changes for one run only; the compiled model and every other run are untouched. */
export interface Overrides {
  /** Constants, in their declared units. */
  constants?: Readonly<Record<string, number>>;
  /** Initial values of stocks, in their declared units. */
  initial?: Readonly<Record<string, number>>;
  /** Lookup tables replaced by other points. */
  lookups?: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
  /** Constants that become time series. */
  series?: Readonly<Record<string, TimeSeries>>;
}

export interface RunOptions {
  seed?: number | string;
  runIndex?: number;
  overrides?: Overrides;
  /** Variables to record; by default every variable the model declares (not hidden ones). */
  record?: readonly string[];
  /** Time settings that differ from the model's. */
  time?: Partial<{ start: number; stop: number; dt: number; savePeriod: number; method: IntegrationMethod }>;
  /**
   * Where to write the recorded series, for a caller that runs many times and reads each
   * result before the next run (an ensemble): the result's arrays are then views into it, and
   * the next run that is given it overwrites them. Used only when it is exactly
   * (series recorded + 1) × saved points long; otherwise the run allocates its own.
   */
  buffer?: Float64Array;
}

export interface RunMeta {
  method: IntegrationMethod;
  start: number;
  stop: number;
  dt: number;
  savePeriod: number;
  seed: number | string;
  runIndex: number;
  overrides: Overrides;
  /** Steps in which RK4 would have taken a non-negative stock below zero and a limited Euler step was taken instead. */
  eulerFallbackSteps: number;
}

export interface RunResult {
  /** Saved times, in the model's time unit. */
  times: Float64Array;
  series: Record<string, Float64Array>;
  meta: RunMeta;
}
