import { TimeRef } from '@corridor/engine';
import { z } from 'zod';

/**
 * Written expectations: what must hold in the scenarios' results, in words an economist can
 * read and check. The shape is checked here; names, windows and combinations in lint.ts.
 */

const VariableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable or KPI name: letters, digits and _');
const ScenarioName = z.string().min(1, 'a scenario name: its file name without .yaml');

/** Another value to compare with: a variable or KPI of this scenario or of another one. */
export const Reference = z.strictObject({
  scenario: ScenarioName.optional().describe('another scenario; the same variable or KPI unless named'),
  variable: VariableName.optional().describe('a variable (a series), compared at the same dates'),
  kpi: VariableName.optional().describe('a KPI (one number for the run)'),
});
export type Reference = z.infer<typeof Reference>;

export const Operand = z.union([z.number(), Reference]);
export type Operand = z.infer<typeof Operand>;

const Statistic = z.union([z.enum(['median', 'mean', 'min', 'max']), z.string().regex(/^p\d{1,2}(\.\d+)?$/, 'median, mean, min, max, or a percentile like p5 or p95')]);

export const PREDICATES = ['gt', 'gte', 'lt', 'lte', 'between', 'approx'] as const;
export type PredicateName = (typeof PREDICATES)[number];

export const ExpectationSpec = z.strictObject({
  name: z.string().min(1).optional().describe('what it says, in a sentence; shown in reports'),
  scenario: ScenarioName,
  variable: VariableName.optional(),
  kpi: VariableName.optional(),
  from: TimeRef.optional().describe('first day of the window (a date or "day N"); the start of the run when left out'),
  to: TimeRef.optional().describe('last day of the window, included; the end of the run when left out'),
  at: TimeRef.optional().describe('a single date or day instead of from/to'),
  gt: Operand.optional(),
  gte: Operand.optional(),
  lt: Operand.optional(),
  lte: Operand.optional(),
  between: z.tuple([Operand, Operand]).optional(),
  approx: Operand.optional(),
  rtol: z.number().min(0).optional().describe('approx: allowed relative difference (default 0.01)'),
  atol: z.number().min(0).optional().describe("approx: allowed absolute difference, in the variable's units (default 0)"),
  seeds: z.array(z.int().min(0)).min(1).optional().describe('run the scenario with each of these seeds and test a statistic of the KPI'),
  runs: z.int().min(1).max(1000).optional().describe('run the scenario this many times (run indices 0…N−1 at its own seed) and test a statistic'),
  statistic: Statistic.optional().describe('with seeds or runs: median (default), mean, min, max, or pNN'),
  note: z.string().optional().describe('why it should hold: a source, a reason'),
});
export type ExpectationSpec = z.infer<typeof ExpectationSpec>;

export const ExpectationsFile = z.strictObject({
  expectations: z.array(ExpectationSpec),
});
export type ExpectationsFile = z.infer<typeof ExpectationsFile>;
