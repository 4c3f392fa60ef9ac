import { CliError } from '../exit.js';

/** Where batch engines put the 0-based index of an array job's task, in the order we read them. */
export const INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

/** Shard `index` of `count`, 1-based (like jest's and playwright's --shard). */
export interface ShardSpec {
  index: number;
  count: number;
  /** Where the index came from: the option itself, or an environment variable. */
  source: string;
}

const WHOLE = /^\d+$/;

/**
 * Reads `--shard K/N` or `--shard auto/N`. With auto, the index is the first of
 * JOB_COMPLETION_INDEX (Kubernetes indexed Jobs), SLURM_ARRAY_TASK_ID (Slurm job arrays, run
 * with --array=0-(N-1)) and AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array jobs) that is set: a
 * 0-based index i runs shard i + 1.
 */
export function parseShard(text: string, env: NodeJS.ProcessEnv): ShardSpec {
  const usage = `--shard ${text}: expected K/N with 1 ≤ K ≤ N (shard K of N, e.g. 2/8), or auto/N to take K from ${INDEX_VARIABLES.join(', ')}`;
  const m = /^\s*([^/\s]+)\s*\/\s*([^/\s]+)\s*$/.exec(text);
  if (m === null || !WHOLE.test(m[2]!)) throw new CliError(usage);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new CliError(usage);
  if (m[1] === 'auto') {
    const name = INDEX_VARIABLES.find((v) => env[v] !== undefined && env[v] !== '');
    if (name === undefined) throw new CliError(`--shard ${text}: none of ${INDEX_VARIABLES.join(', ')} is set; give the shard as K/N`);
    const raw = env[name]!.trim();
    const i = WHOLE.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(i)) throw new CliError(`--shard ${text}: ${name}=${env[name]} is not a whole number`);
    if (i >= count) throw new CliError(`--shard ${text}: ${name}=${i} is outside 0..${count - 1} (the index is 0-based: for Slurm use --array=0-${count - 1})`);
    return { index: i + 1, count, source: name };
  }
  if (!WHOLE.test(m[1]!)) throw new CliError(usage);
  const index = Number(m[1]);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) throw new CliError(usage);
  return { index, count, source: '--shard' };
}

/** The runs of shard K of N: [⌊(K−1)·R/N⌋, ⌊K·R/N⌋), so the shards cover the runs once, in order. */
export function shardRange(spec: { index: number; count: number }, runs: number): { from: number; to: number } {
  return { from: Math.floor(((spec.index - 1) * runs) / spec.count), to: Math.floor((spec.index * runs) / spec.count) };
}
