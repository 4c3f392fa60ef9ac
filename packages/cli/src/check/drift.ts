import type { Comparison } from './compare.js';

/** The comparisons of one variable of one scenario, told by its worst point. */
export interface VariableDrift {
  scenario: string;
  variable: string;
  kind: Comparison['kind'];
  worst: Comparison;
  compared: number;
  drifted: number;
  /** The points outside tolerance, biggest drift first. */
  failing: Comparison[];
  ok: boolean;
}

/** Groups comparisons by scenario and variable, each with its worst point (largest drift relative to tolerance). */
export function byVariable(comparisons: readonly Comparison[]): VariableDrift[] {
  const groups = new Map<string, VariableDrift>();
  for (const c of comparisons) {
    const key = `${c.scenario}\u0000${c.kind}\u0000${c.variable}`;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, { scenario: c.scenario, variable: c.variable, kind: c.kind, worst: c, compared: 1, drifted: c.ok ? 0 : 1, failing: c.ok ? [] : [c], ok: c.ok });
      continue;
    }
    g.compared++;
    if (!c.ok) {
      g.drifted++;
      g.failing.push(c);
    }
    g.ok &&= c.ok;
    if (c.ratio > g.worst.ratio) g.worst = c;
  }
  for (const g of groups.values()) g.failing.sort((a, b) => b.ratio - a.ratio);
  return [...groups.values()];
}

/** Biggest drift first (relative to tolerance); ties by scenario and variable so the order is stable. */
export function byDrift(items: readonly VariableDrift[]): VariableDrift[] {
  return [...items].sort((a, b) => b.worst.ratio - a.worst.ratio || a.scenario.localeCompare(b.scenario) || a.variable.localeCompare(b.variable));
}
