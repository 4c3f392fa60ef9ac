import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, InputError } from '../exit.js';
import { kpisCsv, parseKpisCsv, parseSeriesCsv, seriesCsv } from './golden-csv.js';
import type { GoldenRecord } from './golden-record.js';
import { readIfThere, reason, writeFileAtomically } from './write-file.js';

/** The two files of a scenario's golden, by the scenario's name (its file name without .yaml). */
export function goldenPaths(dir: string, scenario: string): { kpis: string; series: string } {
  return { kpis: join(dir, `${scenario}.kpis.csv`), series: join(dir, `${scenario}.series.csv`) };
}

/** The golden of a scenario, or undefined when it lacks either file; a broken golden is bad input. */
export function readGolden(dir: string, scenario: string): GoldenRecord | undefined {
  const paths = goldenPaths(dir, scenario);
  const kpiText = readIfThere(paths.kpis);
  const seriesText = readIfThere(paths.series);
  if (kpiText === undefined || seriesText === undefined) return undefined;
  const kpis = parseKpisCsv(paths.kpis, kpiText);
  const series = parseSeriesCsv(paths.series, seriesText);
  const diagnostics = [...kpis.diagnostics, ...series.diagnostics];
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return { kpis: kpis.rows, series: series.rows };
}

/** Writes a scenario's golden, each file atomically; a file whose text is unchanged is left alone. */
export function writeGolden(dir: string, scenario: string, record: GoldenRecord): void {
  const paths = goldenPaths(dir, scenario);
  writeFileAtomically(paths.kpis, kpisCsv(record.kpis));
  writeFileAtomically(paths.series, seriesCsv(record.series));
}

/** The scenario names that have a golden file in `dir`. */
export function goldenNames(dir: string): string[] {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  const names = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const m = /^(.+)\.(kpis|series)\.csv$/.exec(entry);
    if (m?.[1] !== undefined) names.add(m[1]);
  }
  return [...names].sort();
}

/** Removes a scenario's golden files; returns the paths removed. */
export function removeGolden(dir: string, scenario: string): string[] {
  const paths = goldenPaths(dir, scenario);
  const removed: string[] = [];
  for (const path of [paths.kpis, paths.series]) {
    if (statSync(path, { throwIfNoEntry: false }) === undefined) continue;
    try {
      unlinkSync(path);
      removed.push(path);
    } catch (error) {
      throw new CliError(`cannot remove ${path}: ${reason(error)}`);
    }
  }
  return removed;
}
