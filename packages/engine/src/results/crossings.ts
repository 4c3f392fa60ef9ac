/**
 * First crossings: the day a series first goes below (or above) a threshold, the answer to
 * "when do the depots run dry?". The day is interpolated linearly between the two steps
 * either side of the crossing, so it is not rounded to the integration step; a series that
 * starts past the threshold crosses on day 0; one that never crosses has no day (null).
 */
export interface CrossingDef {
  name: string;
  series: string;
  direction: 'below' | 'above';
  threshold: number;
  /** The threshold is a share of the no-event baseline at the same time. */
  ofBaseline: boolean;
  description: string;
}

/** The crossings every run of the reference model reports. */
export const STANDARD_CROSSINGS: readonly CrossingDef[] = [
  { name: 'fuel_cover_below_1_day', series: 'fuel_days_cover', direction: 'below', threshold: 1, ofBaseline: false, description: 'first day fuel cover is below 1 day of use' },
  { name: 'power_below_8_hours', series: 'power_supply_hours', direction: 'below', threshold: 8, ofBaseline: false, description: 'first day supply is below 8 hours a day' },
  { name: 'gold_below_half', series: 'gold_output', direction: 'below', threshold: 0.5, ofBaseline: true, description: 'first day industrial gold output is below half of normal' },
];

/** The day of the first crossing, or null when the series never crosses. */
export function firstCrossing(times: ArrayLike<number>, values: ArrayLike<number>, def: CrossingDef, baseline?: ArrayLike<number>): number | null {
  if (def.ofBaseline && baseline === undefined) throw new Error(`crossing ${def.name} needs the baseline of ${def.series}`);
  // Distance to the threshold, positive while not crossed.
  const gap = (i: number): number => {
    const thr = def.ofBaseline ? def.threshold * baseline![i]! : def.threshold;
    return def.direction === 'below' ? values[i]! - thr : thr - values[i]!;
  };
  let before = gap(0);
  if (!(before > 0)) return times[0]!;
  for (let i = 1; i < values.length; i++) {
    const g = gap(i);
    if (!(g > 0)) return times[i - 1]! + ((times[i]! - times[i - 1]!) * before) / (before - g);
    before = g;
  }
  return null;
}

/** A crossing named in a scenario file, with the name it is reported under. */
export function crossingDef(c: { name?: string; series: string; below?: number; above?: number; of_baseline?: boolean }): CrossingDef {
  const direction = c.below !== undefined ? 'below' : 'above';
  const threshold = (c.below ?? c.above)!;
  const share = c.of_baseline === true;
  return {
    name: c.name ?? `${c.series}_${direction}_${String(threshold).replace(/[^0-9a-zA-Z]/g, '_')}${share ? '_of_baseline' : ''}`,
    series: c.series,
    direction,
    threshold,
    ofBaseline: share,
    description: `first day ${c.series} is ${direction} ${share ? `${threshold * 100}% of the baseline` : threshold}`,
  };
}
