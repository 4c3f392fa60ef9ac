import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { designOf, ensemblePart, ensembleSketch, runBlock, runEnsemble, serializeCompiled, SketchSet, type ResolvedScenario } from '@corridor/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAll } from '../../packages/cli/src/load/many.js';
import { NEXT, STOP, type BlockResult, type BlockTask, type PoolData, type ShareResult, type ShareTask } from '../../packages/cli/src/ensemble/protocol.js';
import { ensureBuilt, repoRoot, scratch } from '../cli/helpers.js';

/**
 * A worker thread of the ensemble pool on its own (the built worker, as the CLI starts it):
 * it takes blocks from the shared list until none is left, sends each block's per-run values on
 * its port, returns one sketch of all its blocks' series, and stops at a block that fails or
 * when told to. The CLI's own tests cannot choose which thread
 * meets a failing run; here no other thread takes any block.
 */

const WORKER = join(repoRoot, 'packages/cli/dist/ensemble/worker.js');
// The pool the CLI uses, from the CLI's own dependencies. Its threads get no execArgv: under the
// test runner they would inherit the condition that resolves @corridor/engine to TypeScript.
interface Pool {
  run(task: ShareTask, options: { transferList: MessagePort[] }): Promise<ShareResult>;
  destroy(): Promise<void>;
}
const { Piscina } = createRequire(join(repoRoot, 'packages/cli/package.json'))('piscina') as { Piscina: new (options: object) => Pool };
const dir = scratch();

function scenarioAt(yaml: string): ResolvedScenario {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  return loadAll([file])[0]!.scenario;
}

/** Runs one ShareTask over `blocks` of the scenario on a pool of one thread; returns what it sent and what it returned. */
async function share(s: ResolvedScenario, blocks: BlockTask[], stop = false): Promise<{ sent: BlockResult[]; returned: ShareResult; next: number }> {
  const { model, ...rest } = s;
  const data: PoolData = { models: [serializeCompiled(model)], scenarios: [{ model: 0, scenario: rest, design: designOf(s) }] };
  const pool = new Piscina({ filename: WORKER, minThreads: 1, maxThreads: 1, workerData: data, execArgv: [] });
  const control = new Int32Array(new SharedArrayBuffer(8));
  if (stop) Atomics.store(control, STOP, 1);
  const { port1, port2 } = new MessageChannel();
  const sent: BlockResult[] = [];
  port1.on('message', (m: BlockResult) => sent.push(m));
  try {
    const returned = await pool.run({ blocks, control: control.buffer as SharedArrayBuffer, port: port2 }, { transferList: [port2] });
    // The results come on their own channel: wait for as many as the thread took.
    const taken = Math.min(Atomics.load(control, NEXT), blocks.length);
    while (sent.length < (stop ? 0 : taken)) await new Promise((r) => setTimeout(r, 10));
    return { sent, returned, next: Atomics.load(control, NEXT) };
  } finally {
    port1.close();
    await pool.destroy();
  }
}

beforeAll(() => ensureBuilt(), 300_000);

describe('an ensemble worker thread', () => {
  const base = `extends: ${join(repoRoot, 'tests/fixtures/ensemble-shards.yaml')}\nruns: 40\n`;
  const blocks: BlockTask[] = [
    { scenario: 0, from: 0, to: 10 },
    { scenario: 0, from: 10, to: 25 },
    { scenario: 0, from: 25, to: 40 },
  ];

  it('takes every block in turn, sends each its per-run values, and returns one sketch of them all: together, what runEnsemble gives', async () => {
    const s = scenarioAt(`${base}horizon: 20\n`);
    const r = await share(s, blocks);
    expect(r.sent.map((m) => m.block)).toEqual([0, 1, 2]);
    const values = r.sent.map((m) => {
      if ('error' in m) return expect.fail(m.error.message);
      expect([m.values.from, m.values.to]).toEqual([blocks[m.block]!.from, blocks[m.block]!.to]);
      return m.values;
    });
    // Past the end: the counter moved once more, for the look that found nothing left.
    expect(r.next).toBe(4);
    expect(r.returned.map((x) => x.scenario)).toEqual([0]);
    const fromThread = ensemblePart(s, values, r.returned[0]!.sketch);
    const whole = runEnsemble(s);
    expect(fromThread).toEqual(whole);
    // Split differently (blocks of runBlock into one sketch here), the same again.
    const sketch = ensembleSketch(s);
    const here = [runBlock(s, { from: 0, to: 33 }, sketch), runBlock(s, { from: 33, to: 40 }, sketch)];
    expect(ensemblePart(s, here, sketch.toData())).toEqual(whole);
    expect(SketchSet.fromData(fromThread.sketch).size(0)).toBe(40);
  }, 60_000);

  it('sends a failing block its error (name and message) and takes no block after it', async () => {
    // A diversion lag just below zero makes the smooth grow without bound within days.
    const bad = scenarioAt(`${base}uncertainty:\n  parameters:\n    diversion_lag:\n      distribution: uniform\n      min: -0.01\n      max: -0.001\n      unit: day\n`);
    const r = await share(bad, blocks);
    expect(r.sent).toHaveLength(1);
    const m = r.sent[0]!;
    expect(m.block).toBe(0);
    if (!('error' in m)) return expect.fail('the block did not fail');
    expect(m.error.name).toBe('SimulationError');
    expect(m.error.message).toMatch(/^run 0 of 40 \(.*diversion_lag = -0\.00\d+ day.*\): fuel_diversion \(inside smooth#1\.change1\) became -?Infinity at time [\d.]+ \(step\)/);
    expect(r.next).toBe(1);
  }, 60_000);

  it('takes nothing once the pool says stop', async () => {
    const r = await share(scenarioAt(`${base}horizon: 20\n`), blocks, true);
    expect(r).toEqual({ sent: [], returned: [], next: 0 });
  }, 60_000);
});
