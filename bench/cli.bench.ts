/**
 * CLI start-up benchmark (acceptance point 4 of the CLI issue): the wall time of
 * `corridor run scenarios/baseline.yaml --format json` against that of `node -e 0`.
 *
 *   npx -y pnpm@10 bench:cli
 *
 * `corridor` is what the bin and the root `corridor` script run: the bundle that
 * packages/cli/scripts/bundle.mjs makes of the built CLI (the script builds both first).
 * Each measured command is a fresh process, as a user or a CI job starts it. Three kinds of
 * run, interleaved (rotating which goes first), after one warm-up of each:
 *
 * - `node -e 0`: the floor, Node's own start-up on this machine;
 * - cold: the CLI with an empty compiled-model cache (a new cache directory each run), as the
 *   first run after installing or after editing the model file;
 * - warm: the CLI with the cache the warm-up run filled, as every later run.
 *
 * The warm-up's cold and warm outputs must be byte-identical, or the benchmark exits with 1.
 * The last line is the ratio of the warm median to Node's median.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.CORRIDOR_BENCH_RUNS ?? 15);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'packages', 'cli', 'bundle', 'corridor.js');
const args = [cli, 'run', 'scenarios/baseline.yaml', '--format', 'json'];

const scratch = mkdtempSync(join(tmpdir(), 'corridor-bench-'));
const warmDir = join(scratch, 'warm');
let coldCount = 0;

const baseEnv = { ...process.env };
delete baseEnv.CORRIDOR_NO_CACHE;
delete baseEnv.NODE_OPTIONS;

interface Sample {
  ms: number;
  stdout: string;
}

function run(argv: string[], env: NodeJS.ProcessEnv, keepStdout = false): Sample {
  const started = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: root, env, stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - started;
  if (r.status !== 0) {
    console.error(`\`node ${argv.join(' ')}\` failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
    cleanup();
    process.exit(1);
  }
  return { ms, stdout: keepStdout ? r.stdout : '' };
}

const node = (): Sample => run(['-e', '0'], baseEnv);
const cold = (keep = false): Sample => {
  // A new, empty cache directory: the run compiles the model and writes the cache.
  const dir = join(scratch, `cold-${coldCount++}`);
  const s = run(args, { ...baseEnv, CORRIDOR_CACHE_DIR: dir }, keep);
  rmSync(dir, { recursive: true, force: true });
  return s;
};
const warm = (keep = false): Sample => run(args, { ...baseEnv, CORRIDOR_CACHE_DIR: warmDir }, keep);

function cleanup(): void {
  rmSync(scratch, { recursive: true, force: true });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// Warm-up: one of each; the first warm run fills the cache that the measured warm runs read.
node();
const coldOut = cold(true).stdout;
const fill = warm(true).stdout;
const warmOut = warm(true).stdout;
if (coldOut !== fill || coldOut !== warmOut || !coldOut.includes('"schemaVersion"')) {
  console.error('the CLI printed different output with and without its cache');
  cleanup();
  process.exit(1);
}

const times = { node: [] as number[], cold: [] as number[], warm: [] as number[] };
const kinds = ['node', 'cold', 'warm'] as const;
for (let i = 0; i < RUNS; i++) {
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[(i + k) % kinds.length]!;
    times[kind].push((kind === 'node' ? node() : kind === 'cold' ? cold() : warm()).ms);
  }
}
cleanup();

const line = (label: string, xs: number[]): string =>
  `${label.padEnd(34)} median ${median(xs).toFixed(0).padStart(5)} ms   (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
const ratio = (xs: number[]): string => (median(xs) / median(times.node)).toFixed(2);

console.log(`corridor run scenarios/baseline.yaml --format json against node -e 0: ${RUNS} runs each, interleaved, after one warm-up; Node ${process.version}`);
console.log(line('node -e 0', times.node));
console.log(line('corridor run, cold (empty cache)', times.cold));
console.log(line('corridor run, warm (cached model)', times.warm));
console.log(`cli cold/node-startup ratio: ${ratio(times.cold)}`);
console.log(`cli/node-startup ratio: ${ratio(times.warm)}`);
