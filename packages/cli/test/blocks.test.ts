import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocksFor } from '../src/ensemble/pool.js';

describe('blocks of an ensemble for the worker pool', () => {
  it('cover the runs in order, once each, in blocks of 32 to 512 runs that never grow', () => {
    fc.assert(
      fc.property(fc.nat(5_000), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 1, max: 64 }), (from, n, workers) => {
        const blocks = blocksFor(from, from + n, workers);
        let at = from;
        for (const [a, b] of blocks) {
          expect(a).toBe(at);
          expect(b).toBeGreaterThan(a);
          at = b;
        }
        expect(at).toBe(from + n);
        // Every block but the last (the remainder) is within the bounds, and none is larger than the one before.
        const sizes = blocks.map(([a, b]) => b - a);
        sizes.slice(0, -1).forEach((k) => expect(k >= 32 && k <= 512).toBe(true));
        sizes.forEach((k, i) => expect(i === 0 || k <= sizes[i - 1]!).toBe(true));
      }),
    );
  });

  it('ends 10,000 runs on 2 workers with blocks of a few dozen runs, not 512', () => {
    const sizes = blocksFor(0, 10_000, 2).map(([a, b]) => b - a);
    expect(sizes[0]).toBe(512);
    expect(sizes.slice(-4).every((k) => k <= 32)).toBe(true);
  });
});
