import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { runCheck } from '../check/check.js';
import { junitXml } from '../check/junit.js';
import { driftJson } from '../check/report-json.js';
import { driftReport } from '../check/report-table.js';
import { passed } from '../check/result.js';
import type { CheckResult } from '../check/result.js';
import { Runner } from '../check/runner.js';
import { named, scenariosIn } from '../check/scenario-set.js';
import type { NamedScenario } from '../check/scenario-set.js';
import { loadTolerances } from '../check/tolerances.js';
import { updateGoldens } from '../check/update.js';
import { writeFileAtomically } from '../check/write-file.js';

export interface CheckOptions {
  update?: boolean;
  goldenDir: string;
  tolerances?: string;
  expectations?: string;
  scenariosDir: string;
  format: 'table' | 'json';
  junit?: string;
  limit: number;
}

/**
 * `corridor check`: re-runs scenarios and compares them with their recorded goldens and the
 * written expectations (exit 1 on any drift or failed expectation); with --update, records
 * the goldens anew and says what changed. The time taken goes to stderr either way.
 */
export async function checkCommand(files: readonly string[], options: CheckOptions, ctx: Context): Promise<number> {
  const started = performance.now();
  const complete = files.length === 0;
  const dirExists = statSync(options.scenariosDir, { throwIfNoEntry: false })?.isDirectory() === true;
  const inDirectory = complete || dirExists ? scenariosIn(options.scenariosDir) : [];
  const selected = complete ? inDirectory : named(files);
  if (selected.length === 0) throw new CliError(`no scenarios to check in ${options.scenariosDir}`);
  const known = merge(inDirectory, selected);
  const runner = new Runner(known);
  const knownNames = new Set(known.map((s) => s.name));

  if (options.update) {
    const tolerances = loadTolerances(options.tolerances ?? join(options.goldenDir, 'tolerances.yaml'), options.tolerances !== undefined);
    const done = updateGoldens(selected, runner, { goldenDir: options.goldenDir, tolerances, limit: options.limit, complete, known: knownNames }, ctx);
    ctx.err(`recorded ${count(done.scenarios, 'scenario')} (${count(done.values, 'value')}) in ${options.goldenDir} in ${seconds(started)}\n`);
    return EXIT.ok;
  }

  const result = runCheck(
    selected,
    runner,
    {
      goldenDir: options.goldenDir,
      ...(options.tolerances !== undefined ? { tolerances: options.tolerances } : {}),
      ...(options.expectations !== undefined ? { expectations: options.expectations } : {}),
      complete,
      known: knownNames,
      ...(dirExists ? { inDirectory: new Set(inDirectory.map((s) => s.name)) } : {}),
    },
    started,
  );
  ctx.out(options.format === 'json' ? driftJson(result) : driftReport(result, ctx.outStyle, options.limit));
  if (options.junit !== undefined) writeFileAtomically(options.junit, junitXml(result));
  ctx.err(`${summary(result)} in ${seconds(started)}\n`);
  return passed(result) ? EXIT.ok : EXIT.failed;
}

/** The scenarios under the directory, with those given on the command line in place of any of the same name. */
function merge(inDirectory: readonly NamedScenario[], given: readonly NamedScenario[]): NamedScenario[] {
  const byName = new Map(inDirectory.map((s) => [s.name, s]));
  for (const s of given) byName.set(s.name, s);
  return [...byName.values()];
}

function summary(r: CheckResult): string {
  const values = r.scenarios.reduce((n, s) => n + s.comparisons.length, 0);
  const expectations = r.expectations.length > 0 ? ` and ${count(r.expectations.length, 'expectation')}` : '';
  return `checked ${count(r.scenarios.length, 'scenario')} (${count(values, 'value')})${expectations}`;
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(2)} s`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
