import { renderTable } from '../output/table.js';
import type { Column } from '../output/table.js';
import type { Style } from '../style.js';
import { byDrift, byVariable } from './drift.js';
import type { VariableDrift } from './drift.js';
import { presenceNote, ratioCell, relativeCell, signedCell, timeCell, toleranceCell } from './format-cells.js';
import { reportNumber } from './number-text.js';
import type { CheckResult } from './result.js';
import { passed } from './result.js';

const DRIFT_COLUMNS: Column[] = [
  { header: 'scenario' },
  { header: 'variable' },
  { header: 'time' },
  { header: 'expected', align: 'right' },
  { header: 'actual', align: 'right' },
  { header: 'diff', align: 'right' },
  { header: 'rel diff', align: 'right' },
  { header: 'tolerance' },
  { header: 'drift/tol', align: 'right' },
  { header: 'points', align: 'right' },
];

/**
 * The drift report for people: the variables outside tolerance, biggest drift (relative to
 * tolerance) first, each at its worst point; then the expectations, failures with what was
 * expected and found; then one line that says whether all held.
 */
export function driftReport(result: CheckResult, style: Style, limit: number): string {
  const variables = result.scenarios.flatMap((s) => byVariable(s.comparisons));
  const drifted = byDrift(variables.filter((v) => !v.ok));
  const values = result.scenarios.reduce((n, s) => n + s.comparisons.length, 0);
  const parts: string[] = [];

  if (drifted.length === 0) {
    parts.push(`Goldens: ${style.green('all within tolerance')}: ${count(variables.length, 'variable')} (${count(values, 'value')}) in ${count(result.scenarios.length, 'scenario')}\n`);
  } else {
    const shown = limit > 0 ? drifted.slice(0, limit) : drifted;
    parts.push(`Goldens: ${style.red(`${count(drifted.length, 'variable')} outside tolerance`)} of ${variables.length} in ${count(result.scenarios.length, 'scenario')}, biggest drift first (each at its worst point):\n\n`);
    parts.push(renderTable(DRIFT_COLUMNS, shown.map(driftRow), style));
    if (shown.length < drifted.length) parts.push(style.dim(`… and ${drifted.length - shown.length} more (--limit 0 shows all; --format json lists every point)\n`));
  }
  for (const name of result.orphans) parts.push(`${style.red('stale golden')}: ${result.goldenDir}/${name}.*.csv has no scenario ${name}; run corridor check --update to remove it\n`);

  const outcomes = result.expectations;
  if (outcomes.length > 0) {
    const failed = outcomes.filter((o) => !o.ok);
    const head = failed.length === 0 ? style.green(`all ${outcomes.length} hold`) : style.red(`${failed.length} of ${outcomes.length} failed`);
    parts.push(`\nExpectations: ${head}\n`);
    for (const o of [...failed, ...outcomes.filter((x) => x.ok)]) {
      const e = o.expectation;
      const mark = o.ok ? style.green('✓') : style.red('✗');
      parts.push(`${mark} ${e.name ?? e.description}\n`);
      if (!o.ok) {
        if (e.name !== undefined) parts.push(`    ${e.description}\n`);
        parts.push(`    expected ${o.expected}\n    found    ${o.found}\n`);
        parts.push(style.dim(`    at ${e.file}:${e.line}:${e.column}\n`));
      }
    }
  }

  parts.push(`\n${passed(result) ? style.green('OK') : style.red(`FAILED: ${verdict(drifted, result)}`)}\n`);
  return parts.join('');
}

function driftRow(v: VariableDrift): string[] {
  const c = v.worst;
  const note = presenceNote(c);
  return [
    v.scenario,
    v.variable,
    timeCell(c),
    reportNumber(c.expected),
    note === '' ? reportNumber(c.actual) : note,
    c.expected !== null && c.actual !== null ? signedCell(c.actual - c.expected) : '—',
    relativeCell(c.expected, c.actual),
    toleranceCell(c.tolerance, c.unit),
    ratioCell(c.ratio),
    `${v.drifted}/${v.compared}`,
  ];
}

function verdict(drifted: readonly VariableDrift[], result: CheckResult): string {
  const parts: string[] = [];
  if (drifted.length > 0) parts.push(`${count(drifted.length, 'variable')} drifted`);
  if (result.orphans.length > 0) parts.push(`${count(result.orphans.length, 'stale golden')}`);
  const failed = result.expectations.filter((o) => !o.ok).length;
  if (failed > 0) parts.push(`${count(failed, 'expectation')} failed`);
  return parts.join(', ');
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
