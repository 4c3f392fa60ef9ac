import type { ScenarioRun } from '@corridor/engine';
import { kpiDeltas } from '../output/deltas.js';
import { formatNumber, formatPercent, formatSigned, formatUnit } from '../output/numbers.js';
import type { RunLegend } from './charts.js';
import { esc } from './text.js';

/**
 * The KPI table: one row per KPI (its name, what it measures, its unit), the baseline's value,
 * then for each scenario its value and its difference from the baseline, absolute and relative.
 */
export function kpiSection(baseline: ScenarioRun, scenarios: readonly ScenarioRun[], legend: RunLegend): string {
  const deltas = scenarios.map((s) => kpiDeltas(baseline, s));
  const swatch = (i: number): string => `<span class="swatch${i === 0 ? ' base' : ''}" style="background:${esc(legend.colors[i]!)}"></span>`;
  const groups = scenarios.map((_, i) => `<th class="group" colspan="3">${swatch(i + 1)}${esc(legend.labels[i + 1]!)}</th>`).join('');
  const sub = scenarios.map(() => '<th class="n">value</th><th class="n">Δ</th><th class="n">Δ%</th>').join('');
  const rows = Object.entries(baseline.kpis).map(([name, k]) => {
    const cells = deltas.flatMap((d) => {
      const x = d[name];
      if (x === undefined) return ['<td class="n first">—</td>', '<td class="n">—</td>', '<td class="n">—</td>'];
      return [`<td class="n first">${esc(formatNumber(x.value))}</td>`, `<td class="n">${esc(formatSigned(x.delta))}</td>`, `<td class="n">${esc(formatPercent(x.relativeDelta))}</td>`];
    });
    return `<tr><th scope="row"><code>${esc(name)}</code><div class="what">${esc(k.description)}</div></th><td class="u">${esc(formatUnit(k.unit))}</td><td class="n">${esc(formatNumber(k.value))}</td>${cells.join('')}</tr>`;
  });
  const horizons = [baseline, ...scenarios].map((r) => r.scenario.horizon);
  const note = new Set(horizons).size > 1 ? ` Each run's KPIs cover its own horizon (${[baseline, ...scenarios].map((r, i) => `${legend.labels[i]!}: ${r.scenario.horizon} days`).join('; ')}).` : '';
  return `<h2>Key figures</h2>
<p class="muted">Losses are measured against the same scenario run with no events; Δ is the scenario's value less the baseline's, Δ% relative to the baseline (— where the baseline is zero or there is no value).${esc(note)}</p>
<table>
<thead><tr><th rowspan="2">KPI</th><th rowspan="2">unit</th><th class="group">${swatch(0)}${esc(legend.labels[0]!)}</th>${groups}</tr>
<tr><th class="n">value</th>${sub}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}
