import type { ScenarioRun } from '@corridor/engine';
import type { Style } from '../style.js';
import { formatNumber, formatUnit } from './numbers.js';
import { renderTable } from './table.js';

/** What a table column calls a scenario: its file name without folder or extension. */
export function shortName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.ya?ml$/i, '');
}

/** The lines above a table that say which scenario is which and what it asks. */
export function legend(runs: readonly ScenarioRun[], style: Style): string {
  return runs
    .map((run) => {
      const s = run.scenario;
      const head = `${style.bold(s.file)}${s.question ? `  ${s.question}` : ''}`;
      const detail = style.dim(`  from ${s.start}, ${formatNumber(s.horizon)} days, seed ${String(run.meta.seed)}, ${s.method} dt ${s.dt}`);
      return `${head}\n${detail}\n`;
    })
    .join('');
}

/**
 * The KPIs of one or more runs. One run gets a description column, since a planner reading a
 * single result wants to know what each figure means; several runs get one column each.
 */
export function kpiTable(runs: readonly ScenarioRun[], style: Style): string {
  const first = runs[0];
  if (first === undefined) return '';
  const names = Object.keys(first.kpis) as (keyof ScenarioRun['kpis'])[];
  if (runs.length === 1) {
    const rows = names.map((n) => {
      const k = first.kpis[n];
      return [n, formatNumber(k.value), formatUnit(k.unit), k.description];
    });
    return renderTable([{ header: 'KPI' }, { header: 'value', align: 'right' }, { header: 'unit' }, { header: 'what it measures' }], rows, style);
  }
  const rows = names.map((n) => [n, formatUnit(first.kpis[n].unit), ...runs.map((r) => formatNumber(r.kpis[n].value))]);
  return renderTable([{ header: 'KPI' }, { header: 'unit' }, ...runs.map((r) => ({ header: shortName(r.scenario.file), align: 'right' as const }))], rows, style);
}
