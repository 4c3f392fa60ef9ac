import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { designOf, mergeEnsembleParts, runEnsemble, serializeCompiled } from '@corridor/engine';
import type { CompiledModel, EnsemblePart, ResolvedScenario } from '@corridor/engine';
import type { Context } from '../context.js';
import { CliError } from '../exit.js';
import type { BlockResult, BlockTask, PoolData } from './protocol.js';

/** Runs [from, to) of a scenario's ensemble (all of them, or one shard's share). */
export interface EnsembleRequest {
  scenario: ResolvedScenario;
  from: number;
  to: number;
}

export interface PoolOptions {
  /** Worker threads; 1 runs every block in this thread, without a pool. */
  workers: number;
}

/**
 * Below this much work (runs × steps, about five seconds on one core) a pool costs more than it
 * gives: each worker starts, loads the engine and warms up its JIT on its first few hundred
 * runs, and one thread alone has the other cores to itself for garbage collection and
 * compiling. Measured with the bundled CLI on 2 cores (4 Dec), runs of a year of the reference
 * model: 3,000 runs (4.4 M) took 2.7 s on one thread and 3.4 s on two; 6,000 (8.8 M) 5.1 s and
 * 4.7–5.0 s; 10,000 (14.6 M) 8.4 s and 6.3–6.6 s.
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
 * between MIN_BLOCK and MAX_BLOCK runs. Blocks are large enough that a block's fixed costs (a
 * sketch per series and date, the transfer, the merge) do not show, small enough for progress
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
 * Blocks are merged in groups of this many as they come in, so that what is held at once is a
 * few dozen blocks' sketches, not one per block of a very large ensemble.
 */
const GROUP = 16;

/**
 * Runs the ensembles: each request's runs, in blocks, on a pool of worker threads (or in this
 * thread for one worker). A block's results do not depend on where it ran, and blocks merge
 * exactly (mergeEnsembleParts), so the parts are the same bits for any number of workers.
 */
export async function runEnsembles(requests: readonly EnsembleRequest[], options: PoolOptions, ctx: Context): Promise<EnsemblePart[]> {
  const total = requests.reduce((n, r) => n + (r.to - r.from), 0);
  const progress = new Progress(ctx, total, options.workers);
  const designs = requests.map((r) => designOf(r.scenario));
  const blocks: BlockTask[][] = requests.map((r, i) => {
    const out: BlockTask[] = [];
    for (const [from, to] of blocksFor(r.from, r.to, options.workers)) out.push({ scenario: i, from, to });
    // An empty shard (more shards than runs) is still a part: it says which runs it did not do.
    if (out.length === 0) out.push({ scenario: i, from: r.from, to: r.to });
    return out;
  });

  let parts: EnsemblePart[];
  if (options.workers <= 1) {
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
    parts = await runOnPool(requests, designs, blocks, options.workers, progress);
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
  return new CliError(`${scenario.file}: the simulation stopped in a run of the ensemble: ${message}`);
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
  const threads = Math.max(1, Math.min(workers, blocks.reduce((n, b) => n + b.length, 0)));
  const pool = new Piscina<BlockTask, BlockResult>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000, workerData: data });

  // Ctrl-C: stop the workers and leave with the shell's code for an interrupt, nothing half-printed on stdout.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    stopping = true;
    progress.interrupted();
    void pool.destroy().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // In run order, at most two blocks per thread in flight: what is held at once is a few
    // blocks and the groups merged so far, whatever the number of runs.
    const queue = blocks.flatMap((list, r) => list.map((task, k) => ({ task, r, g: Math.floor(k / GROUP) })));
    const pending = blocks.map((list) => Array.from({ length: Math.ceil(list.length / GROUP) }, (_, g) => ({ left: Math.min(GROUP, list.length - g * GROUP), parts: [] as EnsemblePart[] })));
    const merged: (EnsemblePart | undefined)[][] = blocks.map((list) => new Array<EnsemblePart | undefined>(Math.ceil(list.length / GROUP)));
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < queue.length) {
        const { task, r, g } = queue[next++]!;
        const result = await pool.run(task);
        if ('error' in result) {
          if (result.error.name === 'SimulationError') throw simulationStopped(requests[r]!.scenario, result.error.message);
          throw new Error(`ensemble worker: ${result.error.name}: ${result.error.message}`);
        }
        progress.add(task.to - task.from);
        const group = pending[r]![g]!;
        group.parts.push(result.part);
        if (--group.left === 0) {
          merged[r]![g] = merge(group.parts);
          group.parts = [];
        }
      }
    };
    await Promise.all(Array.from({ length: 2 * threads }, lane));
    return merged.map((groups) => merge(groups as EnsemblePart[]));
  } catch (error) {
    // The tasks the pool drops on Ctrl-C fail; the process is already on its way out with 130.
    if (stopping) await new Promise<never>(() => {});
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
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
