import { statSync } from 'node:fs';
import { nearest } from '@corridor/engine';
import { z } from 'zod';
import { InputError } from '../exit.js';
import type { Diagnostic } from '../files/diagnostic.js';
import { diagnosticAt, readYamlFile, validateWith } from '../files/index.js';
import type { YamlSource } from '../files/index.js';
import { GOLDEN_DIGITS } from './number-text.js';

/**
 * How far a value may drift from its golden: |actual − expected| ≤ atol + rtol·|expected|,
 * atol in the variable's own units. One file holds the default and the exceptions.
 */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Below this, the rounding of the golden's 10 digits alone could fail a check. */
const MIN_RTOL = 10 ** -(GOLDEN_DIGITS - 1);

const Rtol = z.number().min(MIN_RTOL, `a relative tolerance of at least ${MIN_RTOL} (goldens keep ${GOLDEN_DIGITS} significant digits)`).max(1, 'a relative tolerance from 1e-9 to 1');
const Atol = z.number().min(0, 'an absolute tolerance of at least 0, in the variable\'s own units');
const Partial = z.strictObject({ rtol: Rtol.optional(), atol: Atol.optional() });
const VariableMap = z.record(z.string(), Partial);

export const TolerancesSpec = z.strictObject({
  default: z.strictObject({ rtol: Rtol, atol: Atol }).optional(),
  variables: VariableMap.optional(),
  scenarios: z.record(z.string(), VariableMap).optional(),
});
export type TolerancesSpec = z.infer<typeof TolerancesSpec>;

export const BUILT_IN_TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-9 };

export interface Tolerances {
  /** The file it came from; undefined when none was found and the built-in default applies. */
  file?: string;
  source?: YamlSource;
  spec: TolerancesSpec;
  /** The tolerance for a variable of a scenario: the scenario's entry, else the variable's, else the default, field by field. */
  lookup(scenario: string, variable: string): Tolerance;
}

/** Reads the tolerances file; a default path that does not exist gives the built-in default. */
export function loadTolerances(file: string, explicit: boolean): Tolerances {
  if (!explicit && !statSync(file, { throwIfNoEntry: false })) return tolerancesOf({});
  const source = readYamlFile(file);
  const validated = validateWith(TolerancesSpec, source);
  if (validated.data === undefined) throw new InputError(validated.diagnostics);
  return { ...tolerancesOf(validated.data), file, source };
}

export function tolerancesOf(spec: TolerancesSpec): Tolerances {
  const base = spec.default ?? BUILT_IN_TOLERANCE;
  return {
    spec,
    lookup(scenario, variable) {
      const v = spec.variables?.[variable];
      const s = spec.scenarios?.[scenario]?.[variable];
      return { rtol: s?.rtol ?? v?.rtol ?? base.rtol, atol: s?.atol ?? v?.atol ?? base.atol };
    },
  };
}

/**
 * Names in the file that match nothing: a tolerance for a misspelt variable would silently
 * never apply. Scenario names are checked only against the whole set (`allScenarios`).
 */
export function lintTolerances(t: Tolerances, variables: ReadonlySet<string>, allScenarios: ReadonlySet<string> | undefined): Diagnostic[] {
  const source = t.source;
  if (source === undefined) return [];
  const out: Diagnostic[] = [];
  const unknown = (path: (string | number)[], what: string, name: string, known: Iterable<string>): void => {
    const suggestion = nearest(name, [...known]);
    out.push({ ...diagnosticAt(source, path, `unknown ${what} "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, 'key'), code: 'unknown_name' });
  };
  for (const name of Object.keys(t.spec.variables ?? {})) if (!variables.has(name)) unknown(['variables', name], 'variable', name, variables);
  for (const [scenario, entries] of Object.entries(t.spec.scenarios ?? {})) {
    if (allScenarios !== undefined && !allScenarios.has(scenario)) unknown(['scenarios', scenario], 'scenario', scenario, allScenarios);
    for (const name of Object.keys(entries)) if (!variables.has(name)) unknown(['scenarios', scenario, name], 'variable', name, variables);
  }
  return out;
}
