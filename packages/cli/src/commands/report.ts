import { basename, dirname, resolve } from 'node:path';
import type { Context } from '../context.js';
import { EXIT } from '../exit.js';
import { loadAll } from '../load/many.js';
import { simulateScenario } from '../load/simulate.js';
import { prepareOutputDir, writeFilesAtomically } from '../output/atomic-write.js';
import { chartsFor } from '../report/charts.js';
import { reportPage, type RenderedChart } from '../report/page.js';
import { renderSvg } from '../report/render.js';
import { chartSpec } from '../report/spec.js';

export interface ReportOptions {
  out: string;
  png?: string;
  seed?: number;
}

/** Runs a baseline and scenarios and writes one self-contained HTML page (and PNG charts). */
export async function reportCommand(baselineFile: string, files: readonly string[], options: ReportOptions, ctx: Context): Promise<number> {
  const loaded = loadAll([baselineFile, ...files]);
  const out = resolve(options.out);
  prepareOutputDir(dirname(out));
  if (options.png !== undefined) prepareOutputDir(options.png);
  const [baseline, ...scenarios] = loaded.map(({ scenario }) => simulateScenario(scenario, options.seed));
  if (baseline === undefined) return EXIT.ok;
  const charts: RenderedChart[] = [];
  for (const c of chartsFor([baseline, ...scenarios])) {
    charts.push({ name: c.name, title: c.title, svg: await renderSvg(chartSpec(c, baseline, scenarios)) });
  }
  const html = reportPage(baseline, scenarios, charts, new Date().toISOString().slice(0, 16).replace('T', ' '));
  writeFilesAtomically(dirname(out), [{ name: basename(out), data: html }]);
  ctx.err(`wrote ${options.out} (${charts.length} charts)\n`);
  if (options.png !== undefined) {
    // resvg is loaded only when PNGs are asked for.
    const { Resvg } = await import('@resvg/resvg-js');
    const pngs = charts.map((c) => ({ name: `${c.name}.png`, data: new Resvg(c.svg, { fitTo: { mode: 'width', value: 1400 }, font: { loadSystemFonts: true }, background: 'white' }).render().asPng() }));
    writeFilesAtomically(options.png, pngs);
    ctx.err(`wrote ${pngs.length} PNG files to ${options.png}\n`);
  }
  return EXIT.ok;
}
