import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, lines, modelFile, scratch } from './helpers.js';

/**
 * A user's mistake gets one clear line on stderr, exit code 2, nothing on stdout, no stack
 * trace and no output file, whatever the mistake.
 */
const dirs: string[] = [];
beforeAll(ensureBuilt, 120_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(files: Record<string, string> = {}): string {
  const dir = scratch(files);
  dirs.push(dir);
  return dir;
}

async function fails(args: string[], message: string | RegExp, out?: string): Promise<void> {
  const r = await corridor(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const errors = lines(r.stderr);
  expect(errors).toHaveLength(1);
  if (typeof message === 'string') expect(errors[0]).toBe(message);
  else expect(errors[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (out !== undefined) expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
}

describe('bad input: one line, exit 2, no output file', () => {
  it('a scenario file that does not exist', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    await fails(['run', 'scenarios/no-such-scenario.yaml', '--out', out], 'scenarios/no-such-scenario.yaml:1:1: cannot read file: no such file', out);
    expect(existsSync(out)).toBe(false);
  });

  it('a YAML syntax error, at its line and column', async () => {
    const dir = tmp({ 'syntax.yaml': `question: broken\nmodel: ${modelFile}\nstart: 2025-09-01\nhorizon: [120\nseed: 1\n` });
    const file = join(dir, 'syntax.yaml');
    await fails(['run', file, '--out', join(dir, 'out')], `${file}:5:1: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]`, join(dir, 'out'));
  });

  it('an invalid scenario: an unknown key, at the key', async () => {
    const dir = tmp({ 'invalid.yaml': ['question: a slip', `model: ${modelFile}`, 'start: 2025-09-01', 'horizn: 120', ''].join('\n') });
    const file = join(dir, 'invalid.yaml');
    await fails(['run', file, '--format', 'json', '--out', join(dir, 'out')], `${file}:4:1: unknown key "horizn" (did you mean "horizon"?)`, join(dir, 'out'));
  });

  it('an invalid scenario: a value of the wrong kind, through extends', async () => {
    const dir = tmp({ 'wrong.yaml': [`extends: ${join(process.cwd(), 'scenarios/baseline.yaml')}`, 'horizon: soon', ''].join('\n') });
    const file = join(dir, 'wrong.yaml');
    await fails(['run', file], `${file}:2:10: expected a number, found the string "soon"`);
  });

  it('extends that loops', async () => {
    const dir = tmp({ 'a.yaml': 'extends: b.yaml\n', 'b.yaml': 'extends: a.yaml\n' });
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    await fails(['run', a], `${b}:1:10: extends makes a loop: ${a} → ${b} → ${a}`);
  });

  it('extends naming a file that does not exist, at the extends', async () => {
    const dir = tmp({ 'orphan.yaml': 'question: q\nextends: gone.yaml\n' });
    const file = join(dir, 'orphan.yaml');
    await fails(['run', file], `${file}:2:10: extends: cannot read "gone.yaml": no such file`);
  });

  it('a model file given where a scenario belongs', async () => {
    await fails(['run', 'scenarios/model/mali-corridors.yaml'], /^scenarios\/model\/mali-corridors\.yaml:\d+:1: this is a model file, not a scenario/);
  });

  it('an unknown subcommand', async () => {
    await fails(['frobnicate'], "corridor: unknown command 'frobnicate'; see 'corridor --help'");
  });

  it('an unknown flag', async () => {
    await fails(['run', 'scenarios/baseline.yaml', '--sed', '3'], "corridor run: unknown option '--sed' (Did you mean --seed?); see 'corridor run --help'");
  });

  it('a missing argument', async () => {
    await fails(['explain', 'scenarios/baseline.yaml'], "corridor explain: missing required argument 'name'; see 'corridor explain --help'");
  });

  it.each(['0', '-1', 'many'])('--runs %s', async (runs) => {
    const dir = tmp();
    await fails(['run', 'scenarios/baseline.yaml', '--runs', runs, '--out', join(dir, 'out')], `corridor run: option '--runs <n>' argument '${runs}' is invalid. Expected a whole number of at least 1; see 'corridor run --help'`, join(dir, 'out'));
  });

  it('an unknown --format', async () => {
    await fails(['run', 'scenarios/baseline.yaml', '--format', 'xml'], /^corridor run: option '--format <format>' argument 'xml' is invalid\. Allowed choices are table, json, ndjson, csv; see/);
  });

  it('--out under a regular file cannot be created', async () => {
    const dir = tmp({ 'file.txt': 'not a directory\n' });
    const out = join(dir, 'file.txt', 'out');
    await fails(['run', 'scenarios/baseline.yaml', '--out', out], `corridor: --out ${out}: cannot create the directory: a part of the path is a file, not a directory`);
    expect(readdirSync(dir)).toEqual(['file.txt']);
  });

  it('--out naming a regular file', async () => {
    const dir = tmp({ 'file.txt': 'not a directory\n' });
    const out = join(dir, 'file.txt');
    await fails(['run', 'scenarios/baseline.yaml', '--out', out], `corridor: --out ${out}: not a directory`);
    expect(readdirSync(dir)).toEqual(['file.txt']);
  });

  it('an --out directory with a directory where an output file goes: no file written, none left behind', async () => {
    // Tests may run as root, which ignores permissions; a name in the way is a failure root meets too.
    const dir = tmp();
    const out = join(dir, 'out');
    mkdirSync(join(out, 'kpis.json'), { recursive: true });
    writeFileSync(join(out, 'keep.txt'), 'mine\n');
    const r = await corridor(['run', 'scenarios/baseline.yaml', '--out', out]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toBe(`corridor: --out ${out}: cannot write kpis.json: a directory of that name is in the way\n`);
    expect(readdirSync(out).sort()).toEqual(['keep.txt', 'kpis.json']);
  });
});
