import type { Comparison } from './compare.js';
import type { Outcome } from './expectations/model.js';

/** Everything a check found, for the table, JSON and JUnit reports. */
export interface CheckResult {
  scenarios: ScenarioCheck[];
  expectations: Outcome[];
  /** Goldens without a scenario (when every scenario is checked): stale files. */
  orphans: string[];
  goldenDir: string;
  seconds: number;
}

export interface ScenarioCheck {
  name: string;
  file: string;
  /** Time spent running it (and the runs its expectations needed), in seconds. */
  seconds: number;
  comparisons: Comparison[];
}

export function passed(result: CheckResult): boolean {
  return result.orphans.length === 0 && result.expectations.every((o) => o.ok) && result.scenarios.every((s) => s.comparisons.every((c) => c.ok));
}
