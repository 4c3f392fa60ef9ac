import type { TopLevelSpec } from 'vega-lite';
import type { Chart, RunLegend } from './charts.js';

/**
 * The Vega-Lite specification of one chart: each scenario a coloured line, the baseline a
 * dark dashed line drawn on top (so that it shows where a scenario does not depart from it),
 * and each scenario's event periods shaded in that scenario's colour. Dates are UTC
 * timestamps on a UTC scale: the labels do not depend on the machine's time zone.
 */

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 220;
export const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

const DAY = 86_400_000;

/** One layer of a layered chart, as vega-lite's types have it. */
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

export function chartSpec(chart: Chart, legend: RunLegend): TopLevelSpec {
  const [baselineLabel] = legend.labels;
  const scale = { domain: legend.labels, range: legend.colors };
  // One legend for colour and dash together: the baseline's entry is dashed as its line is.
  const dash = { domain: legend.labels, range: legend.labels.map((_, i) => (i === 0 ? [6, 3] : [1, 0])) };
  const x = { field: 't', type: 'temporal', title: null, scale: { type: 'utc', domain: legend.span, nice: false }, axis: timeAxis(legend.span) } as const;
  const y = { field: 'value', type: 'quantitative', title: chart.unit, scale: { zero: true, nice: false, ...topOf(chart) }, axis: { tickCount: 5 } } as const;
  const line = (rows: Chart['points'], width: number): Layer => ({
    data: { values: rows },
    mark: { type: 'line', strokeWidth: width, interpolate: 'linear', clip: true },
    encoding: {
      x,
      y,
      color: { field: 'run', type: 'nominal', scale, legend: { title: null, orient: 'top', direction: 'horizontal', columns: legend.labels.length <= 3 ? legend.labels.length : 2, symbolType: 'stroke', symbolStrokeWidth: 2.5, labelLimit: 330, labelFontSize: 12 } },
      strokeDash: { field: 'run', type: 'nominal', scale: dash },
    },
  });
  const periods = chart.events.filter((e) => e.to !== undefined && e.to > e.from);
  const moments = chart.events.filter((e) => e.to === undefined || e.to <= e.from);
  const layers: Layer[] = [];
  // The shading takes its colour from the data (scale: null), not from a scale of its own: a
  // second legend-less scale on `run` would make vega-lite drop the lines' legend too.
  const colorOf = (run: string): string => legend.colors[legend.labels.indexOf(run)] ?? '#999';
  // Periods of several scenarios overlap: the more there are, the lighter each.
  const shade = Math.max(0.05, Math.min(0.12, 0.3 / new Set(periods.map((e) => e.run)).size));
  if (periods.length > 0) {
    layers.push({
      data: { values: periods.map((e) => ({ ...e, color: colorOf(e.run) })) },
      mark: { type: 'rect', opacity: shade, clip: true },
      encoding: { x: { field: 'from', type: 'temporal', title: null }, x2: { field: 'to' }, fill: { field: 'color', type: 'nominal', scale: null } },
    });
  }
  if (moments.length > 0) {
    layers.push({
      data: { values: moments.map((e) => ({ ...e, color: colorOf(e.run) })) },
      mark: { type: 'rule', strokeDash: [2, 2], strokeWidth: 1.5, opacity: 0.7, clip: true },
      encoding: { x: { field: 'from', type: 'temporal', title: null }, stroke: { field: 'color', type: 'nominal', scale: null } },
    });
  }
  // Ensembles: P5–P95 light and P25–P75 darker, in the run's colour, behind every line.
  if (chart.bands.length > 0) {
    const rows = chart.bands.map((b) => ({ ...b, color: colorOf(b.run) }));
    const band = (lo: 'p5' | 'p25', hi: 'p95' | 'p75', opacity: number): Layer => ({
      data: { values: rows },
      mark: { type: 'area', opacity, interpolate: 'linear', clip: true },
      encoding: {
        x,
        y: { ...y, field: lo },
        y2: { field: hi },
        fill: { field: 'color', type: 'nominal', scale: null },
        detail: { field: 'run', type: 'nominal' },
      },
    });
    layers.push(band('p5', 'p95', 0.14), band('p25', 'p75', 0.24));
  }
  layers.push(line(chart.points.filter((p) => p.run !== baselineLabel), 2.25), line(chart.points.filter((p) => p.run === baselineLabel), 1.75));
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    background: 'white',
    padding: { left: 4, right: 16, top: 6, bottom: 4 },
    title: {
      text: chart.unit ? `${chart.title} (${chart.unit})` : chart.title,
      ...(subtitle(chart) !== '' ? { subtitle: subtitle(chart) } : {}),
      anchor: 'start',
      fontSize: 15,
      fontWeight: 'bold',
      subtitleFontSize: 11,
      subtitleColor: '#666',
      offset: 6,
    },
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888', labelColor: '#333', titleColor: '#333' },
      legend: { labelColor: '#222' },
    },
    layer: layers,
  };
}

function subtitle(chart: Chart): string {
  const parts: string[] = [];
  if (chart.events.length > 0) parts.push("Shaded: each scenario's event periods, in its colour");
  if (chart.bands.length > 0) parts.push('bands: P5–P95, P25–P75 of the runs');
  return parts.join('; ');
}

/** Month labels ("Sep 2025", "Oct", …, the year again in January) for long spans, days for short ones. */
function timeAxis(span: [number, number]): Record<string, unknown> {
  const days = (span[1] - span[0]) / DAY;
  if (days > 75) {
    return {
      tickCount: { interval: 'month', step: days > 400 ? 2 : 1 },
      labelExpr: "utcFormat(datum.value, datum.index === 0 || utcmonth(datum.value) === 0 ? '%b %Y' : '%b')",
      labelOverlap: true,
      labelPadding: 4,
    };
  }
  return { tickCount: { interval: 'week', step: days > 35 ? 2 : 1 }, format: '%d %b', formatType: 'utc', labelOverlap: true };
}

/**
 * Room above the highest value: a flat line at a round number (gold output at 150 kg/day)
 * would otherwise run along the top edge of the chart, where it is hard to see.
 */
function topOf(chart: Chart): { domainMax?: number } {
  const max = chart.bands.reduce((m, b) => Math.max(m, b.p95), chart.points.reduce((m, p) => Math.max(m, p.value), 0));
  if (!(max > 0)) return {};
  const padded = max * 1.08;
  const unit = 10 ** (Math.floor(Math.log10(padded)) - 1);
  return { domainMax: Math.ceil(padded / unit) * unit };
}
