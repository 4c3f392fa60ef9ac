import type { ScenarioRun } from '@corridor/engine';
import type { ChartDef } from './charts.js';

/**
 * The Vega-Lite specification of one chart: the baseline (no events) as a grey line, each
 * scenario as a coloured one, and every scenario's event periods shaded on the time axis.
 */
export function chartSpec(chart: ChartDef, baseline: ScenarioRun, scenarios: readonly ScenarioRun[]): Record<string, unknown> {
  const rows: { date: string; value: number; run: string }[] = [];
  const add = (run: ScenarioRun, label: string, until = Infinity): void => {
    const xs = run.series[chart.series]!;
    run.dates.forEach((date, i) => {
      if (run.times[i]! <= until) rows.push({ date, value: xs[i]!, run: label });
    });
  };
  // The baseline is drawn only as far as the longest scenario runs.
  const last = Math.max(...scenarios.map((r) => r.times[r.times.length - 1] ?? 0));
  add(baseline, `baseline: ${name(baseline)}`, scenarios.length > 0 ? last : Infinity);
  for (const s of scenarios) add(s, name(s));
  const periods = scenarios.flatMap((s) =>
    s.scenario.events.map((e) => ({ from: dateAt(s, e.from), to: dateAt(s, e.to ?? s.scenario.horizon), event: e.label })),
  );
  const line = {
    mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null, axis: { format: '%d %b %Y', labelAngle: 0, tickCount: 6 } },
      y: { field: 'value', type: 'quantitative', title: chart.unit },
      color: { field: 'run', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 600, columns: 1 } },
      strokeDash: { condition: { test: "indexof(datum.run, 'baseline') === 0", value: [4, 3] }, value: [1, 0] },
    },
    data: { values: rows },
  };
  const shade = {
    data: { values: periods },
    mark: { type: 'rect', color: '#d62728', opacity: 0.1 },
    encoding: { x: { field: 'from', type: 'temporal' }, x2: { field: 'to' } },
  };
  return {
    width: 640,
    height: 200,
    title: { text: `${chart.title} (${chart.unit})`, anchor: 'start', fontSize: 14 },
    config: { font: 'DejaVu Sans, Arial, sans-serif', view: { stroke: null } },
    layer: periods.length > 0 ? [shade, line] : [line],
  };
}

const name = (run: ScenarioRun): string => run.scenario.file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');

function dateAt(run: ScenarioRun, day: number): string {
  const start = Date.parse(`${run.scenario.start}T00:00:00Z`);
  return new Date(start + Math.min(day, run.scenario.horizon) * 86_400_000).toISOString().slice(0, 10);
}
