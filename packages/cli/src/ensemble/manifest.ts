import type { OutputFile } from '../output/atomic-write.js';
import { gitCommit, sha256, shellQuote } from '../output/manifest.js';
import { SCHEMA_VERSION } from '../output/records.js';
import type { EnsembleHeader, InputHashes } from './header.js';

export interface ManifestEntry {
  header: EnsembleHeader;
  files: InputHashes;
  /** ensembleHash: the scenario's content, seed, runs, settings and compiled model. */
  hash: string;
  /** Runs [from, to) this output holds: all of them, or a shard's. */
  from: number;
  to: number;
  shard?: { index: number; count: number };
}

/**
 * The manifest of an ensemble's output set (run --out with runs > 1, a shard, or a merge): the
 * tool, the input files' hashes, the settings and what varied, the outputs' hashes, the command.
 * No clock time. A merge also lists the shard files it read.
 */
export function ensembleManifest(input: {
  version: string;
  argv: readonly string[];
  entries: readonly ManifestEntry[];
  outputs: readonly OutputFile[];
  shards?: readonly { file: string; data: string }[];
}): string {
  const manifest = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'corridor', version: input.version, node: process.version },
    gitCommit: gitCommit(),
    command: ['corridor', ...input.argv].map(shellQuote).join(' '),
    argv: input.argv,
    cwd: process.cwd(),
    scenarios: input.entries.map((e) => ({
      file: e.header.file,
      chain: e.files.chain,
      model: e.files.model,
      seed: e.header.seed,
      runs: e.header.runs,
      sampling: e.header.sampling,
      method: e.header.method,
      dt: e.header.dt,
      runsHere: { from: e.from, to: e.to },
      ...(e.shard !== undefined ? { shard: e.shard } : {}),
      uncertain: e.header.uncertain.map((u) => ({ name: u.name, distribution: u.distribution, unit: u.unit ?? null, file: u.file })),
      ensembleSha256: e.hash,
    })),
    ...(input.shards !== undefined ? { shards: input.shards.map((s) => ({ file: s.file, sha256: sha256(s.data) })) } : {}),
    outputs: input.outputs.map((o) => ({ file: o.name, bytes: Buffer.byteLength(o.data), sha256: sha256(o.data) })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
