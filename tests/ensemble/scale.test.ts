import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, KPI_NAMES, lines, repoRoot, scratch } from '../cli/helpers.js';
import type { Result } from '../cli/helpers.js';

/**
 * Ensembles at scale (docs/scale.md): the same seed gives the same bytes for 1 and 2 worker
 * threads and for 4 shards merged; merge refuses shards that do not belong together; --shard
 * takes K/N and auto/N (the index from Kubernetes, Slurm or AWS Batch). 200 runs over 60 days.
 */

const SCENARIO = 'tests/fixtures/ensemble-shards.yaml';
const INDEX_VARS = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX'];
/** The environment of a shard run without any batch engine's index. */
const NO_INDEX = Object.fromEntries(INDEX_VARS.map((v) => [v, undefined]));

const dir = scratch();
const shardDir = join(dir, 'shards');
const shardFile = (k: number): string => join(shardDir, `ensemble-shards.shard-${k}-of-4.json`);

let one: Result;
let two: Result;

beforeAll(async () => {
  ensureBuilt();
  // One worker each, so that the runs in parallel do not fight over the cores; the 2-worker run alone.
  const shards = [1, 2, 3, 4].map((k) => corridor(['run', SCENARIO, '--shard', `${k}/4`, '--out', shardDir, '--workers', '1'], { env: NO_INDEX }));
  one = await corridor(['run', SCENARIO, '--format', 'json', '--workers', '1']);
  for (const r of await Promise.all(shards)) expect(r.code, r.stderr).toBe(0);
  two = await corridor(['run', SCENARIO, '--format', 'json', '--workers', '2']);
}, 300_000);

/** A user's mistake: exit 2, nothing on stdout, one line on stderr. */
function refused(r: Result, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(lines(r.stderr)).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('a run that fails', () => {
  it('stops the ensemble with the scenario, the run and its inputs, the variable and the time, on 1 worker and on 2', async () => {
    // A diversion lag just below zero makes the smooth grow without bound within days.
    const bad = join(dir, 'negative-lag.yaml');
    writeFileSync(bad, `extends: ${join(repoRoot, SCENARIO)}\nuncertainty:\n  parameters:\n    diversion_lag:\n      distribution: uniform\n      min: -0.01\n      max: -0.001\n      unit: day\n`);
    for (const workers of ['1', '2']) {
      const r = await corridor(['run', bad, '--format', 'json', '--workers', workers]);
      // The first run fails, whichever thread runs it first: the run, what it drew, the variable, the time.
      refused(r, /^corridor: .*negative-lag\.yaml: the simulation stopped in run \d+ of 200 \(.*, diversion_lag = -0\.00\d+ day\): fuel_diversion \(inside smooth#1\.change1\) became -?Infinity at time [\d.]+ \(step\); its equation: smooth\(/m);
    }
  });
});

describe('same seed, same bytes', () => {
  it('--workers 1 and --workers 2 print byte-identical JSON', () => {
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toMatch(/200 runs on 2 workers/);
  });

  it('4 shards merged print what the whole run prints (json, csv, table)', async () => {
    expect(readdirSync(shardDir).sort()).toEqual([1, 2, 3, 4].map((k) => `ensemble-shards.shard-${k}-of-4.json`));
    // Any order of the files.
    const files = [3, 1, 4, 2].map(shardFile);
    const merged = await corridor(['merge', ...files, '--format', 'json']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(one.stdout);
    for (const format of ['csv', 'table']) {
      const [whole, joined] = await Promise.all([corridor(['run', SCENARIO, '--format', format, '--workers', '1']), corridor(['merge', ...files, '--format', format])]);
      expect(joined.code, joined.stderr).toBe(0);
      expect(joined.stdout).toBe(whole.stdout);
    }
  });

  it('a shard file has the same bytes whether 1 or 2 workers wrote it', async () => {
    const out = join(dir, 'two-workers');
    const r = await corridor(['run', SCENARIO, '--shard', '2/4', '--out', out, '--workers', '2'], { env: NO_INDEX });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'ensemble-shards.shard-2-of-4.json'), 'utf8')).toBe(readFileSync(shardFile(2), 'utf8'));
  });

  it('a shard file says what it is: format, shard, key, hash, version, runs', () => {
    const doc = JSON.parse(readFileSync(shardFile(2), 'utf8'));
    expect(doc.format).toBe('corridor-ensemble-shard/1');
    expect(doc.shard).toEqual({ index: 2, count: 4 });
    expect(doc.tool).toMatchObject({ name: 'corridor', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(doc.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.part).toMatchObject({ runs: 200, from: 50, to: 100 });
  });
});

describe('the ensemble output', () => {
  it('JSON: runs, seed, sampling, what varied, KPI quantiles in order with the mean, crossings, bands per saved date', () => {
    const s = JSON.parse(one.stdout).scenarios[0];
    expect(s).toMatchObject({ file: SCENARIO, runs: 200, seed: 11, sampling: 'latin_hypercube', horizon: 60 });
    expect(s.parameters.map((p: { name: string }) => p.name)).toContain('attack_severity_multiplier');
    expect(Object.keys(s.kpis)).toEqual(KPI_NAMES);
    for (const k of Object.values(s.kpis) as Record<string, number | null>[]) {
      if (k.p5 === null) continue;
      expect(k.p5! <= k.p25! && k.p25! <= k.p50! && k.p50! <= k.p75! && k.p75! <= k.p95!).toBe(true);
      expect(k.mean).not.toBeNull();
    }
    const fuel = s.crossings.fuel_cover_below_1_day;
    expect(fuel.neverShare).toBeGreaterThan(0);
    expect(fuel.neverShare).toBeLessThan(1);
    expect(fuel.date.p5 <= fuel.date.p50 && fuel.date.p50 <= fuel.date.p95).toBe(true);
    expect(s.dates).toHaveLength(61);
    expect(s.days).toHaveLength(61);
    const band = s.series.fuel_stock;
    for (const q of ['p5', 'p25', 'p50', 'p75', 'p95']) expect(band[q]).toHaveLength(61);
    expect(band.p5[30]).toBeLessThanOrEqual(band.p95[30]);
  });

  it('CSV: long form with the quantile columns; table: P5, P50, P95, mean, crossing dates and the share that never cross', async () => {
    const [csv, table] = await Promise.all([corridor(['run', SCENARIO, '--runs', '20', '--format', 'csv', '--workers', '1']), corridor(['run', SCENARIO, '--runs', '20', '--format', 'table', '--workers', '1'])]);
    expect(csv.stdout.split('\n')[0]).toBe('scenario,variable,date,day,p5,p25,p50,p75,p95');
    expect(csv.stdout.split('\n')[1]).toMatch(/^tests\/fixtures\/ensemble-shards\.yaml,\w+,2025-09-01,0(,[-\d.e+]+){5}$/);
    expect(table.stdout).toMatch(/KPI\s+unit\s+P5\s+P50\s+P95\s+mean/);
    expect(table.stdout).toMatch(/first crossing\s+P5\s+P50\s+P95\s+never/);
    expect(table.stdout).toMatch(/fuel_cover_below_1_day\s+2025-\d\d-\d\d\s+2025-\d\d-\d\d\s+2025-\d\d-\d\d\s+\d+%/);
    expect(table.stdout).toContain('varied parameter');
    expect(table.stdout).toContain('20 runs (latin hypercube), seed 11');
  });

  it('--out writes series.csv (bands), kpis.json and a manifest', async () => {
    const out = join(dir, 'out');
    const r = await corridor(['run', SCENARIO, '--runs', '20', '--out', out, '--format', 'json', '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['kpis.json', 'manifest.json', 'series.csv']);
    expect(readFileSync(join(out, 'kpis.json'), 'utf8')).toBe(r.stdout);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.scenarios[0]).toMatchObject({ file: SCENARIO, runs: 20, seed: 11, sampling: 'latin_hypercube' });
  });
});

describe('corridor merge refuses shards that do not belong together', () => {
  it('a missing shard', async () => {
    refused(await corridor(['merge', shardFile(1), shardFile(2), shardFile(4)]), /^corridor: shard 3 of 4 is missing$/m);
  });

  it('a shard given twice', async () => {
    refused(await corridor(['merge', shardFile(1), shardFile(2), shardFile(2), shardFile(3), shardFile(4)]), /^corridor: shard 2\/4 is given twice \(.*shard-2-of-4\.json and .*shard-2-of-4\.json\)$/m);
  });

  it('shards of another scenario (another seed)', async () => {
    const other = join(dir, 'other-seed.json');
    const r = await corridor(['run', SCENARIO, '--shard', '3/4', '--seed', '12', '--out', other, '--workers', '1'], { env: NO_INDEX });
    expect(r.code, r.stderr).toBe(0);
    refused(await corridor(['merge', shardFile(1), shardFile(2), other, shardFile(4)]), /^corridor: .*other-seed\.json is a shard of another ensemble than .*shard-1-of-4\.json/m);
  });

  it('a corrupt file: cut short, edited, not a shard, not there', async () => {
    const text = readFileSync(shardFile(3), 'utf8');
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text.slice(0, 1000));
    refused(await corridor(['merge', shardFile(1), shardFile(2), cut, shardFile(4)]), /^corridor: .*cut\.json: not a corridor ensemble shard: not JSON/m);
    const edited = join(dir, 'edited.json');
    const doc = JSON.parse(text);
    doc.part.to = 101;
    writeFileSync(edited, JSON.stringify(doc));
    refused(await corridor(['merge', shardFile(1), shardFile(2), edited, shardFile(4)]), /^corridor: .*edited\.json: not a corridor ensemble shard: its content does not match its checksum/m);
    refused(await corridor(['merge', join(repoRoot, 'package.json')]), /^corridor: .*package\.json: not a corridor ensemble shard: it has no format tag$/m);
    refused(await corridor(['merge', join(dir, 'nothing.json')]), /^corridor: .*nothing\.json: cannot read the shard file: no such file$/m);
  });
});

describe('--shard', () => {
  it('refuses what is not K/N with 1 ≤ K ≤ N', async () => {
    const values = ['0/4', '5/4', '2', '1/0', 'a/b', '1/4/2', '-1/4', ''];
    const results = await Promise.all(values.map((value) => corridor(['run', SCENARIO, '--shard', value, '--workers', '1'], { env: NO_INDEX })));
    results.forEach((r, i) => refused(r, new RegExp(`^corridor: --shard ${values[i]!.replace(/[/]/g, '\\/')}: expected K\\/N with 1 ≤ K ≤ N`, 'm')));
  });

  it('auto/N with no index variable set, or an index out of range', async () => {
    refused(await corridor(['run', SCENARIO, '--shard', 'auto/4'], { env: NO_INDEX }), /^corridor: --shard auto\/4: none of JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX is set/m);
    refused(await corridor(['run', SCENARIO, '--shard', 'auto/4'], { env: { ...NO_INDEX, SLURM_ARRAY_TASK_ID: '4' } }), /^corridor: --shard auto\/4: SLURM_ARRAY_TASK_ID=4 is outside 0\.\.3 \(the index is 0-based: for Slurm use --array=0-3\)$/m);
    refused(await corridor(['run', SCENARIO, '--shard', 'auto/4'], { env: { ...NO_INDEX, JOB_COMPLETION_INDEX: 'x' } }), /JOB_COMPLETION_INDEX=x is not a whole number/);
  });

  it('a scenario with one run, several scenarios without --out DIR, and --format', async () => {
    refused(await corridor(['run', 'scenarios/baseline.yaml', '--shard', '1/2'], { env: NO_INDEX }), /^corridor: scenarios\/baseline\.yaml: --shard 1\/2 needs an ensemble/m);
    refused(await corridor(['run', SCENARIO, SCENARIO, '--shard', '1/2'], { env: NO_INDEX }), /^corridor: --shard with 2 scenarios writes one shard file each: give --out DIR$/m);
    refused(await corridor(['run', SCENARIO, '--shard', '1/2', '--format', 'json'], { env: NO_INDEX }), /^corridor: --shard writes a shard file/m);
  });

  it.each(INDEX_VARS)('auto/4 takes the 0-based index from %s: index 2 runs shard 3, the same file as --shard 3/4', async (name) => {
    const r = await corridor(['run', SCENARIO, '--shard', 'auto/4', '--workers', '1'], { env: { ...NO_INDEX, [name]: '2' } });
    expect(r.code, r.stderr).toBe(0);
    // Written to stdout when there is no --out: the bytes of the file --shard 3/4 wrote.
    expect(r.stdout).toBe(readFileSync(shardFile(3), 'utf8'));
  });
});
