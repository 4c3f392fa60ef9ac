import { basename } from 'node:path';
import { summarizeEnsemble } from '@corridor/engine';
import type { ResolvedScenario, ScenarioRun } from '@corridor/engine';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { asScenario, ensembleHash, headerOf, inputHashes } from '../ensemble/header.js';
import { ensembleManifest } from '../ensemble/manifest.js';
import type { ManifestEntry } from '../ensemble/manifest.js';
import { defaultWorkers, runEnsembles } from '../ensemble/pool.js';
import { renderRun, runCsv, runJson } from '../ensemble/render.js';
import type { RunShown } from '../ensemble/render.js';
import { encodeShard } from '../ensemble/shard-file.js';
import { parseShard, shardRange } from '../ensemble/shard.js';
import type { ShardSpec } from '../ensemble/shard.js';
import { loadAll } from '../load/many.js';
import { simulateScenario } from '../load/simulate.js';
import { prepareOutputDir, writeFilesAtomically } from '../output/atomic-write.js';
import type { OutputFile } from '../output/atomic-write.js';
import { seriesCsv } from '../output/csv.js';
import { chooseFormat } from '../output/format.js';
import type { Format } from '../output/format.js';
import { shortName } from '../output/kpi-table.js';
import { buildManifest } from '../output/manifest.js';

export interface RunOptions {
  seed?: number;
  runs?: number;
  format?: Format;
  out?: string;
  workers?: number;
  shard?: string;
}

export async function runCommand(files: readonly string[], options: RunOptions, ctx: Context): Promise<number> {
  const shard = options.shard !== undefined ? parseShard(options.shard, process.env) : undefined;
  if (shard !== undefined && options.format !== undefined) throw new CliError(`--shard writes a shard file (JSON) for 'corridor merge'; give --format to corridor merge instead`);
  const format = chooseFormat(options.format, ctx.stdoutIsTTY);
  const scenarios = loadAll(files).map(({ scenario }) => withOverrides(scenario, options));

  if (shard !== undefined) return runShard(scenarios, shard, options.workers, options.out, ctx);

  // After the inputs are known to be good (a bad scenario creates no directory) but before
  // the runs, so that a wrong --out does not cost them.
  if (options.out !== undefined) prepareOutputDir(options.out);

  if (scenarios.every((s) => s.runs <= 1)) return runSingles(scenarios, options, format, ctx);

  const ensembles = scenarios.filter((s) => s.runs > 1);
  const requests = ensembles.map((s) => ({ scenario: s, from: 0, to: s.runs }));
  const parts = await runEnsembles(requests, { workers: options.workers ?? defaultWorkers(requests) }, ctx);
  const shown: RunShown[] = scenarios.map((s) => {
    if (s.runs <= 1) return { kind: 'single', run: simulateScenario(s, options.seed) };
    const part = parts[ensembles.indexOf(s)]!;
    const header = headerOf(s);
    return { kind: 'ensemble', header, summary: summarizeEnsemble(asScenario(header), part) };
  });
  ctx.out(renderRun(shown, format, ctx.outStyle));

  if (options.out !== undefined) {
    const outputs: OutputFile[] = [
      { name: 'series.csv', data: runCsv(shown) },
      { name: 'kpis.json', data: runJson(shown) },
    ];
    const entries: ManifestEntry[] = scenarios.map((s) => ({ header: headerOf(s), files: inputHashes(s), hash: ensembleHash(s), from: 0, to: Math.max(1, s.runs) }));
    const manifest = ensembleManifest({ version: ctx.version, argv: ctx.argv, entries, outputs });
    writeOut(options.out, [...outputs, { name: 'manifest.json', data: manifest }], ctx);
  }
  return EXIT.ok;
}

/** --runs and --seed on top of what each scenario says. */
function withOverrides(s: ResolvedScenario, options: RunOptions): ResolvedScenario {
  return { ...s, ...(options.runs !== undefined ? { runs: options.runs } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
}

function writeOut(dir: string, files: readonly OutputFile[], ctx: Context): void {
  writeFilesAtomically(dir, files);
  ctx.err(`wrote ${files.map((f) => `${dir}/${f.name}`.replace(/\/+/g, '/')).join(', ')}\n`);
}

/** Every scenario a single run: the output as it always was, with each run's first crossings. */
function runSingles(scenarios: readonly ResolvedScenario[], options: RunOptions, format: Format, ctx: Context): number {
  const runs: ScenarioRun[] = [];
  for (const scenario of scenarios) {
    const started = performance.now();
    runs.push(simulateScenario(scenario, options.seed));
    if (ctx.stderrIsTTY) ctx.err(ctx.errStyle.dim(`ran ${scenario.file} in ${Math.round(performance.now() - started)} ms\n`));
  }
  const shown: RunShown[] = runs.map((run) => ({ kind: 'single', run }));
  ctx.out(renderRun(shown, format, ctx.outStyle));

  if (options.out !== undefined) {
    const outputs: OutputFile[] = [
      { name: 'series.csv', data: seriesCsv(runs.map((run) => ({ file: run.scenario.file, run }))) },
      { name: 'kpis.json', data: runJson(shown) },
    ];
    const manifest = buildManifest({ version: ctx.version, argv: ctx.argv, runs, outputs });
    writeOut(options.out, [...outputs, { name: 'manifest.json', data: manifest }], ctx);
  }
  return EXIT.ok;
}

/**
 * One shard's share of each scenario's runs, written as a shard file for `corridor merge`: to
 * --out (a .json file, or a directory that gets <scenario>.shard-K-of-N.json), or to stdout.
 */
async function runShard(scenarios: readonly ResolvedScenario[], shard: ShardSpec, workers: number | undefined, out: string | undefined, ctx: Context): Promise<number> {
  for (const s of scenarios) {
    if (s.runs <= 1) throw new CliError(`${s.file}: --shard ${shard.index}/${shard.count} needs an ensemble, and this scenario has runs: ${s.runs}; give --runs N`);
  }
  const toFile = out !== undefined && /\.json$/i.test(out);
  if ((out === undefined || toFile) && scenarios.length > 1) {
    throw new CliError(`--shard with ${scenarios.length} scenarios writes one shard file each: give --out DIR`);
  }
  if (out !== undefined && !toFile) prepareOutputDir(out);
  const requests = scenarios.map((s) => ({ scenario: s, ...shardRange(shard, s.runs) }));
  const parts = await runEnsembles(requests, { workers: workers ?? defaultWorkers(requests) }, ctx);
  const texts = scenarios.map((s, i) =>
    encodeShard({
      tool: { name: 'corridor', version: ctx.version },
      shard: { index: shard.index, count: shard.count },
      key: parts[i]!.key,
      hash: ensembleHash(s),
      header: headerOf(s),
      files: inputHashes(s),
      part: parts[i]!,
    }),
  );
  if (out === undefined) {
    ctx.out(texts[0]!);
  } else if (toFile) {
    const dir = out.includes('/') ? out.slice(0, out.lastIndexOf('/')) || '/' : '.';
    prepareOutputDir(dir);
    writeOut(dir, [{ name: basename(out), data: texts[0]! }], ctx);
  } else {
    writeOut(
      out,
      scenarios.map((s, i) => ({ name: `${shortName(s.file)}.shard-${shard.index}-of-${shard.count}.json`, data: texts[i]! })),
      ctx,
    );
  }
  return EXIT.ok;
}
