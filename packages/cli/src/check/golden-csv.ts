import { csvRow } from '../output/csv.js';
import type { Diagnostic } from '../files/diagnostic.js';
import { parseCsv } from './csv-read.js';
import type { GoldenKpi, GoldenPoint } from './golden-record.js';
import { goldenNumber, parseGoldenNumber } from './number-text.js';

export const KPI_HEADER = ['variable', 'value', 'unit'] as const;
export const SERIES_HEADER = ['variable', 'date', 'day', 'value'] as const;

export function kpisCsv(kpis: readonly GoldenKpi[]): string {
  return [csvRow(KPI_HEADER), ...kpis.map((k) => csvRow([k.variable, goldenNumber(k.value), k.unit]))].join('');
}

export function seriesCsv(points: readonly GoldenPoint[]): string {
  return [csvRow(SERIES_HEADER), ...points.map((p) => csvRow([p.variable, p.date, goldenNumber(p.day), goldenNumber(p.value)]))].join('');
}

export interface Parsed<T> {
  rows: T[];
  diagnostics: Diagnostic[];
}

export function parseKpisCsv(file: string, text: string): Parsed<GoldenKpi> {
  return parseTable(file, text, KPI_HEADER, (get) => {
    const value = get.number(1, true);
    return value === undefined ? undefined : { variable: get.text(0), value, unit: get.text(2) };
  });
}

export function parseSeriesCsv(file: string, text: string): Parsed<GoldenPoint> {
  return parseTable(file, text, SERIES_HEADER, (get) => {
    const day = get.number(2, false);
    const value = get.number(3, false);
    if (day === undefined || day === null || value === undefined || value === null) return undefined;
    return { variable: get.text(0), date: get.text(1), day, value };
  });
}

interface Getter {
  text(i: number): string;
  /** A number, or null for an empty field when `blankOk`; undefined after reporting a problem. */
  number(i: number, blankOk: boolean): number | null | undefined;
}

function parseTable<T>(file: string, text: string, header: readonly string[], row: (get: Getter) => T | undefined): Parsed<T> {
  const records = parseCsv(text);
  const diagnostics: Diagnostic[] = [];
  const first = records[0];
  if (first === undefined || first.fields.join(',') !== header.join(',')) {
    const found = first === undefined ? 'an empty file' : `"${first.fields.join(',')}"`;
    return { rows: [], diagnostics: [{ file, line: first?.line ?? 1, column: 1, message: `expected the header "${header.join(',')}", found ${found}`, code: 'golden_header' }] };
  }
  const rows: T[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length !== header.length) {
      diagnostics.push({ file, line: record.line, column: 1, message: `expected ${header.length} fields (${header.join(',')}), found ${record.fields.length}`, code: 'golden_row' });
      continue;
    }
    const get: Getter = {
      text: (i) => record.fields[i] ?? '',
      number: (i, blankOk) => {
        const raw = record.fields[i] ?? '';
        const n = parseGoldenNumber(raw);
        if (n === undefined || (n === null && !blankOk)) {
          diagnostics.push({ file, line: record.line, column: record.columns[i] ?? 1, message: `${header[i]}: expected a number, found ${raw === '' ? 'nothing' : `"${raw}"`}`, code: 'golden_value' });
          return undefined;
        }
        return n;
      },
    };
    const parsed = row(get);
    if (parsed !== undefined) rows.push(parsed);
  }
  return { rows, diagnostics };
}
