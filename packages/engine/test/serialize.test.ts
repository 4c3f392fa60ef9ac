import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILED_FORMAT, compileModel, restoreCompiled, serializeCompiled, simulate, type CompiledModel, type IntegrationMethod, type ModelInput, type RunOptions } from '../src/index.js';
import { BASE_NAMES } from '../src/units/unit-system.js';
import { mathjsLoaded } from '../src/mathjs.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Something of everything: custom units, lookups, a non-negative stock, delays, smooths, draws, time. */
const MODEL: ModelInput = {
  time: { start: 0, stop: 60, dt: 0.5 },
  units: { truck: null, load: '20 truck' },
  constants: {
    capacity: { value: '40 truck/day', unit: 'load/day' },
    lag: { value: 6, unit: 'day' },
    zero: { value: -0, unit: 'load/day' },
    demand: { value: 1.5, unit: 'load/day' },
  },
  lookups: { ration: { points: [[0, 0], [2, 0.5], [5, 1]], xUnit: 'day' } },
  stocks: {
    depot: { initial: 10, unit: 'load', inflows: ['arrivals'], outflows: ['use'], nonNegative: true },
    road: { initial: 'capacity * lag', unit: 'load', inflows: ['dispatch'], outflows: ['arrivals'] },
  },
  flows: {
    dispatch: { equation: 'capacity * (0.5 + uniform(0, 1)) * (1 - step(1, 20) + step(1, 35))', unit: 'load/day' },
    arrivals: { equation: 'delay3(dispatch, lag)', unit: 'load/day' },
    use: { equation: 'demand * lookup(ration, cover) + zero * normal(0, 1)', unit: 'load/day' },
  },
  auxiliaries: {
    cover: { equation: 'depot / max(demand, 1e-9)', unit: 'day' },
    felt: { equation: 'smooth3(cover, 4)', unit: 'day' },
  },
};

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

function expectSameRuns(a: CompiledModel, b: CompiledModel, options: RunOptions): void {
  const ra = simulate(a, options);
  const rb = simulate(b, options);
  expect(Object.keys(rb.series)).toEqual(Object.keys(ra.series));
  expect(sameBits(rb.times, ra.times)).toBe(true);
  for (const name of Object.keys(ra.series)) expect(sameBits(rb.series[name]!, ra.series[name]!), name).toBe(true);
  expect(rb.meta).toEqual(ra.meta);
}

describe('serializeCompiled and restoreCompiled', () => {
  const compiled = compileModel(MODEL);
  const record = compiled.layout.names.filter((n) => !n.includes('#'));

  it.each<IntegrationMethod>(['euler', 'rk4'])('a restored model runs bit-identically (%s), through JSON', (method) => {
    const restored = restoreCompiled(JSON.parse(JSON.stringify(serializeCompiled(compiled))));
    for (const seed of [1, 7]) expectSameRuns(compiled, restored, { seed, record, time: { method } });
    // Overrides of constants, series and lookups go through the restored layout and tables too.
    expectSameRuns(compiled, restored, {
      seed: 3,
      time: { method },
      overrides: { constants: { lag: 9 }, series: { demand: { times: [0, 30], values: [1, 3] } }, lookups: { ration: [[0, 0.2], [4, 1]] } },
    });
  });

  it('restores the same generated code, layout and descriptions', () => {
    const restored = restoreCompiled(JSON.parse(JSON.stringify(serializeCompiled(compiled))));
    expect(restored.source).toBe(compiled.source);
    const slots = record.map((n) => compiled.layout.slots.get(n)!);
    const [a, b] = [restored.loopFor(slots)!, compiled.loopFor(slots)!];
    expect(String(a.loop)).toBe(String(b.loop));
    expect(String(a.settled)).toBe(String(b.settled));
    expect([...restored.layout.slots]).toEqual([...compiled.layout.slots]);
    expect(restored.layout).toEqual(compiled.layout);
    expect([...restored.variables]).toEqual([...compiled.variables]);
    expect([...restored.lookups]).toEqual([...compiled.lookups]);
    expect(restored.model).toEqual(compiled.model);
    expect(restored.tableOrder).toEqual(compiled.tableOrder);
    expect(restored.randomKeys).toEqual(compiled.randomKeys);
    expect(restored.defaultRecord).toEqual(compiled.defaultRecord);
    expect(restored.nonNegativeSlots).toEqual(compiled.nonNegativeSlots);
    expect(sameBits(restored.constantValues, compiled.constantValues)).toBe(true);
  });

  it('keeps numbers JSON cannot carry: −0 comes back as −0', () => {
    const data = serializeCompiled(compiled);
    expect(data.format).toBe(COMPILED_FORMAT);
    expect(data.specials.length).toBeGreaterThan(0);
    const restored = restoreCompiled(JSON.parse(JSON.stringify(data)));
    expect(Object.is(restored.constantValues[restored.layout.slots.get('zero')!], -0)).toBe(true);
    expect(Object.is(restored.model.constants.zero!.value, -0)).toBe(true);
  });

  it('restoring the same data twice gives the same model', () => {
    const data = serializeCompiled(compiled);
    expectSameRuns(restoreCompiled(data), restoreCompiled(data), { seed: 2, record });
  });

  it('serializes a copy: changing the data does not touch the model', () => {
    const data = serializeCompiled(compiled);
    const [first] = compiled.layout.names;
    const value = compiled.constantValues[0];
    data.constantValues[0] = 12345;
    data.layout.names[0] = 'renamed';
    data.vars.forEach((v) => (v.name = 'renamed'));
    expect(compiled.constantValues[0]).toBe(value);
    expect(compiled.layout.names[0]).toBe(first);
    expect(serializeCompiled(compiled).vars.map((v) => v.name)).toContain(first);
  });

  it('a restored model serializes to the same data', () => {
    const once = JSON.stringify(serializeCompiled(compiled));
    expect(JSON.stringify(serializeCompiled(restoreCompiled(JSON.parse(once))))).toBe(once);
  });

  it('refuses data of another format, or damaged, with an error (a cache then compiles again)', () => {
    const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(serializeCompiled(compiled))) as Record<string, unknown>;
    expect(() => restoreCompiled({ ...good(), format: 'corridor-compiled/0' })).toThrow(/format/);
    expect(() => restoreCompiled(null)).toThrow(/restoreCompiled/);
    expect(() => restoreCompiled('{}')).toThrow(/restoreCompiled/);
    expect(() => restoreCompiled({ ...good(), vars: 'x' })).toThrow(/restoreCompiled/);
    expect(() => restoreCompiled({ ...good(), constantValues: [1, 2] })).toThrow(/restoreCompiled/);
    const g = good();
    (g['layout'] as { stocks: number[] }).stocks.push(10_000);
    expect(() => restoreCompiled(g)).toThrow(/restoreCompiled/);
    expect(() => restoreCompiled({ ...good(), runOrder: [{ kind: 'var', name: 'nowhere' }] })).toThrow(/restoreCompiled/);
    expect(() => restoreCompiled({ ...good(), specials: [[['constantValues', 0], 'NaN']] })).toThrow(/restoreCompiled/);
  });

  it('only serializes models that compileModel or restoreCompiled made', () => {
    expect(() => serializeCompiled({ ...compiled })).toThrow(/serializeCompiled/);
  });

  it('restoring and running in a fresh process never loads mathjs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-restore-'));
    dirs.push(dir);
    const data = join(dir, 'model.json');
    writeFileSync(data, JSON.stringify(serializeCompiled(compiled)));
    const expected = simulate(compiled, { seed: 5, record });
    const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', join(here, 'fixtures', 'restore-child.ts'), data, '5'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { afterRun: { flag: boolean; files: string[] }; afterCompile: { flag: boolean; files: string[] }; finals: Record<string, string> };
    expect(out.afterRun).toEqual({ flag: false, files: [] });
    // The probe itself works: compiling a model in the same process does load it.
    expect(out.afterCompile.flag).toBe(true);
    expect(out.afterCompile.files.some((f) => f.includes('mathjs'))).toBe(true);
    const text = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));
    for (const [name, x] of Object.entries(expected.series)) expect(out.finals[name], name).toBe(text(x[x.length - 1]!));
  });
});

describe('mathjs is loaded only when something must be parsed', () => {
  it("the unit system's base dimensions are mathjs's, in its order", async () => {
    const { mathjs } = await import('../src/mathjs.js');
    expect(BASE_NAMES).toEqual(mathjs().Unit.BASE_DIMENSIONS);
    expect(mathjsLoaded()).toBe(true);
  });
});
