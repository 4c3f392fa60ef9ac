import { renderTable } from '../output/table.js';
import type { Style } from '../style.js';
import { compareGolden } from './compare.js';
import type { Comparison } from './compare.js';
import { presenceNote, ratioCell, relativeCell, signedCell, timeCell } from './format-cells.js';
import type { GoldenRecord } from './golden-record.js';
import type { Tolerance } from './tolerances.js';
import { goldenNumber, parseGoldenNumber, reportNumber } from './number-text.js';

/** What --update did to one scenario's golden. */
export interface GoldenChange {
  scenario: string;
  status: 'created' | 'changed' | 'unchanged';
  values: number;
  /** Values that differ as stored (10 significant digits), biggest relative change first. */
  changes: Comparison[];
}

/** The golden as it will read back from its files: values at 10 significant digits. */
export function asStored(record: GoldenRecord): GoldenRecord {
  const stored = (v: number | null): number | null => parseGoldenNumber(goldenNumber(v)) ?? null;
  return {
    kpis: record.kpis.map((k) => ({ ...k, value: stored(k.value) })),
    series: record.series.map((p) => ({ ...p, value: stored(p.value) ?? Number.NaN })),
  };
}

/**
 * What an update changes in a golden: every value that differs as stored, with its drift
 * relative to the tolerance `check` would apply, so that changes are ranked as check ranks
 * drift and a change within tolerance (rounding residue) is told from a real one.
 */
export function goldenChange(scenario: string, before: GoldenRecord | undefined, after: GoldenRecord, tolerance: (variable: string) => Tolerance): GoldenChange {
  const values = after.kpis.length + after.series.length;
  if (before === undefined) return { scenario, status: 'created', values, changes: [] };
  const changes = compareGolden(scenario, before, asStored(after), tolerance, () => undefined)
    .filter((c) => c.presence !== 'both' || !Object.is(c.expected, c.actual))
    .sort((a, b) => b.ratio - a.ratio);
  return { scenario, status: changes.length === 0 ? 'unchanged' : 'changed', values, changes };
}

/** One line per scenario, then the biggest changes across all of them. */
export function updateReport(dir: string, changes: readonly GoldenChange[], removed: readonly string[], style: Style, limit: number): string {
  const parts: string[] = [];
  for (const c of changes) {
    const what =
      c.status === 'created'
        ? style.green(`created (${c.values} values)`)
        : c.status === 'unchanged'
          ? style.dim('unchanged')
          : style.yellow(`${c.changes.length} of ${c.values} values changed`);
    parts.push(`${dir}/${c.scenario}.{kpis,series}.csv: ${what}\n`);
  }
  for (const file of removed) parts.push(`${file}: ${style.yellow('removed')} (no scenario of that name)\n`);
  const all = biggestPerVariable(changes.flatMap((c) => c.changes));
  if (all.length === 0) {
    parts.push(changes.some((c) => c.status === 'created') || removed.length > 0 ? '' : '\nunchanged\n');
    return parts.join('');
  }
  const shown = limit > 0 ? all.slice(0, limit) : all;
  parts.push(`\nBiggest changes relative to tolerance, each variable at its biggest (review them in the diff before committing):\n\n`);
  parts.push(
    renderTable(
      [{ header: 'scenario' }, { header: 'variable' }, { header: 'time' }, { header: 'was', align: 'right' }, { header: 'now', align: 'right' }, { header: 'diff', align: 'right' }, { header: 'rel diff', align: 'right' }, { header: 'drift/tol', align: 'right' }, { header: 'points changed', align: 'right' }],
      shown.map(({ change: c, changed }) => [
        c.scenario,
        c.variable,
        timeCell(c),
        c.presence === 'run only' ? '(new)' : reportNumber(c.expected),
        c.presence === 'golden only' ? '(gone)' : reportNumber(c.actual),
        c.expected !== null && c.actual !== null ? signedCell(c.actual - c.expected) : presenceNote(c) || '—',
        relativeCell(c.expected, c.actual),
        c.ok ? 'within' : ratioCell(c.ratio),
        String(changed),
      ]),
      style,
    ),
  );
  if (shown.length < all.length) parts.push(style.dim(`… and ${all.length - shown.length} more variables\n`));
  return parts.join('');
}

/** One row per scenario and variable, at its biggest change, biggest first. */
function biggestPerVariable(changes: readonly Comparison[]): { change: Comparison; changed: number }[] {
  const groups = new Map<string, { change: Comparison; changed: number }>();
  for (const c of changes) {
    const key = `${c.scenario}\u0000${c.kind}\u0000${c.variable}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { change: c, changed: 1 });
    else {
      g.changed++;
      if (c.ratio > g.change.ratio) g.change = c;
    }
  }
  return [...groups.values()].sort((a, b) => b.change.ratio - a.change.ratio || a.change.scenario.localeCompare(b.change.scenario) || a.change.variable.localeCompare(b.change.variable));
}
