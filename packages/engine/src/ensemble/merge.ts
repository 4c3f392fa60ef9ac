import { joinValues, type EnsemblePart } from './run-ensemble.js';
import { SketchSet } from './sketch.js';

/** Parts that do not belong together: another ensemble, a gap, or an overlap. */
export class EnsembleMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnsembleMergeError';
  }
}

/**
 * Joins blocks of one ensemble into one block, whatever order they come in. Per-run values
 * are laid end to end in run order and sketch counts are added, so the result is the same
 * bits as one block that did every run: the basis of "1 worker, N workers or N machines give
 * the same answer".
 */
export function mergeEnsembleParts(parts: readonly EnsemblePart[]): EnsemblePart {
  if (parts.length === 0) throw new EnsembleMergeError('nothing to merge');
  const sorted = [...parts].sort((a, b) => a.from - b.from);
  const first = sorted[0]!;
  for (const p of sorted) {
    if (p.key !== first.key) throw new EnsembleMergeError(`runs ${p.from}..${p.to} come from another ensemble (other scenario, seed, runs or settings)`);
  }
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.from < a.to) throw new EnsembleMergeError(`runs ${b.from}..${b.to} overlap runs ${a.from}..${a.to}`);
    if (b.from > a.to) throw new EnsembleMergeError(`runs ${a.to}..${b.from} are missing`);
  }
  if (sorted.length === 1) return first;
  const sketch = SketchSet.fromData(first.sketch);
  for (const p of sorted.slice(1)) sketch.merge(SketchSet.fromData(p.sketch));
  return {
    ...first,
    from: first.from,
    to: sorted[sorted.length - 1]!.to,
    ...joinValues(sorted),
    sketch: sketch.toData(),
  };
}
