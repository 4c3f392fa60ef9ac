import type { ScenarioRun } from '@corridor/engine';
import type { Context } from '../context.js';
import { EXIT } from '../exit.js';
import { loadAll } from '../load/many.js';
import { simulateScenario } from '../load/simulate.js';
import { csvRow } from '../output/csv.js';
import { kpiDeltas } from '../output/deltas.js';
import { chooseFormat } from '../output/format.js';
import type { Format } from '../output/format.js';
import { legend, shortName } from '../output/kpi-table.js';
import { formatNumber, formatPercent, formatSigned, formatUnit } from '../output/numbers.js';
import { SCHEMA_VERSION, scenarioRecord } from '../output/records.js';
import { renderTable } from '../output/table.js';
import type { Column } from '../output/table.js';

export interface CompareOptions {
  seed?: number;
  format?: Format;
}

export async function compareCommand(baselineFile: string, files: readonly string[], options: CompareOptions, ctx: Context): Promise<number> {
  const loaded = loadAll([baselineFile, ...files]);
  const runs = loaded.map(({ scenario }) => simulateScenario(scenario, options.seed));
  const [baseline, ...others] = runs;
  if (baseline === undefined) return EXIT.ok;
  ctx.out(render(baseline, others, chooseFormat(options.format, ctx.stdoutIsTTY), ctx));
  return EXIT.ok;
}

function compared(baseline: ScenarioRun, run: ScenarioRun): Record<string, unknown> {
  return { ...scenarioRecord(run), kpis: kpiDeltas(baseline, run) };
}

function render(baseline: ScenarioRun, others: readonly ScenarioRun[], format: Format, ctx: Context): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, baseline: scenarioRecord(baseline), scenarios: others.map((r) => compared(baseline, r)) }, null, 2)}\n`;
    case 'ndjson':
      return [
        { schemaVersion: SCHEMA_VERSION, role: 'baseline', ...scenarioRecord(baseline) },
        ...others.map((r) => ({ schemaVersion: SCHEMA_VERSION, role: 'scenario', ...compared(baseline, r) })),
      ]
        .map((line) => `${JSON.stringify(line)}\n`)
        .join('');
    case 'csv': {
      const rows = [csvRow(['scenario', 'kpi', 'unit', 'value', 'baseline', 'delta', 'relative_delta'])];
      for (const run of others) {
        for (const [name, d] of Object.entries(kpiDeltas(baseline, run))) {
          const base = baseline.kpis[name as keyof ScenarioRun['kpis']]?.value ?? null;
          rows.push(csvRow([run.scenario.file, name, d.unit, blank(d.value), blank(base), blank(d.delta), blank(d.relativeDelta)]));
        }
      }
      return rows.join('');
    }
    case 'table':
      return `${legend([baseline, ...others], ctx.outStyle)}\n${table(baseline, others, ctx)}`;
  }
}

/** An empty CSV field is how spreadsheets and data frames read a missing value. */
function blank(value: number | null): string | number {
  return value === null || !Number.isFinite(value) ? '' : value;
}

function table(baseline: ScenarioRun, others: readonly ScenarioRun[], ctx: Context): string {
  const columns: Column[] = [{ header: 'KPI' }, { header: 'unit' }, { header: shortName(baseline.scenario.file), align: 'right' }];
  for (const run of others) columns.push({ header: shortName(run.scenario.file), align: 'right' }, { header: 'Δ', align: 'right' }, { header: 'Δ%', align: 'right' });
  const deltas = others.map((run) => kpiDeltas(baseline, run));
  const rows = Object.entries(baseline.kpis).map(([name, kpi]) => [
    name,
    formatUnit(kpi.unit),
    formatNumber(kpi.value),
    ...deltas.flatMap((d) => {
      const k = d[name];
      return k ? [formatNumber(k.value), formatSigned(k.delta), formatPercent(k.relativeDelta)] : ['', '', ''];
    }),
  ]);
  return renderTable(columns, rows, ctx.outStyle);
}
