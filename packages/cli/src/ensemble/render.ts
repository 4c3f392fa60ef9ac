import { QUANTILES } from '@corridor/engine';
import type { EnsembleSummary, KpiName, QuantileName, ScenarioRun } from '@corridor/engine';
import type { Style } from '../style.js';
import { bandRecord, shareText } from '../output/bands.js';
import { csvRow, seriesCsv } from '../output/csv.js';
import type { Format } from '../output/format.js';
import { kpiTable, legend, shortName } from '../output/kpi-table.js';
import { formatNumber, formatUnit } from '../output/numbers.js';
import { SCHEMA_VERSION, finiteOrNull, scenarioRecord } from '../output/records.js';
import { renderTable } from '../output/table.js';
import type { EnsembleHeader } from './header.js';

/**
 * What `corridor run` (and `corridor merge`) print: a single run as before, with its first
 * crossings; an ensemble as its bands, KPI quantiles and crossing dates. An ensemble is drawn
 * from its header and summary alone, so a merge of shards prints the very same bytes.
 */
export type RunShown = { kind: 'single'; run: ScenarioRun } | { kind: 'ensemble'; header: EnsembleHeader; summary: EnsembleSummary };

const Q = Object.keys(QUANTILES) as QuantileName[];

export function renderRun(shown: readonly RunShown[], format: Format, style: Style): string {
  switch (format) {
    case 'json':
      return runJson(shown);
    case 'ndjson':
      return shown.map((s) => `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...record(s) })}\n`).join('');
    case 'csv':
      return runCsv(shown);
    case 'table':
      return runTable(shown, style);
  }
}

export function runJson(shown: readonly RunShown[]): string {
  return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, scenarios: shown.map(record) }, null, 2)}\n`;
}

function record(s: RunShown): Record<string, unknown> {
  if (s.kind === 'single') {
    const crossings = Object.fromEntries(Object.entries(s.run.crossings).map(([name, c]) => [name, { description: c.def.description, day: c.day, date: c.date }]));
    return { ...scenarioRecord(s.run), crossings };
  }
  const { header: h, summary: e } = s;
  return {
    file: h.file,
    question: h.question ?? null,
    start: h.start,
    horizon: h.horizon,
    seed: e.seed,
    method: h.method,
    dt: h.dt,
    runs: e.runs,
    sampling: e.sampling,
    parameters: e.parameters,
    skipped: e.skipped,
    kpis: Object.fromEntries(Object.entries(e.kpis).map(([name, k]) => [name, { unit: k.unit, ...bandRecord(k) }])),
    crossings: Object.fromEntries(
      Object.entries(e.crossings).map(([name, c]) => [
        name,
        {
          description: c.def.description,
          series: c.def.series,
          direction: c.def.direction,
          threshold: c.def.threshold,
          ofBaseline: c.def.ofBaseline,
          neverShare: c.neverShare,
          day: c.day !== undefined ? Object.fromEntries(Q.map((q) => [q, c.day![q]])) : null,
          date: c.date !== undefined ? Object.fromEntries(Q.map((q) => [q, c.date![q]])) : null,
        },
      ]),
    ),
    dates: e.dates,
    days: Array.from(e.times),
    series: Object.fromEntries(Object.entries(e.series).map(([name, band]) => [name, Object.fromEntries(Q.map((q) => [q, Array.from(band[q], (x) => finiteOrNull(x))]))])),
  };
}

export const BANDS_HEADER = ['scenario', 'variable', 'date', 'day', ...Q] as const;

/** Long form: one row per scenario, variable and saved date. A single run's value fills every quantile column. */
export function runCsv(shown: readonly RunShown[]): string {
  if (shown.every((s) => s.kind === 'single')) return seriesCsv(shown.map((s) => ({ file: (s as { run: ScenarioRun }).run.scenario.file, run: (s as { run: ScenarioRun }).run })));
  const parts = [csvRow(BANDS_HEADER)];
  for (const s of shown) {
    if (s.kind === 'single') {
      for (const [variable, values] of Object.entries(s.run.series)) {
        values.forEach((v, i) => parts.push(csvRow([s.run.scenario.file, variable, s.run.dates[i] ?? '', s.run.times[i] ?? NaN, v, v, v, v, v])));
      }
      continue;
    }
    const e = s.summary;
    for (const [variable, band] of Object.entries(e.series)) {
      for (let i = 0; i < e.times.length; i++) parts.push(csvRow([s.header.file, variable, e.dates[i] ?? '', e.times[i]!, ...Q.map((q) => band[q][i]!)]));
    }
  }
  return parts.join('');
}

function runTable(shown: readonly RunShown[], style: Style): string {
  if (shown.every((s) => s.kind === 'single')) {
    const runs = shown.map((s) => (s as { run: ScenarioRun }).run);
    return `${legend(runs, style)}\n${kpiTable(runs, style)}\n${singleCrossings(runs, style)}`;
  }
  return shown
    .map((s) => (s.kind === 'single' ? `${legend([s.run], style)}\n${kpiTable([s.run], style)}\n${singleCrossings([s.run], style)}` : ensembleTable(s.header, s.summary, style)))
    .join('\n');
}

/** The first crossings of single runs: the date, or "never" within the horizon. */
function singleCrossings(runs: readonly ScenarioRun[], style: Style): string {
  const first = runs[0];
  if (first === undefined || Object.keys(first.crossings).length === 0) return '';
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.crossings)))];
  const one = runs.length === 1;
  const rows = names.map((name) => {
    const cells = runs.map((r) => {
      const c = r.crossings[name];
      return c === undefined ? '' : (c.date ?? 'never');
    });
    if (!one) return [name, ...cells];
    const c = first.crossings[name];
    return [name, cells[0]!, c?.day !== null && c?.day !== undefined ? formatNumber(c.day) : '', c?.def.description ?? ''];
  });
  const columns = one
    ? [{ header: 'first crossing' }, { header: 'date' }, { header: 'day', align: 'right' as const }, { header: 'what it marks' }]
    : [{ header: 'first crossing' }, ...runs.map((r) => ({ header: shortName(r.scenario.file) }))];
  return renderTable(columns, rows, style);
}

function ensembleTable(h: EnsembleHeader, e: EnsembleSummary, style: Style): string {
  const head = `${style.bold(h.file)}${h.question ? `  ${h.question}` : ''}\n`;
  const detail = style.dim(`  from ${h.start}, ${formatNumber(h.horizon)} days, ${e.runs} runs (${e.sampling.replace('_', ' ')}), seed ${e.seed}, ${h.method} dt ${h.dt}\n`);

  const params = e.parameters.length
    ? renderTable(
        [{ header: 'varied parameter' }, { header: 'unit' }, { header: 'distribution' }, { header: 'from' }],
        e.parameters.map((p) => [p.name, formatUnit(p.unit ?? ''), p.distribution, p.file]),
        style,
      )
    : style.dim('No parameter varies: the runs differ only by their random draws.\n');
  const skipped = e.skipped.length ? style.dim(e.skipped.map((s) => `  not varied: ${s.name} (${s.reason})\n`).join('')) : '';

  const kpiRows = (Object.entries(e.kpis) as [KpiName, EnsembleSummary['kpis'][KpiName]][]).map(([name, k]) => [
    name,
    formatUnit(k.unit),
    formatNumber(k.p5 ?? null),
    formatNumber(k.p50 ?? null),
    formatNumber(k.p95 ?? null),
    formatNumber(k.mean ?? null),
    k.runsWithValue < e.runs ? `${k.runsWithValue}/${e.runs}` : '',
  ]);
  const kpis = renderTable(
    [{ header: 'KPI' }, { header: 'unit' }, { header: 'P5', align: 'right' }, { header: 'P50', align: 'right' }, { header: 'P95', align: 'right' }, { header: 'mean', align: 'right' }, { header: 'runs', align: 'right' }],
    kpiRows,
    style,
  );

  const crossingRows = Object.entries(e.crossings).map(([name, c]) => [
    name,
    c.date?.p5 ?? '—',
    c.date?.p50 ?? '—',
    c.date?.p95 ?? '—',
    shareText(c.neverShare),
    c.def.description,
  ]);
  const crossings = crossingRows.length
    ? renderTable([{ header: 'first crossing' }, { header: 'P5' }, { header: 'P50' }, { header: 'P95' }, { header: 'never', align: 'right' }, { header: 'what it marks' }], crossingRows, style) +
      style.dim('P5, P50, P95: dates over the runs that cross; never: share of runs that do not cross within the horizon.\n')
    : '';
  const note = style.dim('KPI quantiles and means are exact over the runs (nearest rank); runs: runs with a value when some have none.\n');
  return `${head}${detail}\n${params}${skipped}\n${kpis}${note}\n${crossings}`;
}
