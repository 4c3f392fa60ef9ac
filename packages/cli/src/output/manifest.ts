import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScenarioRun } from '@corridor/engine';
import type { OutputFile } from './atomic-write.js';
import { SCHEMA_VERSION } from './records.js';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hashes of the bytes on disk, not of the parsed text, so `sha256sum` agrees. */
function fileHash(file: string): { file: string; sha256: string } {
  return { file, sha256: sha256(readFileSync(file)) };
}

/** The commit the tool was built from; none outside a git checkout or without git. */
export function gitCommit(): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
      encoding: 'utf8',
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/** Quotes an argument for a POSIX shell only when it needs it, so the command reads naturally. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** What the run did, as settings: enough to see what differs between two manifests. */
function settings(run: ScenarioRun): Record<string, unknown> {
  const s = run.scenario;
  return {
    question: s.question ?? null,
    start: s.start,
    horizon: s.horizon,
    seed: Number(run.meta.seed),
    method: s.method,
    dt: s.dt,
    saveEvery: s.saveEvery,
    outputs: s.outputs,
    parameters: s.provenance,
    events: s.events,
  };
}

export interface ManifestInput {
  version: string;
  argv: readonly string[];
  runs: readonly ScenarioRun[];
  outputs: readonly OutputFile[];
}

/**
 * Everything needed to tell whether two output sets came from the same inputs, and to make
 * them again: the tool, the input files' hashes, the settings, the outputs' hashes, the command.
 * No clock time: the same run gives the same manifest.
 */
export function buildManifest(input: ManifestInput): string {
  const manifest = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'corridor', version: input.version, node: process.version },
    gitCommit: gitCommit(),
    command: ['corridor', ...input.argv].map(shellQuote).join(' '),
    argv: input.argv,
    // The command's paths are relative to where it ran.
    cwd: process.cwd(),
    scenarios: input.runs.map((run) => {
      const resolved = settings(run);
      return {
        file: run.scenario.file,
        chain: run.scenario.chain.map(fileHash),
        model: fileHash(run.scenario.modelFile),
        seed: resolved.seed,
        method: resolved.method,
        dt: resolved.dt,
        resolved,
        resolvedSha256: sha256(JSON.stringify(resolved)),
      };
    }),
    outputs: input.outputs.map((o) => ({ file: o.name, bytes: Buffer.byteLength(o.data), sha256: sha256(o.data) })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
