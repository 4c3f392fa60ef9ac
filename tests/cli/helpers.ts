import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** How many scenario files ship in scenarios/ (the model file is in its own folder). */
export const SHIPPED_SCENARIOS = readdirSync(join(repoRoot, 'scenarios')).filter((f) => f.endsWith('.yaml')).length;
/** The CLI the tests run: the build in dist/, or another (CORRIDOR_TEST_CLI=packages/cli/bundle/corridor.js, the bundle the bin runs; build it first). */
export const mainJs = process.env.CORRIDOR_TEST_CLI ? resolve(repoRoot, process.env.CORRIDOR_TEST_CLI) : join(repoRoot, 'packages/cli/dist/main.js');
export const modelFile = join(repoRoot, 'scenarios/model/mali-corridors.yaml');

export const KPI_NAMES = [
  'fuel_min_days_cover',
  'fuel_shortage_days',
  'fuel_first_shortage_day',
  'tankers_lost',
  'power_unserved_gwh',
  'power_min_supply_hours',
  'gold_output_loss_pct',
  'gold_output_loss_kg',
  'export_revenue_loss_bn_cfa',
  'budget_revenue_loss_bn_cfa',
  'senegal_export_loss_bn_cfa',
  'senegal_export_loss_pct',
];

/**
 * Builds the CLI once for all test files. Vitest runs files in parallel processes, and two
 * builds writing the same dist/ at once could let a test start a half-written main.js; a lock
 * directory makes them take turns (the second finds the build up to date and returns at once).
 */
export function ensureBuilt(): void {
  withLock('corridor-cli-tests-build.lock', () => {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'pipe' });
  });
}

/** Runs `work` while holding a lock directory in the temp folder, one test process at a time. */
export function withLock(name: string, work: () => void): void {
  const lock = join(tmpdir(), name);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      // A lock left by a killed run would block every later one.
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    work();
  } finally {
    rmdirSync(lock);
  }
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, from the repository root, with output to pipes. */
export function corridor(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<Result> {
  const env: Record<string, string | undefined> = { ...process.env };
  // The test runner may force colour for itself; the CLI should see a plain pipe.
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.CORRIDOR_DEBUG;
  Object.assign(env, options.env);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [mainJs, ...args], { cwd: options.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A scratch directory with the given files; scenario files may name the real model by absolute path. */
export function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** stderr as its lines, for "one clear line" checks. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
