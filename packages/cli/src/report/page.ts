import type { EnsembleSummary, ScenarioRun } from '@corridor/engine';
import type { RunLegend } from './charts.js';
import { startMs } from './charts.js';
import { kpiSection } from './kpi-section.js';
import { FONT } from './spec.js';
import { esc, humanDate } from './text.js';

export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
}

export interface PageInput {
  baseline: ScenarioRun;
  scenarios: readonly ScenarioRun[];
  legend: RunLegend;
  charts: readonly RenderedChart[];
  /** The KPI table's ensembles (runs > 1), baseline first: their medians are in the runs above. */
  ensembles?: readonly (EnsembleSummary | undefined)[];
  /** The first-crossings section, as HTML (crossing-section.ts); none when left out. */
  crossings?: string;
  /** When the page was made, as people read it (UTC). */
  generated: string;
  version: string;
}

const DAY = 86_400_000;

const STYLE = `
body{font-family:${FONT};margin:2rem auto;max-width:1080px;padding:0 1.5rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .2rem} h2{font-size:1.15rem;margin:2.2rem 0 .6rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.range{font-size:1.05rem;margin:0 0 .3rem} .muted,.what{color:#6b6b6b;font-size:.82rem;font-weight:normal}
.swatch{display:inline-block;width:1.6em;height:.32em;vertical-align:middle;margin-right:.45em;border-radius:1px}
.swatch.base{background:repeating-linear-gradient(90deg,#404040 0 6px,transparent 6px 9px)!important}
ul.runs{list-style:none;padding:0} ul.runs>li{margin:.55rem 0} ul.events{margin:.15rem 0 0 2.1em;padding-left:1em}
.q{font-style:italic}
table{border-collapse:collapse;font-size:.85rem;width:100%} th,td{padding:.32rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
thead th{background:#f5f5f5;vertical-align:bottom} td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap} td.u{white-space:nowrap}
th.group{border-left:2px solid #fff;text-align:center} td.first{border-left:1px solid #e4e4e4}
figure{margin:1.4rem 0 1.8rem} figure svg{width:100%;max-width:940px;height:auto;display:block}
footer{margin-top:2.5rem;border-top:1px solid #ddd;padding-top:.6rem}
@media print{figure{break-inside:avoid}}
`;

/** One self-contained HTML page: inline CSS and SVG, nothing to fetch, no script. */
export function reportPage(input: PageInput): string {
  const { baseline, scenarios, legend, charts } = input;
  const [from, to] = legend.span;
  const range = `${humanDate(from)} – ${humanDate(to - DAY)}`;
  const days = Math.round((to - from) / DAY);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Corridor report: ${esc(range)}</title>
<style>${STYLE}</style></head><body>
<header>
<h1>Corridor report</h1>
<p class="range">${esc(range)} <span class="muted">(${days} days) · ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} against the baseline</span></p>
<p class="muted">Generated ${esc(input.generated)} UTC by corridor ${esc(input.version)}. Shaded on the charts: each scenario's event periods, in its colour.</p>
</header>
<h2>Scenarios</h2>
<ul class="runs">
${[baseline, ...scenarios].map((run, i) => runItem(run, legend.labels[i]!, legend.colors[i]!, i === 0)).join('\n')}
</ul>
${kpiSection(baseline, scenarios, legend, input.ensembles ?? [])}
${input.crossings ?? ''}
<h2>Over time</h2>
<p class="muted">Daily values from ${esc(humanDate(from))}; the baseline (dashed) is drawn over the span the scenarios run.${(input.ensembles ?? []).some((e) => e !== undefined) ? ' A scenario run as an ensemble is drawn as the median of its runs, in front of two bands in its colour: P5–P95 (light) and P25–P75 (darker).' : ''}</p>
${charts.map((c) => `<figure id="${esc(c.name)}" aria-label="${esc(c.title)}">\n${c.svg}\n</figure>`).join('\n')}
<footer class="muted">Model: ${esc(baseline.scenario.modelFile)}. Charts: Vega-Lite specifications rendered to SVG without a browser. This page needs no network.</footer>
</body></html>
`;
}

function runItem(run: ScenarioRun, label: string, color: string, isBaseline: boolean): string {
  const s = run.scenario;
  const start = startMs(run);
  const detail = `${s.file} · ${humanDate(start)} – ${humanDate(start + (s.horizon - 1) * DAY)}, ${s.horizon} days, seed ${String(run.meta.seed)}${s.runs > 1 ? `, ${s.runs} runs (${s.sampling === 'latin_hypercube' ? 'Latin hypercube' : 'Monte Carlo'})` : ''}`;
  const events = s.events.map((e) => {
    const when = e.to !== undefined ? `${humanDate(start + e.from * DAY)} – ${humanDate(start + e.to * DAY)} (days ${e.from}–${e.to})` : `from ${humanDate(start + e.from * DAY)} (day ${e.from})`;
    return `<li>${esc(e.label)}: ${esc(when)}</li>`;
  });
  return `<li><span class="swatch${isBaseline ? ' base' : ''}" style="background:${esc(color)}"></span><b>${esc(label)}</b>${s.question ? ` <span class="q">${esc(s.question)}</span>` : ''}
<div class="muted" style="margin-left:2.1em">${esc(detail)}</div>${events.length > 0 ? `<ul class="events muted">${events.join('')}</ul>` : ''}</li>`;
}
