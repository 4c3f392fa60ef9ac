import seedrandom from 'seedrandom';

/** A source of uniform draws in [0, 1). */
export type Uniform = () => number;

/**
 * The stream of one random variable in one run. Each (scenario seed, run index,
 * variable) gets its own generator, so adding a random variable leaves the draws of
 * every other untouched, and run 517 draws the same numbers alone, in a batch or on a
 * worker, whatever ran before it.
 *
 * Alea is small, fast, passes BigCrush and gives the same bits on every JavaScript
 * engine; its draws are multiples of 2^-32.
 *
 * Throws RangeError on a non-finite numeric seed or a run index that is not a
 * non-negative safe integer: those are caller bugs (JSON would print NaN and Infinity
 * alike as null, merging streams that must differ).
 */
export function makeStream(seed: number | string, runIndex: number, key: string): Uniform {
  if (typeof seed === 'number' && !Number.isFinite(seed)) {
    throw new RangeError(`stream seed must be finite, got ${seed}`);
  }
  if (!Number.isSafeInteger(runIndex) || runIndex < 0) {
    throw new RangeError(`run index must be a non-negative integer, got ${runIndex}`);
  }
  // JSON keeps the parts apart ([1,23,"x"] vs [12,3,"x"]) and a numeric seed apart
  // from the same digits as a string (1 vs "1").
  return seedrandom.alea(JSON.stringify([seed, runIndex, key]));
}
