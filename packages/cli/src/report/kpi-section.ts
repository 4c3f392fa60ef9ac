import type { EnsembleSummary, KpiName, ScenarioRun } from '@corridor/engine';
import { bandText } from '../output/bands.js';
import { kpiDeltas } from '../output/deltas.js';
import { formatNumber, formatPercent, formatSigned, formatUnit } from '../output/numbers.js';
import type { RunLegend } from './charts.js';
import { esc } from './text.js';

/**
 * The KPI table: one row per KPI (its name, what it measures, its unit), the baseline's value,
 * then for each scenario its value and its difference from the baseline, absolute and relative.
 * A run that is an ensemble (`ensembles[i]`, baseline first) shows its median with a P5–P95
 * column beside it.
 */
export function kpiSection(baseline: ScenarioRun, scenarios: readonly ScenarioRun[], legend: RunLegend, ensembles: readonly (EnsembleSummary | undefined)[] = []): string {
  const deltas = scenarios.map((s) => kpiDeltas(baseline, s));
  const swatch = (i: number): string => `<span class="swatch${i === 0 ? ' base' : ''}" style="background:${esc(legend.colors[i]!)}"></span>`;
  const wide = (i: number): boolean => ensembles[i] !== undefined;
  const groups = scenarios.map((_, i) => `<th class="group" colspan="${wide(i + 1) ? 4 : 3}">${swatch(i + 1)}${esc(legend.labels[i + 1]!)}</th>`).join('');
  const bandHead = '<th class="n">P5–P95</th>';
  const sub = scenarios.map((_, i) => `<th class="n">${wide(i + 1) ? 'median' : 'value'}</th>${wide(i + 1) ? bandHead : ''}<th class="n">Δ</th><th class="n">Δ%</th>`).join('');
  const band = (i: number, name: string): string[] => {
    const e = ensembles[i];
    return e === undefined ? [] : [`<td class="n band">${esc(bandText(e.kpis[name as KpiName], e.runs))}</td>`];
  };
  const rows = Object.entries(baseline.kpis).map(([name, k]) => {
    const cells = deltas.flatMap((d, i) => {
      const x = d[name];
      if (x === undefined) return ['<td class="n first">—</td>', ...band(i + 1, name), '<td class="n">—</td>', '<td class="n">—</td>'];
      return [`<td class="n first">${esc(formatNumber(x.value))}</td>`, ...band(i + 1, name), `<td class="n">${esc(formatSigned(x.delta))}</td>`, `<td class="n">${esc(formatPercent(x.relativeDelta))}</td>`];
    });
    return `<tr><th scope="row"><code>${esc(name)}</code><div class="what">${esc(k.description)}</div></th><td class="u">${esc(formatUnit(k.unit))}</td><td class="n">${esc(formatNumber(k.value))}</td>${band(0, name).join('')}${cells.join('')}</tr>`;
  });
  const ensembleNote = ensembles.some((e) => e !== undefined)
    ? ` For a scenario run as an ensemble (${[baseline, ...scenarios].flatMap((_, i) => (ensembles[i] !== undefined ? [`${legend.labels[i]!}: ${ensembles[i]!.runs} runs`] : [])).join('; ')}), the value is the median of its runs and P5–P95 their spread (with the runs that have a value, when some have none); Δ is between medians.`
    : '';
  const horizons = [baseline, ...scenarios].map((r) => r.scenario.horizon);
  const note = new Set(horizons).size > 1 ? ` Each run's KPIs cover its own horizon (${[baseline, ...scenarios].map((r, i) => `${legend.labels[i]!}: ${r.scenario.horizon} days`).join('; ')}).` : '';
  return `<h2>Key figures</h2>
<p class="muted">Losses are measured against the same scenario run with no events; Δ is the scenario's value less the baseline's, Δ% relative to the baseline (— where the baseline is zero or there is no value).${esc(note)}${esc(ensembleNote)}</p>
<table>
<thead><tr><th rowspan="2">KPI</th><th rowspan="2">unit</th><th class="group"${wide(0) ? ' colspan="2"' : ''}>${swatch(0)}${esc(legend.labels[0]!)}</th>${groups}</tr>
<tr><th class="n">${wide(0) ? 'median' : 'value'}</th>${wide(0) ? bandHead : ''}${sub}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}
