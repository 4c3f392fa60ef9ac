import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, KPI_NAMES, lines, modelFile, scratch } from './helpers.js';

const dirs: string[] = [];
beforeAll(ensureBuilt, 120_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('corridor --version and --help', () => {
  it('--version prints the version', async () => {
    const r = await corridor(['--version']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('--help lists the subcommands, the exit codes and examples', async () => {
    const r = await corridor(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['list', 'validate', 'run', 'compare', 'explain']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 a check failed, 2 bad usage or input, 3 internal error');
  });

  it.each(['list', 'validate', 'run', 'compare', 'explain'])('%s --help shows an example', async (command) => {
    const r = await corridor([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^  \\$ corridor ${command} `, 'm'));
  });

  it('--help and list do not load mathjs (start-up is part of the product)', async () => {
    // A preload that records every CommonJS file compiled; the mathjs bundle is CommonJS.
    const dir = scratch({
      'trace.cjs': `const M = require('module'); const seen = []; const c = M.prototype._compile;
M.prototype._compile = function (code, file) { seen.push(file); return c.call(this, code, file); };
process.on('exit', () => require('fs').writeFileSync(process.env.TRACE_OUT, seen.join('\\n')));`,
    });
    dirs.push(dir);
    const traced = async (args: string[], env: Record<string, string> = {}): Promise<string> => {
      const out = join(dir, `${args[0]}.txt`);
      const r = await corridor(args, { env: { NODE_OPTIONS: `--require ${join(dir, 'trace.cjs')}`, TRACE_OUT: out, ...env } });
      expect(r.code).toBe(0);
      return readFileSync(out, 'utf8');
    };
    expect(await traced(['--help'])).not.toMatch(/mathjs/);
    expect(await traced(['list'])).not.toMatch(/mathjs/);
    // The check itself works: a run that compiles the model loads it (one that finds the
    // compiled model in its cache does not: see compiled-cache.test.ts).
    expect(await traced(['run', 'scenarios/baseline.yaml'], { CORRIDOR_NO_CACHE: '1' })).toMatch(/mathjs/);
  });
});

describe('corridor list', () => {
  it('lists each scenario with its question, and not the model', async () => {
    const r = await corridor(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scenarios\/dakar-corridor-closed-60d\.yaml +What if the Dakar–Bamako road is closed at Kayes for 60 days\?$/m);
    expect(r.stdout).toMatch(/^scenarios\/baseline\.yaml +What does a normal year look like/m);
    expect(r.stdout).not.toContain('mali-corridors.yaml');
  });

  it('--format json gives file and question for each scenario', async () => {
    const r = await corridor(['list', 'scenarios', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.scenarios.length).toBeGreaterThanOrEqual(8);
    expect(doc.scenarios).toContainEqual({ file: 'scenarios/baseline.yaml', question: 'What does a normal year look like, with every corridor open?' });
  });

  it('a directory that does not exist is one line, exit 2', async () => {
    const r = await corridor(['list', 'no-such-dir']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(lines(r.stderr)).toEqual(['corridor: no-such-dir: no such directory']);
  });
});

describe('corridor validate', () => {
  it('good scenario and model files: ok lines on stderr, exit 0', async () => {
    const r = await corridor(['validate', 'scenarios/baseline.yaml', 'scenarios/joint-patrols.yaml', 'scenarios/model/mali-corridors.yaml']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(lines(r.stderr)).toEqual(['ok scenarios/baseline.yaml', 'ok scenarios/joint-patrols.yaml', 'ok scenarios/model/mali-corridors.yaml']);
  });

  it('reports every problem in every file, as file:line:col, exit 2', async () => {
    const dir = scratch({
      'schema.yaml': ['question: two slips', `model: ${modelFile}`, 'start: 2025-09-01', 'horizn: 120', 'events:', '  - type: blockade', '    corridor: dakar_bamako', '    from: day 10', '    sevrity: 1', ''].join('\n'),
      'engine.yaml': ['question: three mistakes the engine finds', `extends: ${join(process.cwd(), 'scenarios/dakar-corridor-closed-60d.yaml')}`, 'parameters:', '  diversion_lagg: 3', '  tanker_load: 5 kg', 'events:', '  - type: blockade', '    corridor: dakar_bamak', '    from: day 10', ''].join('\n'),
    });
    dirs.push(dir);
    const s = join(dir, 'schema.yaml');
    const e = join(dir, 'engine.yaml');
    const r = await corridor(['validate', s, e, 'scenarios/baseline.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([
      `${s}:4:1: unknown key "horizn" (did you mean "horizon"?)`,
      `${s}:9:5: unknown key "sevrity" (did you mean "severity"?)`,
      `${e}:4:3: unknown parameter "diversion_lagg" (did you mean "diversion_lag"?)`,
      `${e}:5:16: tanker_load: "5 kg" cannot be converted to m^3/tanker, the unit of tanker_load in the model`,
      `${e}:8:15: unknown corridor "dakar_bamak" (did you mean "dakar_bamako"?); the model has: dakar_bamako, abidjan_bamako, nouakchott_bamako, conakry_bamako`,
      'ok scenarios/baseline.yaml',
    ]);

    const json = await corridor(['validate', s, 'scenarios/baseline.yaml', '--format', 'json']);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, ok: false, files: [{ file: s, ok: false }, { file: 'scenarios/baseline.yaml', ok: true }] });
    expect(doc.diagnostics[0]).toMatchObject({ file: s, line: 4, column: 1, code: 'unknown_key' });
  });

  it('a problem in the model file is reported in the model file', async () => {
    const dir = scratch();
    dirs.push(dir);
    const model = join(dir, 'model.yaml');
    const text = readFileSync(modelFile, 'utf8').replace('  fuel_density:\n    value: 0.82', '  fuel_density:\n    value: 0.82\n    sourc: a guess');
    writeFileSync(model, text);
    writeFileSync(join(dir, 'scenario.yaml'), 'question: q\nmodel: model.yaml\nstart: 2025-09-01\n');
    const line = text.split('\n').findIndex((l) => l === '    sourc: a guess') + 1;
    for (const file of [model, join(dir, 'scenario.yaml')]) {
      const r = await corridor(['validate', file]);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toEqual([`${model}:${line}:5: unknown key "sourc" (did you mean "source"?)`]);
    }
  });
});

describe('corridor compare', () => {
  it('--format json has each KPI with its absolute and relative difference from the baseline', async () => {
    const r = await corridor(['compare', 'scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.baseline.file).toBe('scenarios/baseline.yaml');
    const [closed] = doc.scenarios;
    expect(Object.keys(closed.kpis)).toEqual(KPI_NAMES);
    const cover = closed.kpis.fuel_min_days_cover;
    const base = doc.baseline.kpis.fuel_min_days_cover.value;
    expect(cover.delta).toBeCloseTo(cover.value - base, 12);
    expect(cover.relativeDelta).toBeCloseTo((cover.value - base) / base, 12);
    // No relative change from a zero baseline.
    expect(doc.baseline.kpis.tankers_lost.value).toBe(0);
    expect(closed.kpis.tankers_lost.relativeDelta).toBeNull();
  });

  it('the table has the baseline, each scenario, Δ and Δ%', async () => {
    const r = await corridor(['compare', 'scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KPI +unit +baseline +dakar-corridor-closed-60d +Δ +Δ%$/m);
    expect(r.stdout).toMatch(/^fuel_min_days_cover +day +3 +[\d.]+ +-[\d.]+ +-[\d.]+%$/m);
  });

  it('--format csv is long form with a header', async () => {
    const r = await corridor(['compare', 'scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', 'scenarios/southern-corridor-cut.yaml', '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toBe('scenario,kpi,unit,value,baseline,delta,relative_delta');
    expect(rows).toHaveLength(2 * KPI_NAMES.length);
  });
});

describe('corridor explain', () => {
  it('a parameter: value after the scenario, unit, assumption, and the file that set it', async () => {
    const r = await corridor(['explain', 'scenarios/bamako-fuel-blockade-2025.yaml', 'kayes_capacity']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^kayes_capacity +parameter$/m);
    expect(r.stdout).toMatch(/^ +value +0\.68$/m);
    expect(r.stdout).toMatch(/^ +set by +scenarios\/bamako-fuel-blockade-2025\.yaml:\d+:\d+ as 0\.68$/m);
    expect(r.stdout).toMatch(/^ +model value +1$/m);
    expect(r.stdout).toMatch(/^ +assumption +\S/m);
  });

  it('a parameter set by the model, with its source and range', async () => {
    const r = await corridor(['explain', 'scenarios/baseline.yaml', 'diversion_lag']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +value +14 day$/m);
    expect(r.stdout).toMatch(/^ +set by +model default \(scenarios\/model\/mali-corridors\.yaml:\d+:3\)$/m);
    expect(r.stdout).toMatch(/^ +range +7 to 30$/m);
  });

  it('a parameter inherited through extends names the file that set it', async () => {
    const r = await corridor(['explain', 'scenarios/joint-patrols.yaml', 'kayes_capacity', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ kind: 'parameter', name: 'kayes_capacity', value: 0.68, setByModel: false });
    expect(doc.setBy).toMatch(/^scenarios\/bamako-fuel-blockade-2025\.yaml:\d+:\d+$/);
  });

  it('a parameter that events change: the events and its values over time', async () => {
    const r = await corridor(['explain', 'scenarios/dakar-corridor-closed-60d.yaml', 'dakar_bamako_fuel_blockade']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +value +varies over time/m);
    expect(r.stdout).toMatch(/changed by +scenarios\/dakar-corridor-closed-60d\.yaml:\d+:\d+ blockade Dakar–Bamako .*day 10 to 70$/m);
    expect(r.stdout).toMatch(/day +10 +2025-09-11 +1$/m);
  });

  it('a variable: its equation, what it depends on and what depends on it', async () => {
    const r = await corridor(['explain', 'scenarios/dakar-corridor-closed-60d.yaml', 'fuel_days_cover']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fuel_days_cover +auxiliary$/m);
    expect(r.stdout).toMatch(/^ +unit +day$/m);
    expect(r.stdout).toMatch(/^ +used by +\S/m);
    // The model's equations change as it improves; what must hold is that every name the
    // equation reads is listed as something it depends on.
    const equation = /^ +equation +(.+)$/m.exec(r.stdout)?.[1] ?? '';
    const dependsOn = (/^ +depends on +(.+)$/m.exec(r.stdout)?.[1] ?? '').split(', ');
    expect(equation).toMatch(/fuel_stock/);
    expect(dependsOn.sort()).toEqual([...new Set(equation.match(/[A-Za-z_]\w*/g))].sort());
  });

  it('an unknown name: one line with a suggestion, exit 2', async () => {
    const r = await corridor(['explain', 'scenarios/baseline.yaml', 'fuel_day_cover']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(lines(r.stderr)).toEqual(['corridor: scenarios/baseline.yaml: no parameter or variable named "fuel_day_cover" (did you mean "fuel_days_cover"?)']);
  });
});
