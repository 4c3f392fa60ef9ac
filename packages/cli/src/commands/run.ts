import type { ScenarioRun } from '@corridor/engine';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { loadAll } from '../load/many.js';
import { simulateScenario } from '../load/simulate.js';
import { prepareOutputDir, writeFilesAtomically } from '../output/atomic-write.js';
import type { OutputFile } from '../output/atomic-write.js';
import { seriesCsv } from '../output/csv.js';
import { chooseFormat } from '../output/format.js';
import type { Format } from '../output/format.js';
import { kpiTable, legend } from '../output/kpi-table.js';
import { buildManifest } from '../output/manifest.js';
import { SCHEMA_VERSION, scenarioRecord } from '../output/records.js';

export interface RunOptions {
  seed?: number;
  runs?: number;
  format?: Format;
  out?: string;
}

export async function runCommand(files: readonly string[], options: RunOptions, ctx: Context): Promise<number> {
  if (options.runs !== undefined && options.runs > 1) {
    throw new CliError(`--runs ${options.runs}: ensembles (more than one run per scenario) are not available yet; leave --runs out or give --runs 1`);
  }
  const format = chooseFormat(options.format, ctx.stdoutIsTTY);
  const scenarios = loadAll(files);
  // After the inputs are known to be good (a bad scenario creates no directory) but before
  // the runs, so that a wrong --out does not cost them.
  if (options.out !== undefined) prepareOutputDir(options.out);

  const runs: ScenarioRun[] = [];
  for (const { scenario } of scenarios) {
    const started = performance.now();
    runs.push(simulateScenario(scenario, options.seed));
    if (ctx.stderrIsTTY) ctx.err(ctx.errStyle.dim(`ran ${scenario.file} in ${Math.round(performance.now() - started)} ms\n`));
  }

  ctx.out(render(runs, format, ctx));

  if (options.out !== undefined) {
    const outputs: OutputFile[] = [
      { name: 'series.csv', data: seriesCsv(runs.map((run) => ({ file: run.scenario.file, run }))) },
      { name: 'kpis.json', data: kpiJson(runs) },
    ];
    const manifest = buildManifest({ version: ctx.version, argv: ctx.argv, runs, outputs });
    const all = [...outputs, { name: 'manifest.json', data: manifest }];
    writeFilesAtomically(options.out, all);
    ctx.err(`wrote ${all.map((f) => `${options.out}/${f.name}`.replace(/\/+/g, '/')).join(', ')}\n`);
  }
  return EXIT.ok;
}

function render(runs: readonly ScenarioRun[], format: Format, ctx: Context): string {
  switch (format) {
    case 'json':
      return kpiJson(runs);
    case 'ndjson':
      return runs.map((run) => `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...scenarioRecord(run) })}\n`).join('');
    case 'csv':
      return seriesCsv(runs.map((run) => ({ file: run.scenario.file, run })));
    case 'table':
      return `${legend(runs, ctx.outStyle)}\n${kpiTable(runs, ctx.outStyle)}`;
  }
}

function kpiJson(runs: readonly ScenarioRun[]): string {
  return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, scenarios: runs.map(scenarioRecord) }, null, 2)}\n`;
}
