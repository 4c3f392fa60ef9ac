export type { Uniform } from './streams.js';
export { makeStream } from './streams.js';
export { lnGamma, normalCdf, normalQuantile } from './special.js';
export {
  bernoulli,
  binomial,
  lognormal,
  normal,
  poisson,
  triangular,
  uniform,
} from './distributions.js';
