import { readFileSync } from 'node:fs';
import { summarizeEnsemble } from '@corridor/engine';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { asScenario } from '../ensemble/header.js';
import { ensembleManifest } from '../ensemble/manifest.js';
import { merge } from '../ensemble/pool.js';
import { renderRun, runCsv, runJson } from '../ensemble/render.js';
import { decodeShard } from '../ensemble/shard-file.js';
import type { Shard } from '../ensemble/shard-file.js';
import { prepareOutputDir, writeFilesAtomically } from '../output/atomic-write.js';
import type { OutputFile } from '../output/atomic-write.js';
import { chooseFormat } from '../output/format.js';
import type { Format } from '../output/format.js';

export interface MergeOptions {
  format?: Format;
  out?: string;
}

/**
 * Joins the shard files of one ensemble (`corridor run --shard K/N`) and prints what
 * `corridor run` of the whole ensemble prints, byte for byte. Shards that do not belong
 * together (another scenario, seed, runs, model or tool version; a shard missing or given
 * twice; a damaged file) are a one-line error and exit 2.
 */
export async function mergeCommand(files: readonly string[], options: MergeOptions, ctx: Context): Promise<number> {
  const format = chooseFormat(options.format, ctx.stdoutIsTTY);
  const texts = files.map((file) => {
    try {
      return { file, data: readFileSync(file, 'utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`${file}: cannot read the shard file${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': a directory' : code ? ` (${code})` : ''}`);
    }
  });
  const shards = texts.map((t) => decodeShard(t.data, t.file));
  checkTogether(shards);
  if (options.out !== undefined) prepareOutputDir(options.out);

  const first = shards[0]!;
  let part;
  try {
    part = merge(shards.map((s) => s.part));
  } catch (error) {
    if (error instanceof Error && error.name === 'EnsembleMergeError') throw new CliError(`the shards do not fit together: ${error.message}`);
    throw error;
  }
  if (part.from !== 0 || part.to !== part.runs) throw new CliError(`the shards hold runs ${part.from}..${part.to} of ${part.runs}; some are missing`);
  const header = first.header;
  const shown = [{ kind: 'ensemble' as const, header, summary: summarizeEnsemble(asScenario(header), part) }];
  ctx.out(renderRun(shown, format, ctx.outStyle));

  if (options.out !== undefined) {
    const outputs: OutputFile[] = [
      { name: 'series.csv', data: runCsv(shown) },
      { name: 'kpis.json', data: runJson(shown) },
    ];
    const manifest = ensembleManifest({
      version: ctx.version,
      argv: ctx.argv,
      entries: [{ header, files: first.files, hash: first.hash, from: 0, to: part.runs }],
      outputs,
      shards: texts,
    });
    const all = [...outputs, { name: 'manifest.json', data: manifest }];
    writeFilesAtomically(options.out, all);
    ctx.err(`wrote ${all.map((f) => `${options.out}/${f.name}`.replace(/\/+/g, '/')).join(', ')}\n`);
  }
  return EXIT.ok;
}

function checkTogether(shards: readonly Shard[]): void {
  if (shards.length === 0) throw new CliError('no shard files given');
  const first = shards[0]!;
  for (const s of shards) {
    if (s.hash !== first.hash || s.key !== first.key) {
      throw new CliError(`${s.path} is a shard of another ensemble than ${first.path} (${s.header.file} and ${first.header.file}: scenario, seed, runs, settings or model differ)`);
    }
    if (s.tool.version !== first.tool.version) throw new CliError(`${s.path} was made by corridor ${s.tool.version} and ${first.path} by ${first.tool.version}; run every shard with the same version`);
    if (s.shard.count !== first.shard.count) throw new CliError(`${s.path} is shard ${s.shard.index}/${s.shard.count} and ${first.path} is shard ${first.shard.index}/${first.shard.count}: run every shard with the same N`);
  }
  const seen = new Map<number, string>();
  for (const s of shards) {
    const other = seen.get(s.shard.index);
    if (other !== undefined) throw new CliError(`shard ${s.shard.index}/${s.shard.count} is given twice (${other} and ${s.path})`);
    seen.set(s.shard.index, s.path);
  }
  const missing: number[] = [];
  for (let k = 1; k <= first.shard.count; k++) if (!seen.has(k)) missing.push(k);
  if (missing.length > 0) {
    const list = missing.length > 5 ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more` : missing.join(', ');
    throw new CliError(`shard${missing.length === 1 ? '' : 's'} ${list} of ${first.shard.count} ${missing.length === 1 ? 'is' : 'are'} missing`);
  }
}
