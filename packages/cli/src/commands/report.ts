import type { Context } from '../context.js';
import { EXIT } from '../exit.js';
import { loadAll } from '../load/many.js';
import { showScenarios } from '../output/bands.js';
import { buildCharts, runLegend } from '../report/charts.js';
import { crossingSection } from '../report/crossing-section.js';
import { prepareReportFile, preparePngDir, writePngFiles, writeReportFile } from '../report/outputs.js';
import { reportPage } from '../report/page.js';
import type { RenderedChart } from '../report/page.js';
import { svgToPng } from '../report/png.js';
import { renderSvg } from '../report/render.js';
import { chartSpec } from '../report/spec.js';

export interface ReportOptions {
  out: string;
  png?: string;
  seed?: number;
  workers?: number;
}

/**
 * Runs a baseline and scenarios and writes one self-contained HTML page (and, with --png, the
 * same charts as PNG files). Everything is made before anything is written, so a failure
 * leaves no half of a report.
 */
export async function reportCommand(baselineFile: string, files: readonly string[], options: ReportOptions, ctx: Context): Promise<number> {
  const started = performance.now();
  const loaded = loadAll([baselineFile, ...files]);
  // After the inputs are known to be good (a bad scenario creates nothing), before the runs.
  prepareReportFile(options.out);
  if (options.png !== undefined) preparePngDir(options.png);
  // A scenario with runs > 1 is run as an ensemble too: its median in place of its run, its bands beside.
  const shown = await showScenarios(
    loaded.map((l) => l.scenario),
    options,
    ctx,
  );
  const [baseline, ...scenarios] = shown.map((s) => s.central);
  if (baseline === undefined) return EXIT.ok;
  const ensembles = shown.map((s) => s.ensemble);

  const legend = runLegend(baseline, scenarios);
  const charts: RenderedChart[] = [];
  for (const chart of buildCharts(baseline, scenarios, legend, ensembles)) {
    const { svg, warnings } = await renderSvg(chartSpec(chart, legend), chart.id);
    if (process.env.CORRIDOR_DEBUG === '1') for (const w of warnings) ctx.err(`corridor report: chart ${w}\n`);
    charts.push({ name: chart.id, title: chart.title, svg });
  }
  const html = reportPage({ baseline, scenarios, legend, charts, ensembles, crossings: crossingSection(shown, legend), generated: new Date().toISOString().slice(0, 16).replace('T', ' '), version: ctx.version });
  const pngs = options.png !== undefined ? await svgToPng(charts.map((c) => c.svg)) : [];

  if (options.png !== undefined) writePngFiles(options.png, charts.map((c, i) => ({ name: `${c.name}.png`, data: pngs[i]! })));
  writeReportFile(options.out, html);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  ctx.err(`wrote ${options.out} (${charts.length} charts${options.png !== undefined ? `, and ${pngs.length} PNG files in ${options.png}` : ''}) in ${seconds} s\n`);
  return EXIT.ok;
}
