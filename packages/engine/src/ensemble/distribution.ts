import { normalCdf, normalQuantile } from '../random/special.js';
// The schema (zod) is a module of its own: the runs read only the parsed form, and a worker
// thread that runs them has no use for zod (about 0.1 s of its start).
import type { Distribution } from './distribution-schema.js';

/**
 * The value at cumulative probability u ∈ [0, 1) of a distribution, times `scale` (the
 * conversion from the distribution's unit to the model's). One formula per form, so the
 * tornado's P5/P95 and every sampled value come from the same place.
 */
export function quantileOf(d: Distribution, u: number, scale = 1): number {
  return scale * rawQuantile(d, u);
}

function rawQuantile(d: Distribution, u: number): number {
  switch (d.distribution) {
    case 'uniform':
      return d.min + u * (d.max - d.min);
    case 'triangular': {
      const range = d.max - d.min;
      if (range === 0) return d.min;
      const left = d.mode - d.min;
      return u * range < left ? d.min + Math.sqrt(u * range * left) : d.max - Math.sqrt((1 - u) * range * (d.max - d.mode));
    }
    case 'normal': {
      // Truncation by inversion: u is mapped onto the probability band that lies within [min, max].
      const lo = d.min === undefined ? 0 : normalCdf((d.min - d.mean) / d.sd);
      const hi = d.max === undefined ? 1 : normalCdf((d.max - d.mean) / d.sd);
      const x = d.mean + d.sd * normalQuantile(lo + u * (hi - lo));
      // Φ⁻¹ at the very edge of the band can round a hair outside it.
      return Math.min(d.max ?? Infinity, Math.max(d.min ?? -Infinity, x));
    }
    case 'lognormal':
      return d.median * Math.exp(d.sigma * normalQuantile(u));
    case 'discrete': {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      let acc = 0;
      for (let i = 0; i < d.values.length; i++) {
        acc += w[i]!;
        if (u * total < acc) return d.values[i]!;
      }
      // u just below 1 with rounding in the sum: the last value with weight.
      for (let i = d.values.length - 1; i >= 0; i--) if (w[i]! > 0) return d.values[i]!;
      return d.values[d.values.length - 1]!;
    }
  }
}

/** A one-line account of a distribution, as a planner reads it: `triangular 7 … 14 … 30 day`. */
export function describeDistribution(d: Distribution): string {
  // A dimensionless unit ('1') printed after a number reads as another number.
  const unit = d.unit !== undefined && d.unit.trim() !== '1' ? ` ${d.unit}` : '';
  switch (d.distribution) {
    case 'uniform':
      return `uniform ${d.min} … ${d.max}${unit}`;
    case 'triangular':
      return `triangular ${d.min} … ${d.mode} … ${d.max}${unit}`;
    case 'normal':
      return `normal mean ${d.mean}, sd ${d.sd}${d.min !== undefined || d.max !== undefined ? ` within [${d.min ?? '-∞'}, ${d.max ?? '∞'}]` : ''}${unit}`;
    case 'lognormal':
      return `lognormal median ${d.median}, sigma ${d.sigma}${unit}`;
    case 'discrete':
      return `one of ${d.values.join(', ')}${d.weights !== undefined ? ` (weights ${d.weights.join(', ')})` : ''}${unit}`;
  }
}
