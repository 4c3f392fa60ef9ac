import type { Context } from '../context.js';
import { goldenNames, readGolden, removeGolden, writeGolden } from './golden-files.js';
import { goldenOf } from './golden-record.js';
import type { Runner } from './runner.js';
import type { Tolerances } from './tolerances.js';
import type { NamedScenario } from './scenario-set.js';
import { goldenChange, updateReport } from './update-summary.js';
import type { GoldenChange } from './update-summary.js';

export interface UpdateOptions {
  goldenDir: string;
  /** Tolerances rank the changes as check would rank drift. */
  tolerances: Tolerances;
  limit: number;
  /** Every scenario is being recorded: goldens of scenarios that no longer exist are removed. */
  complete: boolean;
  /** Every scenario's name, to tell a stale golden from one of a scenario not selected. */
  known: ReadonlySet<string>;
}

/** Records the goldens of the selected scenarios anew and reports what changed. */
export function updateGoldens(selected: readonly NamedScenario[], runner: Runner, options: UpdateOptions, ctx: Context): { scenarios: number; values: number } {
  runner.load(selected.map((s) => s.name));
  const changes: GoldenChange[] = [];
  for (const { name } of selected) {
    const record = goldenOf(runner.run(name), runner.scenario(name).outputs);
    let before;
    try {
      before = readGolden(options.goldenDir, name);
    } catch {
      // A broken or half-present golden is replaced whole, and reported as created.
      before = undefined;
    }
    changes.push(goldenChange(name, before, record, (v) => options.tolerances.lookup(name, v)));
    writeGolden(options.goldenDir, name, record);
  }
  const removed = options.complete ? goldenNames(options.goldenDir).filter((n) => !options.known.has(n)).flatMap((n) => removeGolden(options.goldenDir, n)) : [];
  ctx.out(updateReport(options.goldenDir, changes, removed, ctx.outStyle, options.limit));
  return { scenarios: selected.length, values: changes.reduce((n, c) => n + c.values, 0) };
}
