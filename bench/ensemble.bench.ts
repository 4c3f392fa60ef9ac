/**
 * Ensemble benchmark (issue #6, acceptance point 3): 10,000 runs of the reference model over a
 * year (dt 0.25) on 1 worker and on every core, the speedup, peak memory for 1k, 10k and 100k
 * runs, and the ensemble's cost per run against the bare engine loop in the same process.
 *
 *   npx -y pnpm@10 bench:ensemble
 *
 * The scenario is scenarios/dakar-corridor-closed-60d.yaml (the Dakar–Bamako road closed at
 * Kayes for 60 days: events, so each run is the scenario and its no-event baseline, two
 * simulations) with its horizon set to 365 days, over the model's uncertainty block (9
 * parameters, Latin hypercube). It runs what `corridor run --runs N --workers W` runs
 * (packages/cli/dist/ensemble/pool.js), without the process start and the printing.
 *
 * Each measurement of time or memory runs in a fresh child process, so that one does not warm
 * up or fill the heap of the next. The last line is `ensemble 10k runs s: X`, X the seconds of
 * 10,000 runs on every core, the fastest of ROUNDS (each round's time is printed too).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { designOf, pairBufferLength, quantileOf, runEnsemble, simulatePair, summarizeEnsemble, type EnsemblePart, type ResolvedScenario } from '@corridor/engine';

type PoolModule = typeof import('../packages/cli/src/ensemble/pool.js');
type LoadModule = typeof import('../packages/cli/src/load/many.js');
type StyleModule = typeof import('../packages/cli/src/style.js');
type Context = import('../packages/cli/src/context.js').Context;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = (path: string): string => pathToFileURL(join(root, 'packages/cli/dist', path)).href;
const SCENARIO = join(root, 'scenarios/dakar-corridor-closed-60d.yaml');
const RUNS = 10_000;
const YEAR = 365;
/** The horizon of the memory runs of 100k (and, to compare like with like, 1k and 10k): a month. */
const SHORT = 30;

interface Measure {
  runs: number;
  horizon: number;
  workers: number;
  seconds: number;
  /** Peak resident set of the whole process (every thread), kB. */
  maxRssKb: number;
  /** Peak V8 heap plus array buffers of the main thread (where blocks are merged), sampled every 50 ms, bytes. */
  heapPeak: number;
  /** Bytes of the merged part's arrays and of the summary's bands: what the ensemble keeps. */
  retained: number;
  /** What keeping every run's output series would take: runs × outputs × saved points × 8 bytes. */
  seriesBytes: number;
  /** sha256 of the summary and the per-run values, to check that 1 and N workers agree. */
  fingerprint: string;
}

async function load(horizon: number, runs: number): Promise<ResolvedScenario> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-'));
  try {
    const file = join(dir, 'bench.yaml');
    writeFileSync(file, `extends: ${SCENARIO}\nhorizon: ${horizon}\nruns: ${runs}\n`);
    const { loadAll } = (await import(cli('load/many.js'))) as LoadModule;
    return loadAll([file])[0]!.scenario;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function context(): Promise<Context> {
  const { makeStyle } = (await import(cli('style.js'))) as StyleModule;
  const style = makeStyle(false);
  return { out: () => {}, err: () => {}, stdoutIsTTY: false, stderrIsTTY: false, outStyle: style, errStyle: style, argv: [], version: 'bench' };
}

function bytesOf(part: EnsemblePart): number {
  const s = part.sketch;
  return part.inputs.byteLength + part.kpiValues.byteLength + part.crossingDays.byteLength + s.stats.byteLength + s.ranges.byteLength + s.counts.byteLength;
}

/**
 * What the outputs are made of: the summary (bands, KPI quantiles and means, crossings) and the
 * per-run values, hashed. (The sketches' raw arrays may keep different empty bins at the ends
 * of a cell depending on how the runs were split into blocks; what they answer does not change.)
 */
function fingerprint(s: ResolvedScenario, part: EnsemblePart): string {
  const summary = JSON.stringify(summarizeEnsemble(s, part), (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
  const h = createHash('sha256').update(summary);
  for (const v of [part.inputs, part.kpiValues, part.crossingDays]) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  return h.digest('hex');
}

/** Child: one ensemble of `runs` runs over `horizon` days on `workers` workers; prints a Measure as JSON. */
async function child(runs: number, horizon: number, workers: number): Promise<void> {
  const s = await load(horizon, runs);
  const { runEnsembles } = (await import(cli('ensemble/pool.js'))) as PoolModule;
  const ctx = await context();
  let heapPeak = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed + m.arrayBuffers);
  };
  const timer = setInterval(sample, 50);
  const t0 = performance.now();
  const [part] = await runEnsembles([{ scenario: s, from: 0, to: runs }], { workers }, ctx);
  const summary = summarizeEnsemble(s, part!);
  const seconds = (performance.now() - t0) / 1000;
  sample();
  clearInterval(timer);
  const bands = Object.values(summary.series).reduce((n, b) => n + Object.values(b).reduce((m, x) => m + x.byteLength, 0), 0);
  const m: Measure = {
    runs,
    horizon,
    workers,
    seconds,
    maxRssKb: process.resourceUsage().maxRSS,
    heapPeak,
    retained: bytesOf(part!) + bands,
    seriesBytes: runs * part!.outputs.length * part!.points * 8,
    fingerprint: fingerprint(s, part!),
  };
  console.log(JSON.stringify(m));
}

function measure(runs: number, horizon: number, workers: number): Measure {
  const args = ['--expose-gc', fileURLToPath(import.meta.url), 'child', String(runs), String(horizon), String(workers)];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`the measurement of ${runs} runs on ${workers} workers failed (exit ${r.status})`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The ensemble's cost per run against the bare engine loop on the same runs, in this process:
 * blocks of runEnsemble (simulate the run and its baseline, KPIs, crossing days, sketches)
 * alternate (ABBA) with blocks of the same simulatePair calls and nothing else, after a warm-up
 * of both. The ratio is the median of the ratios of neighbouring blocks (this VM's speed drifts).
 */
async function overhead(): Promise<{ ensembleUs: number; bareUs: number; simulateUs: number; ratio: number; runs: number }> {
  const n = 2_000;
  const block = 100;
  const s = await load(YEAR, n);
  const design = designOf(s);
  const p = s.uncertain.length;
  // The same two buffers for every run, as runEnsemble uses: the bare loop is the simulations alone.
  const buffers = { run: new Float64Array(pairBufferLength(s)), base: new Float64Array(pairBufferLength(s)) };
  const bare = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const constants: Record<string, number> = {};
      s.uncertain.forEach((u, j) => (constants[u.name] = quantileOf(u.distribution, design[i * p + j]!, u.scale)));
      simulatePair(s, { runIndex: i, overrides: { constants }, buffers });
    }
  };
  const ens = (from: number, to: number): void => void runEnsemble(s, { from, to, design });
  const timed = (f: () => void): number => {
    const t0 = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t0) / 1e3;
  };
  for (let w = 0; w < 400; w += block) {
    ens(w, w + block);
    bare(w, w + block);
  }
  const e: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < n / block; k++) {
    const from = k * block;
    const doE = (): void => void e.push(timed(() => ens(from, from + block)) / block);
    const doB = (): void => void b.push(timed(() => bare(from, from + block)) / block);
    if (k % 2 === 0) {
      doE();
      doB();
    } else {
      doB();
      doE();
    }
  }
  // One simulate() alone (the scenario without its events is its own baseline), for scale.
  const alone: ResolvedScenario = { ...s, overrides: s.parameterOverrides };
  const one = timed(() => {
    for (let i = 0; i < 200; i++) simulatePair(alone, { runIndex: i, buffers });
  }) / 200;
  return { ensembleUs: median(e), bareUs: median(b), simulateUs: one, ratio: median(e.map((x, i) => x / b[i]!)), runs: n };
}

/**
 * The engine against a hand-written loop, on the one model written both ways (bench/engine-model.ts
 * and bench/engine-handwritten.ts): bench:engine, in a process of its own, since a process that
 * has run the reference model runs the small one's simulate() up to 3× slower. The reference
 * model has 367 variables: nobody writes it by hand, so its ratio is this one chained with the
 * ensemble's.
 */
function engineVsHandwritten(): { line: string; ratio: number } {
  const r = spawnSync(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'engine.bench.js')], { encoding: 'utf8' });
  const ratio = /^engine\/handwritten ratio: ([\d.]+)$/m.exec(r.stdout ?? '');
  if (r.status !== 0 || ratio === null) throw new Error(`bench:engine failed: ${r.stderr}`);
  const fastest = /^fastest of each: engine ([\d.]+ µs), hand-written ([\d.]+ µs) a run$/m.exec(r.stdout);
  return { line: `simulate() ${fastest?.[1] ?? '?'}, hand-written ${fastest?.[2] ?? '?'} a run (each in its fastest of 5 processes)`, ratio: Number(ratio[1]) };
}

/**
 * Rounds of 10,000 runs on 1 worker and on every core, each in a fresh process, the two
 * alternating so that a slow spell of the machine falls on both. On the 2 vCPUs this was written
 * on, the same process runs this work up to 1.6× slower from one spell to the next (4 Dec: the
 * baseline's simulate() at 51 or 80 µs, stable within a process, in 25–75% of processes by the
 * hour; pinned to either core, both speeds), while register-only arithmetic loops run alike
 * throughout: a single measurement of each side gave speedups from 1.17 to 1.88 for the same
 * code. Each side's fastest round is what the code does when the machine lets it.
 */
const ROUNDS = 5;

function rounds(cores: number): { ones: Measure[]; alls: Measure[] } {
  const ones: Measure[] = [];
  const alls: Measure[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const pair = [() => ones.push(measure(RUNS, YEAR, 1)), () => alls.push(measure(RUNS, YEAR, cores))];
    if (k % 2 === 1) pair.reverse();
    for (const m of pair) m();
  }
  return { ones, alls };
}

const fastestOf = (ms: Measure[]): Measure => ms.reduce((a, b) => (b.seconds < a.seconds ? b : a));

async function main(): Promise<void> {
  const cores = availableParallelism();
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  console.log(`scenario: scenarios/dakar-corridor-closed-60d.yaml over ${YEAR} days, dt 0.25 (1,460 steps; each run is the scenario and its no-event baseline), ${cores} cores`);

  const o = await overhead();
  const hand = engineVsHandwritten();
  console.log(`per run, in one process (${o.runs} runs, blocks of 100 interleaved with the bare loop):`);
  console.log(`  ensemble (runEnsemble: 2 simulate(), KPIs, crossings, sketches): ${(o.ensembleUs / 1000).toFixed(2)} ms`);
  console.log(`  bare engine loop (simulatePair: the same 2 simulate() calls):    ${(o.bareUs / 1000).toFixed(2)} ms`);
  console.log(`  one simulate() of the baseline alone:                            ${(o.simulateUs / 1000).toFixed(2)} ms`);
  console.log(`  ratio ensemble / bare engine loop: ${o.ratio.toFixed(2)}`);
  console.log(`engine against a hand-written loop, on the model written both ways (bench:engine, its own process):`);
  console.log(`  ${hand.line}: ratio ${hand.ratio.toFixed(2)} (goal ≤ 1.5)`);
  console.log(`  a whole ensemble run against the hand-written inner loop: ${(o.ratio * hand.ratio).toFixed(2)} (the two ratios above, chained)`);

  const { ones, alls } = rounds(cores);
  const one = fastestOf(ones);
  const all = fastestOf(alls);
  const same = [...ones, ...alls].every((m) => m.fingerprint === one.fingerprint);
  const times = (ms: Measure[]): string => `${ms.map((m) => m.seconds.toFixed(2)).join(', ')} s; median ${median(ms.map((m) => m.seconds)).toFixed(2)}`;
  console.log(`10,000 runs over a year (${ROUNDS} rounds, 1 worker and ${cores} alternating, each a fresh process; each side's fastest):`);
  console.log(`  1 worker:      ${one.seconds.toFixed(2)} s, ${Math.round(RUNS / one.seconds)} runs/s, peak RSS ${mb(one.maxRssKb * 1024)}, main heap+buffers peak ${mb(one.heapPeak)}   (rounds: ${times(ones)})`);
  console.log(`  ${cores} workers:     ${all.seconds.toFixed(2)} s, ${Math.round(RUNS / all.seconds)} runs/s, peak RSS ${mb(all.maxRssKb * 1024)}, main heap+buffers peak ${mb(all.heapPeak)}   (rounds: ${times(alls)})`);
  console.log(`  speedup: ${(one.seconds / all.seconds).toFixed(2)}× on ${cores} cores, fastest against fastest (goal ≥ 1.8× on 2); of the medians ${(median(ones.map((m) => m.seconds)) / median(alls.map((m) => m.seconds))).toFixed(2)}×`);
  console.log(`  summaries and per-run values ${same ? 'bit-identical' : 'DIFFER'} in all ${2 * ROUNDS} rounds, 1 and ${cores} workers`);
  if (!same) {
    console.error('the ensemble differs between rounds or between 1 and N workers');
    process.exitCode = 1;
  }

  console.log(`memory (${cores} workers; peak RSS is the whole process with its worker threads):`);
  console.log(`  runs     horizon  seconds  peak RSS   main heap+buffers  kept (part + bands)  every series would be`);
  const rows = [measure(1_000, YEAR, cores), { ...all }, measure(1_000, SHORT, cores), measure(10_000, SHORT, cores), measure(100_000, SHORT, cores)];
  for (const m of rows) {
    console.log(
      `  ${String(m.runs).padStart(7)}  ${String(m.horizon).padStart(4)} d  ${m.seconds.toFixed(1).padStart(7)}  ${mb(m.maxRssKb * 1024).padStart(9)}  ${mb(m.heapPeak).padStart(17)}  ${mb(m.retained).padStart(19)}  ${mb(m.seriesBytes).padStart(10)}`,
    );
  }
  console.log('  What an ensemble keeps grows with the runs only by the per-run numbers (inputs, KPIs, crossing days: ~200 bytes a run);');
  console.log('  the series are folded into sketches whose size depends on the spread of the values, not on the number of runs.');
  console.log(`ensemble 10k runs s: ${all.seconds.toFixed(2)}`);
}

if (process.argv[2] === 'child') {
  await child(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
} else {
  await main();
}
