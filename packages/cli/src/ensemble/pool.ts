import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { designOf, ensemblePart, ensembleSketch, mergeEnsembleParts, runBlock, runEnsemble, serializeCompiled, SketchSet } from '@corridor/engine';
import type { BlockValues, CompiledModel, EnsemblePart, ResolvedScenario } from '@corridor/engine';
import type { Context } from '../context.js';
import { CliError } from '../exit.js';
import { NEXT, STOP, type BlockResult, type BlockTask, type PoolData, type ShareResult, type ShareTask } from './protocol.js';

/** Runs [from, to) of a scenario's ensemble (all of them, or one shard's share). */
export interface EnsembleRequest {
  scenario: ResolvedScenario;
  from: number;
  to: number;
}

export interface PoolOptions {
  /** Threads that run blocks, this one included; 1 runs every block in this thread, without a pool. */
  workers: number;
}

/**
 * Below this much work (runs × steps, about four seconds on one core) a pool costs more than it
 * gives: its worker starts, loads the engine and warms up its JIT on its first few hundred
 * runs, and one thread alone has the other cores to itself for garbage collection and
 * compiling. Measured with the bundled CLI on 2 cores (4 Dec, the main thread taking blocks
 * too), whole commands, runs of a year of the reference model: 1,000 runs (1.5 M) took 1.1–1.4 s
 * on one thread and 1.6–1.7 s on two; 3,000 (4.4 M) 2.2–2.8 s and 2.5–2.6 s; 6,000 (8.8 M)
 * 3.6–3.8 s and 3.3–3.5 s; 10,000 (14.6 M) 6.1–6.2 s and 4.6–5.0 s.
 */
export const SMALL_ENSEMBLE_STEPS = 8_000_000;

/** Every core, or (given the requests) this thread alone for an ensemble too small to repay starting workers. */
export function defaultWorkers(requests?: readonly EnsembleRequest[]): number {
  if (requests === undefined) return availableParallelism();
  const steps = requests.reduce((n, r) => n + (r.to - r.from) * Math.round(r.scenario.horizon / r.scenario.dt), 0);
  return steps < SMALL_ENSEMBLE_STEPS ? 1 : availableParallelism();
}

/**
 * The blocks of runs [from, to), in order: each a share of the runs still left (1/(2·workers)),
 * between MIN_BLOCK and MAX_BLOCK runs. Blocks are large enough that a block's fixed costs (its
 * buffers, sending its values back, taking the next) do not show, small enough for progress
 * every second or so, and smaller towards the end, so that no worker sits idle while another
 * finishes a large last block (with blocks of 512, up to half a second of one core at the end
 * of 10,000 runs of a year). The split depends on the counts alone, and blocks merge exactly:
 * the result does not depend on it.
 */
export function blocksFor(from: number, to: number, workers: number): [number, number][] {
  const out: [number, number][] = [];
  for (let at = from; at < to; ) {
    const size = Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, Math.ceil((to - at) / (2 * Math.max(1, workers)))));
    out.push([at, Math.min(to, at + size)]);
    at += size;
  }
  return out;
}

const MIN_BLOCK = 32;
const MAX_BLOCK = 512;

/**
 * Runs the ensembles: each request's runs, in blocks, on this thread and a pool of worker
 * threads (this thread alone for one worker). A block's results do not depend on where it ran,
 * its per-run values are laid end to end in run order, and sketches merge exactly, so the parts
 * are the same bits for any number of workers.
 */
export async function runEnsembles(requests: readonly EnsembleRequest[], options: PoolOptions, ctx: Context): Promise<EnsemblePart[]> {
  // The model's loop runs in blocks of steps (the engine's simulate), so V8's optimised code for
  // it is used from its next call on. On-stack replacement would compile it a second time, for
  // what is left of the one call running when the first compile ends (a few milliseconds of
  // work): 0.25–0.6 s of a core per thread (measured on 2 cores, 4 Dec), taken from the threads
  // that run blocks. The setting is V8's, for the whole process and the threads it starts.
  setFlagsFromString('--no-use-osr');
  const total = requests.reduce((n, r) => n + (r.to - r.from), 0);
  const designs = requests.map((r) => designOf(r.scenario));
  const blocks: BlockTask[][] = requests.map((r, i) => {
    const out: BlockTask[] = [];
    for (const [from, to] of blocksFor(r.from, r.to, options.workers)) out.push({ scenario: i, from, to });
    // An empty shard (more shards than runs) is still a part: it says which runs it did not do.
    if (out.length === 0) out.push({ scenario: i, from: r.from, to: r.to });
    return out;
  });
  // No more threads than blocks: a thread started for nothing costs its start.
  const workers = Math.max(1, Math.min(options.workers, blocks.reduce((n, b) => n + b.length, 0)));
  const progress = new Progress(ctx, total, workers);

  let parts: EnsemblePart[];
  if (workers <= 1) {
    parts = requests.map((r, i) =>
      guard(r.scenario, () => {
        let last = 0;
        const onRun = (done: number): void => {
          progress.add(done - last);
          last = done;
        };
        return runEnsemble(r.scenario, { from: r.from, to: r.to, design: designs[i]!, onRun });
      }),
    );
  } else {
    parts = await runOnPool(requests, designs, blocks, workers, progress);
  }
  progress.finish(requests);
  return parts;
}

function guard<T>(scenario: ResolvedScenario, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof Error && error.name === 'SimulationError') throw simulationStopped(scenario, error.message);
    throw error;
  }
}

function simulationStopped(scenario: ResolvedScenario, message: string): CliError {
  // The engine names the run and what it drew ("run 17 of 200 (lag = 3 day, …): …").
  return new CliError(`${scenario.file}: the simulation stopped in ${/^run \d+ of \d+/.test(message) ? '' : 'a run of the ensemble: '}${message}`);
}

/** The built worker: beside the bundle, beside tsc's output, or (from the TypeScript sources, under a test runner) tsc's output. */
export function workerFile(): string {
  const candidates = ['./ensemble-worker.js', './worker.js', '../../dist/ensemble/worker.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((f) => existsSync(f));
  if (found === undefined) throw new Error(`the ensemble worker is not built (looked for ${candidates.join(', ')}); run the build`);
  return found;
}

async function runOnPool(requests: readonly EnsembleRequest[], designs: Float64Array[], blocks: BlockTask[][], workers: number, progress: Progress): Promise<EnsemblePart[]> {
  const { Piscina } = await import('piscina');
  const models: CompiledModel[] = [];
  const data: PoolData = { models: [], scenarios: [] };
  requests.forEach((r, i) => {
    let m = models.indexOf(r.scenario.model);
    if (m < 0) {
      m = models.push(r.scenario.model) - 1;
      data.models.push(serializeCompiled(r.scenario.model));
    }
    const { model: _model, ...rest } = r.scenario;
    data.scenarios.push({ model: m, scenario: rest, design: designs[i]! });
  });
  // In run order: each thread takes the next block nobody has taken (see ShareTask), so a
  // thread that finishes a block starts the next at once, without a round trip through this
  // thread, and a faster core simply does more blocks.
  const list = blocks.flat();
  // This thread is one of the workers: it has the scenarios already, and starts on the first
  // block at once while the others start (about 0.25 s on 2 cores) and warm up.
  const threads = workers - 1;
  const pool = new Piscina<ShareTask, ShareResult>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000, workerData: data });
  const control = new Int32Array(new SharedArrayBuffer(8));

  // Ctrl-C: stop the workers and leave with the shell's code for an interrupt, nothing half-printed on stdout.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    stopping = true;
    Atomics.store(control, STOP, 1);
    progress.interrupted();
    void pool.destroy().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const ports: MessagePort[] = [];
  try {
    // Per block its per-run values (a few hundred bytes a run); per scenario one sketch of the
    // series, this thread's, into which each worker's is merged at the end.
    const values = new Array<BlockValues | undefined>(list.length);
    const sketches = requests.map((r) => ensembleSketch(r.scenario));
    let left = list.length;
    let failed: Error | undefined;
    let allDone: () => void = () => {};
    const finished = new Promise<void>((resolve) => (allDone = resolve));
    const done = (k: number, v: BlockValues): void => {
      values[k] = v;
      progress.add(v.to - v.from);
      if (--left === 0) allDone();
    };
    const fail = (error: Error): void => {
      failed ??= error;
      Atomics.store(control, STOP, 1);
      allDone();
    };
    const receive = (result: BlockResult): void => {
      if (!('error' in result)) return done(result.block, result.values);
      const r = list[result.block]!.scenario;
      fail(result.error.name === 'SimulationError' ? simulationStopped(requests[r]!.scenario, result.error.message) : new Error(`ensemble worker: ${result.error.name}: ${result.error.message}`));
    };
    const shares = Array.from({ length: threads }, async () => {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      port1.on('message', receive);
      try {
        const theirs = await pool.run({ blocks: list, control: control.buffer as SharedArrayBuffer, port: port2 }, { transferList: [port2] });
        for (const { scenario, sketch } of theirs) sketches[scenario]!.merge(SketchSet.fromData(sketch));
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const here = async (): Promise<void> => {
      for (;;) {
        // Between blocks, the values that came in meanwhile are taken in.
        await turn();
        if (stopping || Atomics.load(control, STOP) !== 0) return;
        const k = Atomics.add(control, NEXT, 1);
        if (k >= list.length) return;
        const b = list[k]!;
        const scenario = requests[b.scenario]!.scenario;
        try {
          done(k, guard(scenario, () => runBlock(scenario, { from: b.from, to: b.to, design: designs[b.scenario]! }, sketches[b.scenario]!)));
        } catch (error) {
          return fail(error instanceof Error ? error : new Error(String(error)));
        }
      }
    };
    await Promise.all([here(), ...shares]);
    // A block's values and the end of its thread's task come on different channels.
    await finished;
    if (failed !== undefined) throw failed;
    let at = 0;
    return requests.map((r, i) => {
      const mine = values.slice(at, (at += blocks[i]!.length)) as BlockValues[];
      return ensemblePart(r.scenario, mine, sketches[i]!.toData());
    });
  } catch (error) {
    // The tasks the pool drops on Ctrl-C fail; the process is already on its way out with 130.
    if (stopping) await new Promise<never>(() => {});
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    for (const p of ports) p.close();
    await pool.destroy();
  }
}

/** mergeEnsembleParts, with the empty blocks of an empty shard left out (they would read as overlaps). */
export function merge(parts: readonly EnsemblePart[]): EnsemblePart {
  const full = parts.filter((p) => p.to > p.from);
  return mergeEnsembleParts(full.length > 0 ? full : parts.slice(0, 1));
}

/** Runs done, on stderr: a line that updates itself on a terminal; one line at the end. */
class Progress {
  done = 0;
  private shown = -1;
  private readonly started = performance.now();
  constructor(
    private readonly ctx: Context,
    private readonly total: number,
    private readonly workers: number,
  ) {}

  add(n: number): void {
    this.done += n;
    if (!this.ctx.stderrIsTTY || this.total === 0) return;
    const pct = Math.floor((100 * this.done) / this.total);
    if (pct === this.shown) return;
    this.shown = pct;
    const s = (performance.now() - this.started) / 1000;
    const rate = s > 0 ? ` · ${Math.round(this.done / s)} runs/s` : '';
    this.ctx.err(`\r\u001b[2K${this.ctx.errStyle.dim(`run ${this.done} of ${this.total} (${pct}%) on ${this.workers} worker${this.workers === 1 ? '' : 's'}${rate}`)}`);
  }

  interrupted(): void {
    this.ctx.err(`${this.ctx.stderrIsTTY ? '\r\u001b[2K' : ''}corridor: interrupted after ${this.done} of ${this.total} runs\n`);
  }

  finish(requests: readonly EnsembleRequest[]): void {
    const s = (performance.now() - this.started) / 1000;
    const names = requests.map((r) => r.scenario.file).join(', ');
    const line = `${names}: ${this.total} run${this.total === 1 ? '' : 's'} on ${this.workers} worker${this.workers === 1 ? '' : 's'} in ${s.toFixed(1)} s`;
    this.ctx.err(`${this.ctx.stderrIsTTY ? '\r\u001b[2K' : ''}${this.ctx.errStyle.dim(line)}\n`);
  }
}
