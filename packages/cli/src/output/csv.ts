import type { ScenarioRun } from '@corridor/engine';

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? csvNumber(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(fields: readonly (string | number)[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

/** Shortest text that reads back as the same double, so nothing is lost on the way. */
function csvNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? 'Inf' : value < 0 ? '-Inf' : 'NaN';
}

export const SERIES_HEADER = ['scenario', 'variable', 'date', 'day', 'value'] as const;

/**
 * The saved output series in long form, one row per scenario, variable and saved time: the
 * shape that spreadsheets pivot and that data-frame libraries read without reshaping.
 */
export function seriesCsv(runs: readonly { file: string; run: ScenarioRun }[]): string {
  const parts = [csvRow(SERIES_HEADER)];
  for (const { file, run } of runs) {
    for (const [variable, values] of Object.entries(run.series)) {
      values.forEach((value, i) => {
        parts.push(csvRow([file, variable, run.dates[i] ?? '', run.times[i] ?? Number.NaN, value]));
      });
    }
  }
  return parts.join('');
}
