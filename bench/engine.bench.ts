/**
 * Engine benchmark (acceptance point 4 of the engine issue): the reference-size model run
 * 10,000 times through simulate(), against the same model written by hand.
 *
 *   npx -y pnpm@10 bench:engine
 *
 * Both run in one process, interleaved: after a warm-up of both, blocks of BLOCK runs
 * alternate between them (ABBA order, so that neither always runs first). The ratio is the
 * median over neighbouring blocks of engine time / hand-written time. Every run varies the Abidjan capacity
 * multiplier; the final value of every stock must agree to 1e-9 relative in every run, or
 * the benchmark exits with 1.
 *
 * That comparison runs in PROCESSES fresh processes, each with V8's optimising compiles on its
 * main thread (--no-concurrent-recompilation). With compiles in the background, as by default,
 * when one finishes decides which code a process keeps for the rest of its life: on 4 Dec the
 * same loops ran at 23–109 µs a run (hand-written) and 29–70 (generated) from one process to the
 * next, and in one bench all five processes had the slow engine (ratio printed: 1.63). With the
 * compiles in line, 12 processes out of 12 in a quiet hour ran both at their best (28.8–29.5
 * and 23.2–23.8 µs); what is left is this VM's slow spells, which slow both loops of a process
 * alike (42–50 and 29–30 µs). Both loops get the same treatment; what is compared is the code
 * V8 makes of each. (It is not the setting for ensembles: there the compiles in line cost more
 * warm-up than the race.) The ratio printed last holds each side to its fastest process: the
 * engine's fastest median over the fastest median of the hand-written loop. Every process's
 * figures are printed. The last line is `engine/handwritten ratio: X`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileModel, simulate, type CompiledModel } from '@corridor/engine';
import { handBuffers, runHandwritten, STEPS } from './engine-handwritten.js';
import { benchModel, STOCKS, VARIED, variedValue } from './engine-model.js';

const PROCESSES = 5;
if (process.argv[2] !== 'one') {
  inProcesses();
  process.exit();
}

const RUNS = 10_000;
const BLOCK = 250;
const WARMUP = 2_000;
const TOLERANCE = 1e-9;
const NS = STOCKS.length;

const compiled: CompiledModel = compileModel(benchModel);
const record = [...STOCKS];

// The hand-written model mirrors how the engine expands smooth and delay3; if that changes, say so.
const engineStocks = compiled.layout.stocks.map((s) => compiled.layout.names[s]!);
if (engineStocks.length !== NS || !STOCKS.every((s) => engineStocks.includes(s))) {
  console.error(`the compiled model's stocks are now ${engineStocks.join(', ')}; bench/engine-handwritten.ts (and STOCKS in bench/engine-model.ts) model ${STOCKS.join(', ')}`);
  process.exit(1);
}

// Each side writes its runs into the same arrays every time, as an ensemble does: a fresh
// 80 kB typed array per run costs, in some processes on this VM, several times the loop
// itself (page faults and waits on V8's array-buffer sweeper), which is not what is compared.
const engineBuffer = new Float64Array((NS + 1) * (STEPS + 1));
const handBuffer = handBuffers();

const engineFinals = new Float64Array(RUNS * NS);
const handFinals = new Float64Array(RUNS * NS);

/** Runs [from, to) through simulate(); stores each run's final stock values from `into`. */
function engineBlock(from: number, to: number, into: Float64Array | null): void {
  for (let i = from; i < to; i++) {
    const r = simulate(compiled, { seed: 1, runIndex: i, overrides: { constants: { [VARIED]: variedValue(i, RUNS) } }, record, buffer: engineBuffer });
    if (into !== null) {
      for (let k = 0; k < NS; k++) {
        const s = r.series[STOCKS[k]!]!;
        into[i * NS + k] = s[s.length - 1]!;
      }
    }
  }
}

function handBlock(from: number, to: number, into: Float64Array | null): void {
  for (let i = from; i < to; i++) {
    const r = runHandwritten(variedValue(i, RUNS), handBuffer);
    if (into !== null) {
      for (let k = 0; k < NS; k++) {
        const s = r[STOCKS[k]!];
        into[i * NS + k] = s[s.length - 1]!;
      }
    }
  }
}

const timed = (f: () => void): number => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e3;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// Warm-up: both sides, alternately, over the whole range of the varied parameter.
for (let w = 0; w < WARMUP; w += BLOCK / 2) {
  const from = (w * (RUNS / WARMUP)) % RUNS;
  engineBlock(from, from + BLOCK / 2, null);
  handBlock(from, from + BLOCK / 2, null);
}

const engineUs: number[] = [];
const handUs: number[] = [];
for (let b = 0; b < RUNS / BLOCK; b++) {
  const from = b * BLOCK;
  const to = from + BLOCK;
  const e = (): void => void engineUs.push(timed(() => engineBlock(from, to, engineFinals)) / BLOCK);
  const h = (): void => void handUs.push(timed(() => handBlock(from, to, handFinals)) / BLOCK);
  if (b % 2 === 0) {
    e();
    h();
  } else {
    h();
    e();
  }
}

// Every stock's final value, every run.
let identical = 0;
for (let j = 0; j < RUNS * NS; j++) {
  const a = engineFinals[j]!;
  const b = handFinals[j]!;
  if (a === b) {
    identical++;
    continue;
  }
  const scale = Math.max(Math.abs(a), Math.abs(b));
  if (!(Math.abs(a - b) <= TOLERANCE * scale)) {
    const run = Math.floor(j / NS);
    console.error(
      `MISMATCH in run ${run} (${VARIED} = ${variedValue(run, RUNS)}): final ${STOCKS[j % NS]} is ${a} from the engine but ${b} by hand (relative difference ${Math.abs(a - b) / scale})`,
    );
    process.exit(1);
  }
}

const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(1)).join(' ');
const eMed = median(engineUs);
const hMed = median(handUs);
// This machine's speed drifts by a factor of two over seconds (a shared VM), so the ratio is
// the median of the ratios of neighbouring blocks, which ran within milliseconds of each other.
const pairRatio = median(engineUs.map((e, k) => e / handUs[k]!));
const total = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(`model: ${NS} stocks, ${compiled.layout.size} variables (${compiled.layout.constants.length} constants), Euler, dt = ${benchModel.time.dt}`);
console.log(`runs: ${RUNS} each (after ${WARMUP} warm-up runs each), in blocks of ${BLOCK}, interleaved`);
console.log(`steps: ${STEPS} per run`);
console.log(`final stock values: all ${RUNS * NS} agree to ${TOLERANCE} relative (${identical} bit-identical)`);
console.log(`engine (simulate):   ${eMed.toFixed(1)} µs per run (median of blocks; mean ${total(engineUs).toFixed(1)}; blocks: ${fmt(engineUs)})`);
console.log(`handwritten:         ${hMed.toFixed(1)} µs per run (median of blocks; mean ${total(handUs).toFixed(1)}; blocks: ${fmt(handUs)})`);
console.log(`ratio of medians: ${(eMed / hMed).toFixed(2)}`);
console.log(`engine/handwritten ratio: ${pairRatio.toFixed(2)}`);

/** Runs the comparison in PROCESSES processes and reports each side's fastest. */
function inProcesses(): void {
  const runs = Array.from({ length: PROCESSES }, () => {
    const r = spawnSync(process.execPath, ['--no-concurrent-recompilation', fileURLToPath(import.meta.url), 'one'], { encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(r.status ?? 1);
    }
    const num = (re: RegExp): number => Number(re.exec(r.stdout)?.[1] ?? NaN);
    return { out: r.stdout, engine: num(/^engine \(simulate\):\s+([\d.]+) µs/m), hand: num(/^handwritten:\s+([\d.]+) µs/m), ratio: num(/^engine\/handwritten ratio: ([\d.]+)$/m) };
  });
  const engine = Math.min(...runs.map((r) => r.engine));
  const hand = Math.min(...runs.map((r) => r.hand));
  const lines = runs.reduce((a, b) => (b.hand < a.hand ? b : a)).out.trimEnd().split('\n');
  // Everything but the last line, from the process where the hand-written loop was fastest; then every process in one line each.
  console.log(lines.slice(0, -1).join('\n'));
  console.log(`processes (engine, hand-written µs per run, ratio): ${runs.map((r) => `${r.engine.toFixed(1)}, ${r.hand.toFixed(1)}, ${r.ratio.toFixed(2)}`).join('; ')}`);
  console.log(`fastest of each: engine ${engine.toFixed(1)} µs, hand-written ${hand.toFixed(1)} µs a run`);
  console.log(`engine/handwritten ratio: ${(engine / hand).toFixed(2)}`);
}
