import type { ScenarioRun } from '@corridor/engine';
import { kpiDeltas } from '../output/deltas.js';
import { shortName } from '../output/kpi-table.js';
import { formatNumber, formatPercent, formatSigned } from '../output/numbers.js';

export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One self-contained HTML page: inline CSS and SVG, nothing to fetch. */
export function reportPage(baseline: ScenarioRun, scenarios: readonly ScenarioRun[], charts: readonly RenderedChart[], generated: string): string {
  const runs = [baseline, ...scenarios];
  const head = ['KPI', 'unit', `${esc(shortName(baseline.scenario.file))} (baseline)`, ...scenarios.flatMap((s) => [esc(shortName(s.scenario.file)), 'Δ', 'Δ%'])];
  const deltas = scenarios.map((s) => kpiDeltas(baseline, s));
  const rows = Object.entries(baseline.kpis).map(([name, k]) => {
    const cells = [
      `<th title="${esc(k.description)}">${esc(name)}<div class="what">${esc(k.description)}</div></th>`,
      `<td>${esc(k.unit)}</td>`,
      `<td class="n">${formatNumber(k.value)}</td>`,
      ...deltas.flatMap((d) => {
        const x = d[name]!;
        return [`<td class="n">${formatNumber(x.value)}</td>`, `<td class="n">${formatSigned(x.delta)}</td>`, `<td class="n">${formatPercent(x.relativeDelta)}</td>`];
      }),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const questions = runs.map((r) => `<li><b>${esc(shortName(r.scenario.file))}</b>${r === baseline ? ' (baseline)' : ''}: ${esc(r.scenario.question ?? '')} <span class="muted">from ${r.scenario.start}, ${r.scenario.horizon} days, seed ${String(r.meta.seed)}</span>${eventList(r)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Corridor report</title>
<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.4}
h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
.muted,.what{color:#777;font-size:.8rem;font-weight:normal}
table{border-collapse:collapse;font-size:.85rem;width:100%} th,td{padding:.3rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums} thead th{background:#f6f6f6}
figure{margin:1rem 0} svg{max-width:100%;height:auto}
</style></head><body>
<h1>Corridor report</h1>
<p class="muted">Generated ${esc(generated)}. Losses are measured against each scenario's own run with no events. Shaded: event periods.</p>
<h2>Scenarios</h2><ul>${questions.join('\n')}</ul>
<h2>Key figures</h2>
<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<h2>Over time</h2>
${charts.map((c) => `<figure id="${esc(c.name)}" aria-label="${esc(c.title)}">${c.svg}</figure>`).join('\n')}
</body></html>
`;
}

function eventList(run: ScenarioRun): string {
  if (run.scenario.events.length === 0) return '';
  return `<ul class="muted">${run.scenario.events.map((e) => `<li>${esc(e.label)}: day ${e.from}${e.to !== undefined ? `–${e.to}` : ''}</li>`).join('')}</ul>`;
}
