import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, copyProject, edit, ensureBuilt, lines, removeCopies, write } from './support.js';

beforeAll(ensureBuilt, 120_000);
afterAll(removeCopies);

/** Bad input: exit 2, each problem on its own line as file:line:col (or one clear line), nothing on stdout, no stack. */
async function fails(dir: string, args: string[]): Promise<string[]> {
  const r = await check(dir, args);
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines(r.stderr);
}

describe('corridor check: bad input is exit 2 with file:line:col', () => {
  it('a malformed expectations file: every problem at its place, all at once', async () => {
    const dir = copyProject();
    write(
      dir,
      'e.yaml',
      [
        'expectations:',
        '  - scenario: basline', // 2
        '    variable: fuel_days_cover',
        '    between: [2, 10]',
        '  - scenario: baseline', // 5
        '    variable: fuel_day_cover',
        '    gt: 1',
        '  - scenario: baseline', // 8
        '    kpi: tankers_lost',
        '    from: day 3',
        '    lt: 5',
        '  - scenario: baseline', // 12
        '    variable: fuel_days_cover',
        '    gt: 1',
        '    lt: 5',
        '  - scenario: baseline', // 16
        '    variable: fuel_days_cover',
        '    to: day 400',
        '    gte: 1',
        '  - scenario: baseline', // 20
        '    variable: fuel_days_cover',
        '  - scenario: baseline', // 22
        '    kpi: tankers_lost',
        '    betwen: [1, 2]',
        '  - scenario: baseline', // 25
        '    kpi: tankers_lost',
        '    gt: lots',
        '  - scenario: baseline', // 28
        '    variable: fuel_days_cover',
        '    from: 2025-13-01',
        '    gt: 1',
        '  - scenario: baseline', // 32
        '    kpi: tankers_los',
        '    runs: 5',
        '    statistic: median',
        '    between: [10, 2]',
        '  - scenario: joint-patrols', // 37
        '    variable: fuel_days_cover',
        '    rtol: 0.1',
        '    seeds: [1, 2]',
        '    gt: { scenario: bamako-fuel-blockade-2025, kpi: tankers_lost }',
        '  - scenario: baseline', // 42
        '    variable: fuel_days_cover',
        '    from: 2025-08-01',
        '    gt: { scenario: southern-corridor-cut }',
        '',
      ].join('\n'),
    );
    const out = await fails(dir, ['--expectations', 'e.yaml']);
    expect(out).toEqual([
      'e.yaml:2:15: unknown scenario "basline" (did you mean "baseline"?)',
      'e.yaml:6:15: unknown variable "fuel_day_cover" (did you mean "fuel_days_cover"?)',
      'e.yaml:10:5: a KPI has one value for the whole run: leave out from',
      'e.yaml:15:5: give one predicate per expectation; this one already has gt',
      'e.yaml:18:9: to: day 400 is after the end of the run (day 365, 2026-09-01)',
      'e.yaml:20:5: missing a predicate: give one of gt, gte, lt, lte, between, approx',
      'e.yaml:24:5: unknown key "betwen" (did you mean "between"?)',
      'e.yaml:27:9: expected a number or a mapping (key: value pairs), found the string "lots"',
      'e.yaml:30:11: expected a date that exists, like 2025-09-03, or a day offset like "day 64", found the string "2025-13-01"',
      'e.yaml:33:10: unknown KPI "tankers_los" (did you mean "tankers_lost"?)',
      'e.yaml:36:14: between: the low bound 10 is above the high bound 2',
      'e.yaml:39:5: rtol goes with approx only',
      'e.yaml:40:5: seeds and runs test a KPI: use kpi, not variable',
      'e.yaml:44:11: from: 2025-08-01 is before the start of scenarios/baseline.yaml (2025-09-01)',
    ]);
  });

  it('a malformed expectations file: YAML syntax, the wrong top level', async () => {
    const dir = copyProject();
    write(dir, 'syntax.yaml', 'expectations: [\n');
    expect(await fails(dir, ['scenarios/baseline.yaml', '--expectations', 'syntax.yaml'])).toEqual(['syntax.yaml:2:1: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]']);
    write(dir, 'list.yaml', '- scenario: baseline\n');
    expect(await fails(dir, ['scenarios/baseline.yaml', '--expectations', 'list.yaml'])).toEqual(['list.yaml:1:1: expected a mapping (key: value pairs), found a list of 1 item']);
    expect(await fails(dir, ['scenarios/baseline.yaml', '--expectations', 'none.yaml'])).toEqual(['none.yaml:1:1: cannot read file: no such file']);
  });

  it('a malformed tolerances file: out-of-range values and unknown keys, then names that match nothing', async () => {
    const dir = copyProject();
    write(dir, 'tol.yaml', 'default: { rtol: 1.0e-12, atol: -1 }\nvariables:\n  tankers_lost: { rtl: 1 }\n');
    expect(await fails(dir, ['scenarios/baseline.yaml', '--tolerances', 'tol.yaml'])).toEqual([
      'tol.yaml:1:18: expected a relative tolerance of at least 1e-9 (goldens keep 10 significant digits), found 1e-12',
      'tol.yaml:1:33: expected an absolute tolerance of at least 0, in the variable\'s own units, found -1',
      'tol.yaml:3:19: unknown key "rtl" (did you mean "rtol"?)',
    ]);
    write(dir, 'tests/golden/tolerances.yaml', 'default: { rtol: 1.0e-6, atol: 0 }\nvariables:\n  fuel_stok: { atol: 1 }\nscenarios:\n  basline:\n    fuel_stock: { atol: 2 }\n');
    expect(await fails(dir, [])).toEqual(['tests/golden/tolerances.yaml:3:3: unknown variable "fuel_stok" (did you mean "fuel_stock"?)', 'tests/golden/tolerances.yaml:5:3: unknown scenario "basline" (did you mean "baseline"?)']);
  });

  it('a missing golden: says which and how to make it, and never records it by itself', async () => {
    const dir = copyProject();
    rmSync(join(dir, 'tests/golden/baseline.kpis.csv'));
    rmSync(join(dir, 'tests/golden/joint-patrols.series.csv'));
    const before = readdirSync(join(dir, 'tests/golden')).sort();
    expect(await fails(dir, [])).toEqual(['corridor: no golden for baseline, joint-patrols in tests/golden: run corridor check --update']);
    expect(await fails(dir, ['scenarios/baseline.yaml'])).toEqual(['corridor: no golden for baseline in tests/golden: run corridor check --update scenarios/baseline.yaml']);
    expect(readdirSync(join(dir, 'tests/golden')).sort()).toEqual(before);
    expect(await fails(dir, ['--golden-dir', 'nowhere'])).toEqual([expect.stringMatching(/^corridor: no golden for bamako-fuel-blockade-2025, bamako-fuel-blockade-ensemble, baseline, .* in nowhere: run corridor check --update$/)]);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('a golden edited by hand into nonsense: file:line:col', async () => {
    const dir = copyProject();
    edit(dir, 'tests/golden/baseline.kpis.csv', 'tankers_lost,0,tanker', 'tankers_lost,zero,tanker');
    edit(dir, 'tests/golden/baseline.series.csv', 'variable,date,day,value', 'variable,date,value');
    expect(await fails(dir, ['scenarios/baseline.yaml'])).toEqual([
      'tests/golden/baseline.kpis.csv:5:14: value: expected a number, found "zero"',
      'tests/golden/baseline.series.csv:1:1: expected the header "variable,date,day,value", found "variable,date,value"',
    ]);
  });

  it('a scenario that does not exist, or is broken', async () => {
    const dir = copyProject();
    expect(await fails(dir, ['scenarios/nope.yaml'])).toEqual(['corridor: no golden for nope in tests/golden: run corridor check --update scenarios/nope.yaml']);
    expect(await fails(dir, ['--update', 'scenarios/nope.yaml'])).toEqual(['scenarios/nope.yaml:1:1: cannot read file: no such file']);
    edit(dir, 'scenarios/baseline.yaml', 'horizon: 365', 'horizn: 365');
    expect(await fails(dir, ['scenarios/baseline.yaml'])).toEqual(['scenarios/baseline.yaml:7:1: unknown key "horizn" (did you mean "horizon"?)']);
  });
});
