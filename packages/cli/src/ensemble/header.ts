import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ensembleKey, serializeCompiled } from '@corridor/engine';
import type { ResolvedScenario } from '@corridor/engine';

/**
 * What the output of an ensemble needs of its scenario: everything summarizeEnsemble reads and
 * the lines above a table, as plain JSON-able data. A shard file carries it, so that
 * `corridor merge` prints what `corridor run` prints without the scenario files at hand.
 */
export interface EnsembleHeader {
  file: string;
  chain: string[];
  modelFile: string;
  question?: string;
  description?: string;
  start: string;
  horizon: number;
  seed: number;
  method: ResolvedScenario['method'];
  dt: number;
  saveEvery: number;
  runs: number;
  sampling: ResolvedScenario['sampling'];
  uncertain: ResolvedScenario['uncertain'];
  uncertainSkipped: ResolvedScenario['uncertainSkipped'];
  crossings: ResolvedScenario['crossings'];
  outputs: string[];
}

export function headerOf(s: ResolvedScenario): EnsembleHeader {
  const h: EnsembleHeader = {
    file: s.file,
    chain: [...s.chain],
    modelFile: s.modelFile,
    start: s.start,
    horizon: s.horizon,
    seed: s.seed,
    method: s.method,
    dt: s.dt,
    saveEvery: s.saveEvery,
    runs: s.runs,
    sampling: s.sampling,
    uncertain: s.uncertain,
    uncertainSkipped: s.uncertainSkipped,
    crossings: s.crossings,
    outputs: [...s.outputs],
  };
  if (s.question !== undefined) h.question = s.question;
  if (s.description !== undefined) h.description = s.description;
  return h;
}

/**
 * summarizeEnsemble reads only the header's fields of a resolved scenario (times, dates,
 * crossings, the uncertain parameters); the model is not needed to summarise a finished ensemble.
 */
export function asScenario(h: EnsembleHeader): ResolvedScenario {
  return h as unknown as ResolvedScenario;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Identifies what an ensemble computes: the engine's ensemble key (the scenario's content,
 * seed, runs and settings, not its paths) and the compiled model. Shards with the same hash
 * merge, whichever checkout or machine ran them.
 */
export function ensembleHash(s: ResolvedScenario): string {
  return sha256(`${ensembleKey(s)}\n${JSON.stringify(serializeCompiled(s.model))}`);
}

/** Hashes of the input files as they are on disk, for manifests (`sha256sum` agrees). */
export interface InputHashes {
  chain: { file: string; sha256: string }[];
  model: { file: string; sha256: string };
}

export function inputHashes(s: Pick<ResolvedScenario, 'chain' | 'modelFile'>): InputHashes {
  const h = (file: string): { file: string; sha256: string } => ({ file, sha256: sha256(readFileSync(file)) });
  return { chain: s.chain.map(h), model: h(s.modelFile) };
}
