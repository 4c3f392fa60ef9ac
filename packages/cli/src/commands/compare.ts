import type { KpiName, ScenarioRun } from '@corridor/engine';
import type { Context } from '../context.js';
import { EXIT } from '../exit.js';
import { loadAll } from '../load/many.js';
import { bandRecord, bandText, crossingViews, shareText, showScenarios } from '../output/bands.js';
import type { Shown } from '../output/bands.js';
import { csvRow } from '../output/csv.js';
import { kpiDeltas } from '../output/deltas.js';
import { chooseFormat } from '../output/format.js';
import type { Format } from '../output/format.js';
import { legend, shortName } from '../output/kpi-table.js';
import { formatNumber, formatPercent, formatSigned, formatUnit } from '../output/numbers.js';
import { finiteOrNull, SCHEMA_VERSION, scenarioRecord } from '../output/records.js';
import { renderTable } from '../output/table.js';
import type { Column } from '../output/table.js';

export interface CompareOptions {
  seed?: number;
  workers?: number;
  format?: Format;
}

/**
 * KPIs of scenarios side by side with a baseline. A scenario with runs > 1 is run as an
 * ensemble: its value is the median of its runs, shown with its P5–P95, and its first
 * crossings with the dates of P5, P50 and P95 and the share of runs that never cross.
 */
export async function compareCommand(baselineFile: string, files: readonly string[], options: CompareOptions, ctx: Context): Promise<number> {
  const loaded = loadAll([baselineFile, ...files]);
  const shown = await showScenarios(
    loaded.map((l) => l.scenario),
    options,
    ctx,
  );
  const [baseline, ...others] = shown;
  if (baseline === undefined) return EXIT.ok;
  ctx.out(render(baseline, others, chooseFormat(options.format, ctx.stdoutIsTTY), ctx));
  return EXIT.ok;
}

/** A scenario in machine output: its record, and for an ensemble each KPI's quantiles and the run at nominal values. */
function record(shown: Shown, deltas?: Record<string, unknown>): Record<string, unknown> {
  const base = scenarioRecord(shown.central);
  const e = shown.ensemble;
  const kpis = Object.fromEntries(
    Object.entries(deltas ?? base.kpis).map(([name, k]) => {
      if (e === undefined) return [name, k];
      const stats = e.kpis[name as KpiName];
      return [name, { ...(k as object), nominal: finiteOrNull(shown.run.kpis[name as KpiName].value), ...bandRecord(stats) }];
    }),
  );
  const crossings = Object.fromEntries(crossingViews(shown).map(({ name, ...c }) => [name, c]));
  return { ...base, runs: e?.runs ?? 1, ...(e !== undefined ? { sampling: e.sampling } : {}), kpis, crossings };
}

function compared(baseline: Shown, shown: Shown): Record<string, unknown> {
  return record(shown, kpiDeltas(baseline.central, shown.central) as Record<string, unknown>);
}

function render(baseline: Shown, others: readonly Shown[], format: Format, ctx: Context): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, baseline: record(baseline), scenarios: others.map((r) => compared(baseline, r)) }, null, 2)}\n`;
    case 'ndjson':
      return [
        { schemaVersion: SCHEMA_VERSION, role: 'baseline', ...record(baseline) },
        ...others.map((r) => ({ schemaVersion: SCHEMA_VERSION, role: 'scenario', ...compared(baseline, r) })),
      ]
        .map((line) => `${JSON.stringify(line)}\n`)
        .join('');
    case 'csv':
      return csv(baseline, others);
    case 'table': {
      const all = [baseline, ...others];
      return `${legend(all.map((s) => s.central), ctx.outStyle)}${ensembleLegend(all, ctx)}\n${table(baseline, others, ctx)}\n${crossingTable(all, ctx)}`;
    }
  }
}

/**
 * Long form, one row per scenario and KPI. When any scenario is an ensemble, three columns
 * more: its P5, P50 and P95 (empty for single runs); with none, the columns stay as they were.
 */
function csv(baseline: Shown, others: readonly Shown[]): string {
  const bands = [baseline, ...others].some((s) => s.ensemble !== undefined);
  const rows = [csvRow(['scenario', 'kpi', 'unit', 'value', 'baseline', 'delta', 'relative_delta', ...(bands ? ['runs', 'p5', 'p50', 'p95'] : [])])];
  for (const shown of others) {
    const run = shown.central;
    for (const [name, d] of Object.entries(kpiDeltas(baseline.central, run))) {
      const base = baseline.central.kpis[name as keyof ScenarioRun['kpis']]?.value ?? null;
      const stats = shown.ensemble?.kpis[name as KpiName];
      const extra = bands ? [shown.ensemble?.runs ?? 1, blank(stats?.p5 ?? null), blank(stats?.p50 ?? null), blank(stats?.p95 ?? null)] : [];
      rows.push(csvRow([run.scenario.file, name, d.unit, blank(d.value), blank(base), blank(d.delta), blank(d.relativeDelta), ...extra]));
    }
  }
  return rows.join('');
}

/** An empty CSV field is how spreadsheets and data frames read a missing value. */
function blank(value: number | null): string | number {
  return value === null || !Number.isFinite(value) ? '' : value;
}

function ensembleLegend(all: readonly Shown[], ctx: Context): string {
  const ensembles = all.filter((s) => s.ensemble !== undefined);
  if (ensembles.length === 0) return '';
  const which = ensembles.map((s) => `${shortName(s.run.scenario.file)} ${s.ensemble!.runs} runs`).join(', ');
  return ctx.outStyle.dim(`Ensembles (${which}): value is the median of the runs, P5–P95 their spread; Δ between medians.\n`);
}

function table(baseline: Shown, others: readonly Shown[], ctx: Context): string {
  const bandColumn: Column = { header: 'P5–P95', align: 'right' };
  const columns: Column[] = [{ header: 'KPI' }, { header: 'unit' }, { header: shortName(baseline.run.scenario.file), align: 'right' }];
  if (baseline.ensemble !== undefined) columns.push(bandColumn);
  for (const shown of others) {
    columns.push({ header: shortName(shown.run.scenario.file), align: 'right' });
    if (shown.ensemble !== undefined) columns.push(bandColumn);
    columns.push({ header: 'Δ', align: 'right' }, { header: 'Δ%', align: 'right' });
  }
  const deltas = others.map((shown) => kpiDeltas(baseline.central, shown.central));
  const band = (shown: Shown, name: string): string[] => (shown.ensemble === undefined ? [] : [bandText(shown.ensemble.kpis[name as KpiName], shown.ensemble.runs)]);
  const rows = Object.entries(baseline.central.kpis).map(([name, kpi]) => [
    name,
    formatUnit(kpi.unit),
    formatNumber(kpi.value),
    ...band(baseline, name),
    ...deltas.flatMap((d, i) => {
      const k = d[name];
      const shown = others[i]!;
      return k ? [formatNumber(k.value), ...band(shown, name), formatSigned(k.delta), formatPercent(k.relativeDelta)] : ['', ...band(shown, name).map(() => ''), '', ''];
    }),
  ]);
  return renderTable(columns, rows, ctx.outStyle);
}

/**
 * First crossings, one row per crossing and scenario: the date in a single run (or the run at
 * nominal values); for an ensemble, the dates at P5, P50 and P95 of the runs that cross and
 * the share that never does.
 */
function crossingTable(all: readonly Shown[], ctx: Context): string {
  const bands = all.some((s) => s.ensemble !== undefined);
  const views = all.map((s) => crossingViews(s));
  const names = [...new Set(views.flatMap((vs) => vs.map((v) => v.name)))];
  const columns: Column[] = [{ header: 'first crossing' }, { header: 'scenario' }, { header: 'date' }];
  if (bands) columns.push({ header: 'P5' }, { header: 'P50' }, { header: 'P95' }, { header: 'never', align: 'right' });
  const rows: string[][] = [];
  for (const name of names) {
    all.forEach((shown, i) => {
      const v = views[i]!.find((x) => x.name === name);
      if (v === undefined) return;
      const row = [name, shortName(shown.run.scenario.file), v.date ?? 'never'];
      if (bands) {
        const e = v.ensemble;
        if (e === undefined) row.push('', '', '', '');
        else row.push(e.date?.p5 ?? '—', e.date?.p50 ?? '—', e.date?.p95 ?? '—', shareText(e.neverShare));
      }
      rows.push(row);
    });
  }
  const note = bands ? ctx.outStyle.dim('date: the run with nominal values; P5, P50, P95: over the runs that cross; never: share of runs that do not.\n') : '';
  return `${renderTable(columns, rows, ctx.outStyle)}${note}`;
}
