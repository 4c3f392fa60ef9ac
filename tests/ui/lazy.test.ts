import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, repoRoot, scratch } from '../cli/helpers.js';

/**
 * Start-up is part of the product: only the UI loads Ink and React (React alone is some
 * 1.5 MB of JavaScript in its development build). A preload records every CommonJS file
 * compiled; React is CommonJS, and Ink cannot run without it.
 */
const dir = scratch({
  'trace.cjs': `const M = require('module'); const seen = []; const c = M.prototype._compile;
M.prototype._compile = function (code, file) { seen.push(file); return c.call(this, code, file); };
process.on('exit', () => require('fs').writeFileSync(process.env.TRACE_OUT, seen.join('\\n')));`,
});
const preload = join(dir, 'trace.cjs');
const react = /[\\/]react[\\/]|[\\/]ink[\\/]/;

async function traced(args: string[]): Promise<{ code: number | null; files: string }> {
  const out = join(dir, `${args.join('_').replace(/\W/g, '_')}.txt`);
  const r = await corridor(args, { env: { NODE_OPTIONS: `--require ${preload}`, TRACE_OUT: out } });
  return { code: r.code, files: readFileSync(out, 'utf8') };
}

describe('commands other than the UI do not load Ink or React', () => {
  beforeAll(() => ensureBuilt());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the trace sees React when it is loaded', () => {
    const out = join(dir, 'control.txt');
    const reactMain = createRequire(join(repoRoot, 'packages/cli/package.json')).resolve('react');
    execFileSync(process.execPath, ['--require', preload, '-e', `require(${JSON.stringify(reactMain)})`], { env: { ...process.env, TRACE_OUT: out } });
    expect(readFileSync(out, 'utf8')).toMatch(react);
  });

  it.each([[['run', 'scenarios/baseline.yaml', '--format', 'json']], [['list']], [['--help']], [[]], [['ui']]])('corridor %j', async (args) => {
    const r = await traced(args);
    // `corridor` and `corridor ui` without a terminal: help or a message, exit 2, and no Ink.
    expect(r.code).toBe(args.length === 0 || args[0] === 'ui' ? 2 : 0);
    expect(r.files).not.toMatch(react);
  });
});
