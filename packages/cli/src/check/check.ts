import { join } from 'node:path';
import { CliError, InputError } from '../exit.js';
import { compareGolden } from './compare.js';
import { evaluate } from './expectations/evaluate.js';
import { loadExpectations } from './expectations/load.js';
import type { Expectation } from './expectations/model.js';
import { goldenNames, readGolden } from './golden-files.js';
import { goldenOf } from './golden-record.js';
import type { GoldenRecord } from './golden-record.js';
import { KPI_NAMES } from './kpi-names.js';
import type { CheckResult, ScenarioCheck } from './result.js';
import type { Runner } from './runner.js';
import type { NamedScenario } from './scenario-set.js';
import { lintTolerances, loadTolerances } from './tolerances.js';

export interface CheckInputs {
  goldenDir: string;
  tolerances?: string;
  expectations?: string;
  /** Every scenario is being checked: goldens without a scenario are stale. */
  complete: boolean;
  /** Every scenario's name (those under the scenarios directory and those given). */
  known: ReadonlySet<string>;
  /** The names under the scenarios directory, when it exists: tolerances may name only these. */
  inDirectory?: ReadonlySet<string>;
}

export const DEFAULT_EXPECTATIONS = 'checks/expectations.yaml';

/**
 * Re-runs the selected scenarios and compares them with their goldens and with the written
 * expectations about them. All input is read and checked before the first run, so that a
 * mistake costs no time and is reported with everything else wrong.
 */
export function runCheck(selected: readonly NamedScenario[], runner: Runner, inputs: CheckInputs, started: number): CheckResult {
  const names = selected.map((s) => s.name);
  const tolerances = loadTolerances(inputs.tolerances ?? join(inputs.goldenDir, 'tolerances.yaml'), inputs.tolerances !== undefined);

  const goldens = new Map<string, GoldenRecord>();
  const missing: string[] = [];
  for (const name of names) {
    const golden = readGolden(inputs.goldenDir, name);
    if (golden === undefined) missing.push(name);
    else goldens.set(name, golden);
  }
  if (missing.length > 0) throw new CliError(`no golden for ${missing.join(', ')} in ${inputs.goldenDir}: run corridor check --update${inputs.complete ? '' : ` ${selected.filter((s) => missing.includes(s.name)).map((s) => s.file).join(' ')}`}`);

  runner.load(names);
  const selectedSet = new Set(names);
  const expectations = loadExpectations(inputs.expectations ?? DEFAULT_EXPECTATIONS, inputs.expectations !== undefined, {
    scenarios: inputs.known,
    resolve: (name) => runner.scenario(name),
    include: (scenario) => inputs.complete || selectedSet.has(scenario),
  });
  recordWhatExpectationsRead(expectations, runner);

  const variables = new Set<string>(KPI_NAMES);
  for (const name of names) for (const v of runner.scenario(name).model.variables.values()) if (!v.hidden) variables.add(v.name);
  const problems = lintTolerances(tolerances, variables, inputs.inDirectory);
  if (problems.length > 0) throw new InputError(problems);

  const scenarios: ScenarioCheck[] = selected.map(({ name, file }) => {
    const scenario = runner.scenario(name);
    const actual = goldenOf(runner.run(name), scenario.outputs);
    const unitOf = (v: string): string | undefined => scenario.model.variables.get(v)?.unit;
    const comparisons = compareGolden(name, goldens.get(name)!, actual, (v) => tolerances.lookup(name, v), unitOf);
    return { name, file, seconds: 0, comparisons };
  });
  const outcomes = expectations.map((e) => evaluate(e, runner));
  for (const s of scenarios) s.seconds = (runner.millis.get(s.name) ?? 0) / 1000;

  const orphans = inputs.complete ? goldenNames(inputs.goldenDir).filter((n) => !inputs.known.has(n)) : [];
  return { scenarios, expectations: outcomes, orphans, goldenDir: inputs.goldenDir, seconds: (performance.now() - started) / 1000 };
}

/** Expectations may read variables a scenario does not save; its runs must record them. */
function recordWhatExpectationsRead(expectations: readonly Expectation[], runner: Runner): void {
  for (const e of expectations) {
    if (e.subject.kind === 'variable') runner.record(e.subject.scenario, e.subject.name);
    for (const o of e.operands) if (o.kind === 'ref' && o.target.kind === 'variable') runner.record(o.target.scenario, o.target.name);
  }
}
