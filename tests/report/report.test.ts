import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, KPI_NAMES, modelFile, scratch } from '../cli/helpers.js';

const CHARTS = [
  'Fuel: days of cover in the depots',
  'Fuel demand not served',
  'Electricity: hours of supply a day',
  'Industrial gold output',
  'Export earnings',
  'State revenue',
  // (Senegal's) exports to Mali: the apostrophe is escaped in the page.
  'exports to Mali',
  'Traffic on Dakar–Bamako',
  'Traffic on Abidjan–Bamako',
  'Traffic on Nouakchott–Bamako',
  'Traffic on Conakry–Bamako',
];

beforeAll(() => ensureBuilt(), 300_000);

describe('corridor report', () => {
  it('writes one self-contained HTML page with the KPI table and an inline SVG chart per key series, and PNGs on request', async () => {
    const dir = scratch();
    const out = join(dir, 'report.html');
    const png = join(dir, 'png');
    const r = await corridor(['report', 'scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', '--out', out, '--png', png]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('(11 charts)');
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link[^>]+href/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html.match(/<svg/g)?.length).toBe(CHARTS.length);
    for (const title of CHARTS) expect(html).toContain(title);
    for (const k of KPI_NAMES) expect(html).toContain(`>${k}<`);
    const pngs = readdirSync(png).sort();
    expect(pngs).toHaveLength(CHARTS.length);
    for (const f of pngs) {
      const bytes = readFileSync(join(png, f));
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(bytes.length).toBeGreaterThan(10_000);
    }
  });

  it('a broken scenario: file:line:col, exit 2, no report written', async () => {
    const dir = scratch({ 'bad.yaml': `model: ${modelFile}\nstart: 2025-09-01\nhorizn: 90\n` });
    const out = join(dir, 'report.html');
    const r = await corridor(['report', 'scenarios/baseline.yaml', join(dir, 'bad.yaml'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:3:1: unknown key "horizn" \(did you mean "horizon"\?\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('an --out that cannot be written: one line, exit 2', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), 'x');
    const r = await corridor(['report', 'scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', '--out', join(dir, 'file', 'report.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--out');
  });
});
