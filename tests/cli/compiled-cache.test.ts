import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPILED_FORMAT } from '@corridor/engine';
import { cacheDir, KEEP_ENTRIES, readCached, trusted } from '../../packages/cli/src/load/compiled-cache.js';
import { ensureBuilt, mainJs, modelFile, repoRoot, scratch, withLock, type Result } from './helpers.js';

const bundle = join(repoRoot, 'packages/cli/bundle/corridor.js');

/** Builds the CLI, then its bundle (what the bin runs), one test process at a time. */
function ensureBundled(): void {
  ensureBuilt();
  withLock('corridor-cli-tests-bundle.lock', () => {
    execFileSync(process.execPath, [join(repoRoot, 'packages/cli/scripts/bundle.mjs')], { cwd: repoRoot, stdio: 'pipe' });
  });
}

const dirs: string[] = [];
beforeAll(ensureBundled, 180_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A preload that records every CommonJS file compiled: the mathjs bundle is CommonJS, and only
// compiling a model (not restoring one) loads it.
const tracer = scratch({
  'trace.cjs': `const M = require('module'); const seen = []; const c = M.prototype._compile;
M.prototype._compile = function (code, file) { seen.push(file); return c.call(this, code, file); };
process.on('exit', () => require('fs').writeFileSync(process.env.TRACE_OUT, seen.join('\\n')));`,
});
dirs.push(tracer);

let traces = 0;
interface Traced extends Result {
  loadedMathjs: boolean;
}

/**
 * Runs `corridor` (dist/main.js, or the bundle the bin runs) as a user would, with this cache
 * directory, and says whether it loaded mathjs.
 */
function run(args: string[], cache: string, options: { bundled?: boolean; cwd?: string; env?: Record<string, string> } = {}): Promise<Traced> {
  const trace = join(tracer, `trace-${traces++}.txt`);
  const env: Record<string, string | undefined> = { ...process.env, CORRIDOR_CACHE_DIR: cache, NODE_OPTIONS: `--require ${join(tracer, 'trace.cjs')}`, TRACE_OUT: trace, ...options.env };
  for (const k of ['FORCE_COLOR', 'NO_COLOR', 'CORRIDOR_DEBUG', ...(options.env?.CORRIDOR_NO_CACHE === undefined ? ['CORRIDOR_NO_CACHE'] : [])]) delete env[k];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [options.bundled ? bundle : mainJs, ...args], { cwd: options.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, loadedMathjs: /mathjs/.test(readFileSync(trace, 'utf8')) }));
  });
}

const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);
const BASELINE = ['run', 'scenarios/baseline.yaml', '--format', 'json'];

describe('the compiled-model cache', () => {
  it('the first run compiles and stores the model; the second restores it (no mathjs) and prints the same', async () => {
    const cache = join(scratch(), 'cache');
    dirs.push(cache);
    const first = await run(BASELINE, cache);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.loadedMathjs).toBe(true);
    expect(entries(cache)).toHaveLength(1);
    const entry = join(cache, entries(cache)[0]!);
    const stored = readFileSync(entry, 'utf8');
    expect(stored).toMatch(/^corridor-compiled-cache corridor-compiled\/\d+ [0-9a-f]{64}\n\{/);

    const second = await run(BASELINE, cache);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.loadedMathjs).toBe(false);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(entry, 'utf8')).toBe(stored);
    // Every subcommand that reads a model takes it from the cache.
    const args = ['compare', 'scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', '--format', 'json'];
    const compare = await run(args, cache);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toBe((await run(args, cache, { env: { CORRIDOR_NO_CACHE: '1' } })).stdout);
    expect(entries(cache)).toHaveLength(1);
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, text.length >> 1)],
    ['a changed byte', (text: string) => text.replace('"source":"', '"source":"x')],
    ['not ours', () => 'hello\n{}'],
    ['empty', () => ''],
    ['another format', (text: string) => text.replace(/^corridor-compiled-cache corridor-compiled\/\d+/, 'corridor-compiled-cache corridor-compiled/0')],
    ['valid JSON of the wrong shape, with a matching checksum', () => {
      const body = JSON.stringify({ spec: {}, compiled: { format: 'x' } });
      return `corridor-compiled-cache ${COMPILED_FORMAT} ${createHash('sha256').update(body).digest('hex')}\n${body}`;
    }],
  ])('an entry that is %s is ignored without a word and written again', async (_, damage) => {
    const cache = join(scratch(), 'cache');
    dirs.push(cache);
    const first = await run(BASELINE, cache);
    const entry = join(cache, entries(cache)[0]!);
    const good = readFileSync(entry, 'utf8');
    writeFileSync(entry, damage(good));
    const damaged = await run(BASELINE, cache);
    expect(damaged.code).toBe(0);
    expect(damaged.stderr).toBe('');
    expect(damaged.stdout).toBe(first.stdout);
    expect(damaged.loadedMathjs).toBe(true);
    expect(readFileSync(entry, 'utf8')).toBe(good);
    expect((await run(BASELINE, cache)).loadedMathjs).toBe(false);
  });

  it('an edited model file gets an entry of its own; each run finds its own', async () => {
    const dir = scratch({ 'model.yaml': readFileSync(modelFile, 'utf8'), 'a.yaml': 'start: 2025-09-01\nhorizon: 30\nmodel: model.yaml\n' });
    dirs.push(dir);
    const cache = join(dir, 'cache');
    const args = ['run', 'a.yaml', '--format', 'csv'];
    const before = await run(args, cache, { cwd: dir });
    expect(before.code).toBe(0);
    const edited = readFileSync(modelFile, 'utf8').replace(/(fuel_depot_target_days:\n\s+value:) 3\n/, '$1 5\n');
    expect(edited).not.toBe(readFileSync(modelFile, 'utf8'));
    writeFileSync(join(dir, 'model.yaml'), edited);
    const after = await run(args, cache, { cwd: dir });
    expect(after.code).toBe(0);
    expect(after.loadedMathjs).toBe(true);
    expect(after.stdout).not.toBe(before.stdout);
    expect(entries(cache)).toHaveLength(2);
    const again = await run(args, cache, { cwd: dir });
    expect(again.loadedMathjs).toBe(false);
    expect(again.stdout).toBe(after.stdout);
  });

  it('CORRIDOR_NO_CACHE=1 neither reads nor writes it; a cache that cannot be written is no error', async () => {
    const dir = scratch();
    dirs.push(dir);
    const off = await run(BASELINE, join(dir, 'cache'), { env: { CORRIDOR_NO_CACHE: '1' } });
    expect(off.code).toBe(0);
    expect(existsSync(join(dir, 'cache'))).toBe(false);
    // A file where the directory should be.
    writeFileSync(join(dir, 'blocked'), 'not a directory');
    const blocked = await run(BASELINE, join(dir, 'blocked', 'cache'));
    expect(blocked.code).toBe(0);
    expect(blocked.stderr).toBe('');
    expect(blocked.stdout).toBe(off.stdout);
  });

  it('a cache directory or entry that others can write to is neither read nor written', async () => {
    const dir = join(scratch(), 'cache');
    dirs.push(dir);
    const first = await run(BASELINE, dir);
    const [entry] = entries(dir);
    expect(entry).toBeDefined();
    const file = join(dir, entry!);
    expect(readCached(file)).toBeDefined();
    // Another account could have put its own code in there: the entry is not used.
    chmodSync(dir, 0o777);
    expect(readCached(file)).toBeUndefined();
    const shared = await run(BASELINE, dir);
    expect(shared.code).toBe(0);
    expect(shared.loadedMathjs).toBe(true);
    expect(shared.stdout).toBe(first.stdout);
    chmodSync(dir, 0o700);
    chmodSync(file, 0o666);
    expect(readCached(file)).toBeUndefined();
    chmodSync(file, 0o644);
    expect(readCached(file)).toBeDefined();
    // Owned by someone else.
    expect(trusted(file, (process.getuid?.() ?? 0) + 1)).toBe(false);
    expect(trusted(file)).toBe(true);
    // Nothing is written into a shared directory either.
    const open = join(scratch(), 'open');
    dirs.push(open);
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    expect((await run(BASELINE, open)).code).toBe(0);
    expect(entries(open)).toEqual([]);
  });

  it('the bundle the bin runs prints what dist/main.js prints, and uses the cache the same way', async () => {
    const cache = join(scratch(), 'cache');
    dirs.push(cache);
    const plain = await run(BASELINE, join(cache, 'plain'), { env: { CORRIDOR_NO_CACHE: '1' } });
    const cold = await run(BASELINE, cache, { bundled: true });
    expect(cold.code).toBe(0);
    expect(cold.stderr).toBe('');
    expect(cold.loadedMathjs).toBe(true);
    const warm = await run(BASELINE, cache, { bundled: true });
    expect(warm.loadedMathjs).toBe(false);
    expect(cold.stdout).toBe(plain.stdout);
    expect(warm.stdout).toBe(plain.stdout);
    for (const args of [['--version'], ['list'], ['run', 'scenarios/kayes-nioro-blockade.yaml', '--format', 'csv'], ['validate', 'scenarios/baseline.yaml', 'nowhere.yaml']]) {
      const a = await run(args, cache);
      const b = await run(args, cache, { bundled: true });
      expect({ code: b.code, stdout: b.stdout, stderr: b.stderr }, args.join(' ')).toEqual({ code: a.code, stdout: a.stdout, stderr: a.stderr });
    }
  });

  it('keeps the entries used last, and no more than KEEP_ENTRIES', async () => {
    const cache = join(scratch(), 'cache');
    dirs.push(cache);
    mkdirSync(cache, { recursive: true });
    const old = Date.now() / 1000 - 3600;
    for (let i = 0; i < KEEP_ENTRIES + 5; i++) {
      const f = join(cache, `${i.toString(16).padStart(64, '0')}.json`);
      writeFileSync(f, 'old');
      // utimes in seconds: older entries first.
      utimesSync(f, old + i, old + i);
    }
    await run(BASELINE, cache);
    const left = entries(cache);
    expect(left).toHaveLength(KEEP_ENTRIES);
    expect(left).not.toContain(`${'0'.repeat(64)}.json`);
  });
});

describe('where the cache lives', () => {
  it('follows CORRIDOR_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache; CORRIDOR_NO_CACHE turns it off', () => {
    expect(cacheDir({ CORRIDOR_CACHE_DIR: '/x/y', XDG_CACHE_HOME: '/c' }, 'linux')).toBe('/x/y');
    expect(cacheDir({ XDG_CACHE_HOME: '/c' }, 'linux')).toBe('/c/corridor');
    expect(cacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux')).toMatch(/[\\/]\.cache[\\/]corridor$/);
    expect(cacheDir({}, 'linux')).toMatch(/[\\/]\.cache[\\/]corridor$/);
    expect(cacheDir({}, 'darwin')).toMatch(/Library[\\/]Caches[\\/]corridor$/);
    expect(cacheDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32')).toMatch(/corridor[\\/]cache$/);
    expect(cacheDir({ CORRIDOR_NO_CACHE: '1', CORRIDOR_CACHE_DIR: '/x' }, 'linux')).toBeUndefined();
    expect(cacheDir({ CORRIDOR_NO_CACHE: '0', CORRIDOR_CACHE_DIR: '/x' }, 'linux')).toBe('/x');
  });
});

