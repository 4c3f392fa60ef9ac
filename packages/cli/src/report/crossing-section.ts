import { crossingViews, shareText } from '../output/bands.js';
import type { Shown } from '../output/bands.js';
import type { RunLegend } from './charts.js';
import { esc, humanDate } from './text.js';

/**
 * First crossings: for each threshold, the day each run first crosses it. A single run has one
 * date (or none); an ensemble the dates at P5, P50 and P95 of its runs that cross, and the share
 * of its runs that never do within the horizon.
 */
export function crossingSection(shown: readonly Shown[], legend: RunLegend): string {
  const views = shown.map((s) => crossingViews(s));
  // Every run's thresholds: a scenario may name its own.
  const names = [...new Set(views.flatMap((vs) => vs.map((v) => v.name)))];
  if (names.length === 0) return '';
  const bands = shown.some((s) => s.ensemble !== undefined);
  const date = (d: string | null | undefined): string => (d === null || d === undefined ? '—' : humanDate(Date.parse(`${d}T00:00:00Z`)));
  const swatch = (i: number): string => `<span class="swatch${i === 0 ? ' base' : ''}" style="background:${esc(legend.colors[i]!)}"></span>`;
  const rows: string[] = [];
  for (const name of names) {
    const having = shown.flatMap((s, i) => (views[i]!.some((x) => x.name === name) ? [i] : []));
    having.forEach((i, k) => {
      const v = views[i]!.find((x) => x.name === name)!;
      const e = v.ensemble;
      // The threshold's name and meaning once, over the rows of every run.
      const head = k === 0 ? `<th scope="rowgroup" rowspan="${having.length}"><code>${esc(name)}</code><div class="what">${esc(v.description)}</div></th>` : '';
      // A single run's date; an ensemble's median date over its runs that cross.
      const first = e === undefined ? esc(v.date === null ? 'never' : date(v.date)) : esc(e.date === null ? 'never' : date(e.date.p50));
      const spread = bands ? (e === undefined ? '<td class="n"></td><td class="n"></td>' : `<td class="n band">${e.date === null ? '—' : `${esc(date(e.date.p5))} – ${esc(date(e.date.p95))}`}</td><td class="n">${esc(shareText(e.neverShare))}</td>`) : '';
      rows.push(`<tr>${head}<td>${swatch(i)}${esc(legend.labels[i]!)}</td><td class="n">${first}</td>${spread}</tr>`);
    });
  }
  const note = bands
    ? 'For an ensemble, the date is the median (P50) over the runs that cross, P5 – P95 their spread, and "never" the share of runs that do not cross within the horizon.'
    : 'The first day each run crosses the threshold; never: not within its horizon.';
  return `<h2>First crossings</h2>
<p class="muted">${esc(note)}</p>
<table class="crossings">
<thead><tr><th>threshold</th><th>scenario</th><th class="n">${bands ? 'date (median)' : 'date'}</th>${bands ? '<th class="n">P5 – P95</th><th class="n">never</th>' : ''}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}
