/**
 * A statistic of a sample: median, mean, min, max, or a percentile pNN (linear interpolation
 * between order statistics, as R's type 7 and numpy's default).
 */
export function statistic(values: readonly number[], name: string): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  switch (name) {
    case 'mean':
      return sorted.reduce((s, v) => s + v, 0) / sorted.length;
    case 'min':
      return sorted[0]!;
    case 'max':
      return sorted[sorted.length - 1]!;
    case 'median':
      return quantile(sorted, 0.5);
    default:
      return quantile(sorted, Number(name.slice(1)) / 100);
  }
}

/** The q-quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}
