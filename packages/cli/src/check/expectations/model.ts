import type { RunKey } from '../runner.js';
import type { PredicateName } from './schema.js';

/** An expectation after its names and window are checked: ready to evaluate. */
export interface Expectation {
  /** Where it is written, for reports: file and the line of its list item. */
  file: string;
  line: number;
  column: number;
  name?: string;
  /** What it says, generated from the fields: "baseline: fuel_days_cover between 2 and 10, for the whole run". */
  description: string;
  subject: Target;
  predicate: PredicateName;
  /** One operand, or two for between (low, high). */
  operands: Value[];
  /** For approx: |a − b| ≤ atol + rtol·|b|. */
  rtol: number;
  atol: number;
  /** For a variable: the days from the scenario's start, both included. */
  window?: DayWindow;
  /** For a KPI tested over several runs. */
  ensemble?: Ensemble;
}

export interface Target {
  scenario: string;
  kind: 'variable' | 'kpi';
  name: string;
}

export type Value = { kind: 'number'; value: number } | { kind: 'ref'; target: Target };

export interface DayWindow {
  from: number;
  to: number;
  /** As written: "from 2025-09-12 to 2025-11-09", "from day 100", "for the whole run". */
  text: string;
}

export interface Ensemble {
  keys: RunKey[];
  statistic: string;
  /** "over seeds 1, 2, 3", "over 20 runs". */
  label: string;
}

/** What evaluating an expectation found. */
export interface Outcome {
  expectation: Expectation;
  ok: boolean;
  /** What was expected, with the values of any references: "< 236 (tankers_lost of bamako-fuel-blockade-2025)". */
  expected: string;
  /** What was found: the value, or the worst point of a series with its date. */
  found: string;
  /** For a series: the date and day of the worst point. */
  date?: string;
  day?: number;
  actual: number | null;
  /** For a series: how many points in the window held, of how many. */
  held?: number;
  points?: number;
}
