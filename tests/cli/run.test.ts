import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readYamlFile } from '../../packages/cli/src/files/yaml-source.js';
import { corridor, ensureBuilt, KPI_NAMES, modelFile, repoRoot, scratch } from './helpers.js';

const dirs: string[] = [];
beforeAll(ensureBuilt, 120_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The model's key outputs: what a run saves when a scenario names no outputs of its own. */
const outputs = (readYamlFile(modelFile).data as { outputs: string[] }).outputs;

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('corridor run', () => {
  it('--format json is one object with schemaVersion and every KPI with a value and a unit', async () => {
    const r = await corridor(['run', 'scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.scenarios.map((s: { file: string }) => s.file)).toEqual(['scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml']);
    for (const s of doc.scenarios) {
      expect(Object.keys(s.kpis)).toEqual(KPI_NAMES);
      for (const k of Object.values(s.kpis) as { value: unknown; unit: unknown }[]) {
        expect(k.value === null || typeof k.value === 'number').toBe(true);
        expect(typeof k.unit).toBe('string');
      }
      expect(s).toMatchObject({ start: '2025-09-01', seed: 1, method: 'euler', dt: 0.25 });
    }
    const closed = doc.scenarios[1];
    expect(closed.question).toMatch(/Dakar–Bamako road is closed/);
    expect(closed.horizon).toBe(120);
    expect(closed.kpis.fuel_shortage_days.value).toBeGreaterThan(0);
    expect(closed.kpis.senegal_export_loss_bn_cfa.unit).toBe('bn CFA');
  });

  it('prints JSON when stdout is not a terminal and no --format is given', async () => {
    const r = await corridor(['run', 'scenarios/baseline.yaml']);
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).scenarios[0].kpis)).toEqual(KPI_NAMES);
  });

  it('--format ndjson gives one JSON line per scenario', async () => {
    const r = await corridor(['run', 'scenarios/baseline.yaml', 'scenarios/southern-corridor-cut.yaml', '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.schemaVersion, x.file])).toEqual([
      [1, 'scenarios/baseline.yaml'],
      [1, 'scenarios/southern-corridor-cut.yaml'],
    ]);
    expect(Object.keys(rows[1].kpis)).toEqual(KPI_NAMES);
  });

  it('--format csv has the header and one row per output variable per saved time', async () => {
    const r = await corridor(['run', 'scenarios/dakar-corridor-closed-60d.yaml', '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toBe('scenario,variable,date,day,value');
    const days = Array.from({ length: 121 }, (_, d) => d); // horizon 120, saved every day
    expect(rows).toHaveLength(outputs.length * days.length);
    const seen = new Set<string>();
    for (const row of rows) {
      const [scenario, variable, date, day, value] = row.split(',');
      expect(scenario).toBe('scenarios/dakar-corridor-closed-60d.yaml');
      expect(outputs).toContain(variable);
      expect(date).toMatch(/^2025-(09|10|11|12)-\d\d$/);
      expect(Number.isFinite(Number(value))).toBe(true);
      seen.add(`${variable}@${day}`);
    }
    expect(seen.size).toBe(rows.length);
    expect(rows[0]).toMatch(/^scenarios\/dakar-corridor-closed-60d\.yaml,fuel_stock,2025-09-01,0,/);
  });

  it('--format table shows the question and every KPI with its unit, without colour when piped', async () => {
    const r = await corridor(['run', 'scenarios/dakar-corridor-closed-60d.yaml', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('What if the Dakar–Bamako road is closed at Kayes for 60 days?');
    for (const name of KPI_NAMES) expect(r.stdout).toMatch(new RegExp(`^${name} +\\S+`, 'm'));
    expect(r.stdout).toMatch(/^senegal_export_loss_bn_cfa +[\d.,]+ +bn CFA /m);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('colours a table only when asked to and not told otherwise', async () => {
    const forced = await corridor(['run', 'scenarios/baseline.yaml', '--format', 'table'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[1m');
    const noColor = await corridor(['run', 'scenarios/baseline.yaml', '--format', 'table'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
    const flag = await corridor(['run', 'scenarios/baseline.yaml', '--format', 'table', '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(flag.code).toBe(0);
    expect(flag.stdout).not.toContain('\u001b[');
  });

  it('--seed sets the seed of every scenario and --runs 1 is accepted', async () => {
    const r = await corridor(['run', 'scenarios/baseline.yaml', '--seed', '42', '--runs', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scenarios[0].seed).toBe(42);
  });

  it('a single run reports its first crossings (JSON and table)', async () => {
    const json = await corridor(['run', 'scenarios/bamako-fuel-blockade-2025.yaml', '--format', 'json']);
    expect(json.code).toBe(0);
    const c = JSON.parse(json.stdout).scenarios[0].crossings;
    expect(Object.keys(c)).toEqual(['fuel_cover_below_1_day', 'power_below_8_hours', 'gold_below_half']);
    for (const x of Object.values(c) as { day: number | null; date: string | null }[]) expect(x.date === null || /^\d{4}-\d{2}-\d{2}$/.test(x.date)).toBe(true);
    const table = await corridor(['run', 'scenarios/bamako-fuel-blockade-2025.yaml', '--format', 'table']);
    expect(table.stdout).toMatch(/first crossing\s+date\s+day/);
    expect(table.stdout).toContain('fuel_cover_below_1_day');
  });

  it('--out writes series.csv, kpis.json and a manifest whose hashes match the files', async () => {
    const dir = scratch();
    dirs.push(dir);
    const out = join(dir, 'results', 'dakar');
    const args = ['run', 'scenarios/dakar-corridor-closed-60d.yaml', 'scenarios/bamako-fuel-blockade-2025.yaml', '--seed', '3', '--out', out, '--format', 'json'];
    const r = await corridor(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}/series.csv`);
    expect(readdirSync(out).sort()).toEqual(['kpis.json', 'manifest.json', 'series.csv']);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.schemaVersion).toBe(1);
    expect(manifest.tool).toMatchObject({ name: 'corridor', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(manifest.gitCommit === null || /^[0-9a-f]{40}$/.test(manifest.gitCommit)).toBe(true);
    expect(manifest.argv).toEqual(args);
    expect(manifest.command).toBe(`corridor ${args.join(' ')}`);
    for (const o of manifest.outputs) expect(o.sha256).toBe(sha256(join(out, o.file)));
    expect(manifest.outputs.map((o: { file: string }) => o.file)).toEqual(['series.csv', 'kpis.json']);

    const [dakar, bamako] = manifest.scenarios;
    expect(dakar.file).toBe('scenarios/dakar-corridor-closed-60d.yaml');
    expect(dakar.model).toEqual({ file: 'scenarios/model/mali-corridors.yaml', sha256: sha256(modelFile) });
    expect(dakar.chain).toEqual([{ file: dakar.file, sha256: sha256(join(repoRoot, dakar.file)) }]);
    expect(dakar).toMatchObject({ seed: 3, method: 'euler', dt: 0.25 });
    expect(dakar.resolved).toMatchObject({ start: '2025-09-01', horizon: 120, seed: 3, saveEvery: 1 });
    expect(bamako.resolved.parameters.kayes_capacity.file).toBe('scenarios/bamako-fuel-blockade-2025.yaml');

    // The files hold what the command printed and the series of both scenarios.
    expect(readFileSync(join(out, 'kpis.json'), 'utf8')).toBe(r.stdout);
    const csv = readFileSync(join(out, 'series.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('scenario,variable,date,day,value');
    expect(csv.length - 1).toBe(outputs.length * (121 + 151));
  });
});
