import { makeStream } from '../random/streams.js';
import type { Sampling } from './distribution-schema.js';

/**
 * The design of an ensemble: for run i and uncertain parameter j, a cumulative probability
 * u[i·P + j] ∈ [0, 1) that the parameter's quantile function turns into a value.
 *
 * Each parameter's column comes from its own stream keyed by its name, so adding or removing
 * a parameter leaves every other column untouched. The whole design is a function of (seed,
 * runs, names) alone: a worker or a shard that computes it gets the same numbers as the
 * machine that runs everything, which is what lets their results be merged bit for bit.
 *
 * Latin hypercube: the N strata [k/N, (k+1)/N) of every parameter are each hit exactly once,
 * in an order shuffled per parameter (Fisher–Yates), at a uniform point within the stratum.
 * Monte Carlo: N independent uniforms per parameter.
 */
export function sampleDesign(names: readonly string[], runs: number, seed: number, sampling: Sampling): Float64Array {
  const p = names.length;
  const u = new Float64Array(runs * p);
  names.forEach((name, j) => {
    if (sampling === 'monte_carlo') {
      const r = makeStream(seed, 0, `uncertainty:${name}`);
      for (let i = 0; i < runs; i++) u[i * p + j] = r();
      return;
    }
    const order = makeStream(seed, 0, `lhs-order:${name}`);
    const strata = new Int32Array(runs);
    for (let k = 0; k < runs; k++) strata[k] = k;
    for (let k = runs - 1; k > 0; k--) {
      const m = Math.floor(order() * (k + 1));
      const t = strata[k]!;
      strata[k] = strata[m]!;
      strata[m] = t;
    }
    const jitter = makeStream(seed, 0, `lhs-jitter:${name}`);
    for (let i = 0; i < runs; i++) u[i * p + j] = (strata[i]! + jitter()) / runs;
  });
  return u;
}
