import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, KPI_NAMES, lines, modelFile, scratch } from '../cli/helpers.js';
import type { Result } from '../cli/helpers.js';

/**
 * `corridor report` end to end: one self-contained HTML page (inline CSS and SVG, nothing to
 * fetch), an SVG per key series, the KPI table; PNGs with --png; a user's mistakes give one
 * line, exit 2 and no output.
 */

/** Each chart: the series it draws (its PNG's name) and its title, as the page shows it. */
const CHARTS: [string, string][] = [
  ['fuel_days_cover', 'Fuel: days of cover in the depots (days)'],
  ['fuel_unmet_demand', 'Fuel demand not served (m³/day)'],
  ['power_supply_hours', 'Electricity: hours of supply a day (h/day)'],
  ['gold_output', 'Industrial gold output (kg/day)'],
  ['corridor_flow_dakar_bamako', 'Traffic on Dakar–Bamako (t/day)'],
  ['corridor_flow_abidjan_bamako', 'Traffic on Abidjan–Bamako, southern corridor (t/day)'],
  ['corridor_flow_nouakchott_bamako', 'Traffic on Nouakchott–Bamako (t/day)'],
  ['corridor_flow_conakry_bamako', 'Traffic on Conakry–Bamako (t/day)'],
  ['export_revenue', 'Export earnings (bn CFA/day)'],
  ['budget_revenue', 'State revenue (bn CFA/day)'],
  ['senegal_exports_to_mali', "Senegal's exports to Mali (bn CFA/day)"],
];

const SCENARIOS = ['scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', 'scenarios/southern-corridor-cut.yaml'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const dirs: string[] = [];
beforeAll(ensureBuilt, 300_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(files: Record<string, string> = {}): string {
  const dir = scratch(files);
  dirs.push(dir);
  return dir;
}

/** A user's mistake: exit 2, one line on stderr, no stack, nothing on stdout. */
function refused(r: Result, message: string | RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const errors = lines(r.stderr);
  expect(errors).toHaveLength(1);
  if (typeof message === 'string') expect(errors[0]).toBe(message);
  else expect(errors[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('corridor report', () => {
  const dir = tmp();
  const out = join(dir, 'report.html');
  const png = join(dir, 'png');
  let result: Result;
  let html = '';

  beforeAll(async () => {
    result = await corridor(['report', ...SCENARIOS, '--out', out, '--png', png]);
    html = existsSync(out) ? readFileSync(out, 'utf8') : '';
  }, 120_000);

  it('succeeds, says what it wrote on stderr, and nothing on stdout', () => {
    expect(result.stderr).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(11 charts, and 11 PNG files in .*\\) in \\d+\\.\\d s\\n$`));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('writes a page that needs nothing from a network: no script, no stylesheet link, no remote URL', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    // SVG's namespace names are URLs that are never fetched; nothing else may be one.
    const withoutNamespaces = html.replace(/\sxmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:/i);
    expect(withoutNamespaces).not.toMatch(/(src|href)="(?!#)/i);
  });

  it('has a title, the date range and each scenario with its question and events', () => {
    expect(html).toContain('<h1>Corridor report</h1>');
    expect(html).toContain('1 Sep 2025 – 27 Feb 2026');
    expect(html).toContain('What does a normal year look like, with every corridor open?');
    expect(html).toContain('What if the Dakar–Bamako road is closed at Kayes for 60 days?');
    expect(html).toContain("What if the Abidjan–Bamako corridor, Mali's main fuel route, is cut for three months?");
    expect(html).toContain('blockade Dakar–Bamako (Kayes–Bamako): 11 Sep 2025 – 10 Nov 2025 (days 10–70)');
  });

  it('has the KPI table: every KPI with its description, the baseline and each scenario with Δ and Δ%', () => {
    const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
    for (const k of KPI_NAMES) expect(table).toContain(`<code>${k}</code>`);
    expect(table).toContain('lowest fuel cover, in days of current use');
    expect(table.match(/<th class="n">Δ%<\/th>/g)).toHaveLength(2);
    expect(table).toContain('>dakar-corridor-closed-60d</th>');
    expect(table).toContain('>southern-corridor-cut</th>');
    // fuel_min_days_cover: 3 in the baseline, 1.978 with Dakar closed: −1.022, −34.05%.
    expect(table).toMatch(/<code>fuel_min_days_cover<\/code>.*<td class="n">3<\/td><td class="n first">1.978<\/td><td class="n">-1.022<\/td><td class="n">-34.05%<\/td>/);
  });

  it('has one inline SVG per chart, each with its title and a legend naming baseline and scenarios', () => {
    const figures = [...html.matchAll(/<figure id="([^"]+)"[^>]*>\n(<svg[\s\S]*?<\/svg>)\n<\/figure>/g)];
    expect(html.match(/<svg/g)).toHaveLength(CHARTS.length);
    expect(figures.map((f) => f[1])).toEqual(CHARTS.map(([id]) => id));
    for (const [i, [, title]] of CHARTS.entries()) {
      const svg = figures[i]![2]!;
      expect(svg).toContain(`>${title}</text>`);
      for (const label of ['baseline', 'dakar-corridor-closed-60d', 'southern-corridor-cut']) expect(svg).toContain(`>${label}</text>`);
      expect(svg).toContain('>Sep 2025</text>');
    }
    // Ids are unique across the page, so that one chart's clip path cannot clip another.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('--png writes the same charts as PNG files named after their series, and no temporary file', () => {
    expect(readdirSync(png).sort()).toEqual(CHARTS.map(([id]) => `${id}.png`).sort());
    for (const [id] of CHARTS) {
      const bytes = readFileSync(join(png, `${id}.png`));
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
      // Twice the SVG's size (about 740 × 290): sharp on high-density screens.
      expect(bytes.readUInt32BE(16)).toBeGreaterThan(1200);
      expect(bytes.readUInt32BE(20)).toBeGreaterThan(450);
      expect(bytes.length).toBeGreaterThan(10_000);
    }
    expect(readdirSync(dir).sort()).toEqual(['png', 'report.html']);
  });
});

describe('corridor report: bad input', () => {
  it('a broken scenario: file:line:col, exit 2, no page and no PNG directory', async () => {
    const dir = tmp({ 'bad.yaml': `question: a slip\nmodel: ${modelFile}\nstart: 2025-09-01\nhorizn: 90\n` });
    const bad = join(dir, 'bad.yaml');
    const r = await corridor(['report', 'scenarios/baseline.yaml', bad, '--out', join(dir, 'out', 'report.html'), '--png', join(dir, 'png')]);
    refused(r, `${bad}:4:1: unknown key "horizn" (did you mean "horizon"?)`);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('a scenario file that does not exist', async () => {
    const dir = tmp();
    const r = await corridor(['report', 'scenarios/baseline.yaml', 'scenarios/no-such.yaml', '--out', join(dir, 'report.html')]);
    refused(r, 'scenarios/no-such.yaml:1:1: cannot read file: no such file');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an --out under a regular file', async () => {
    const dir = tmp({ file: 'x\n' });
    const out = join(dir, 'file', 'report.html');
    const r = await corridor(['report', ...SCENARIOS.slice(0, 2), '--out', out, '--png', join(dir, 'png')]);
    refused(r, `corridor: --out ${out}: ${join(dir, 'file')} is a file, not a directory`);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('an --out that is a directory', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'reports'));
    const r = await corridor(['report', ...SCENARIOS.slice(0, 2), '--out', join(dir, 'reports')]);
    refused(r, `corridor: --out ${join(dir, 'reports')}: is a directory; give the HTML file to write, such as ${join(dir, 'reports', 'report.html')}`);
    expect(readdirSync(join(dir, 'reports'))).toEqual([]);
  });

  it('an --out whose directory cannot be created', async () => {
    const dir = tmp({ file: 'x\n' });
    const out = join(dir, 'file', 'sub', 'report.html');
    const r = await corridor(['report', ...SCENARIOS.slice(0, 2), '--out', out]);
    refused(r, `corridor: --out ${out}: cannot create its directory: a part of the path is a file, not a directory`);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('a --png directory that cannot be created', async () => {
    const dir = tmp({ file: 'x\n' });
    const r = await corridor(['report', ...SCENARIOS.slice(0, 2), '--out', join(dir, 'report.html'), '--png', join(dir, 'file', 'png')]);
    refused(r, `corridor: --png ${join(dir, 'file', 'png')}: cannot create the directory: a part of the path is a file, not a directory`);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('no --out', async () => {
    refused(await corridor(['report', ...SCENARIOS.slice(0, 2)]), "corridor report: required option '--out <file>' not specified; see 'corridor report --help'");
  });

  it('no scenario besides the baseline', async () => {
    refused(await corridor(['report', 'scenarios/baseline.yaml', '--out', 'x.html']), "corridor report: missing required argument 'scenarios'; see 'corridor report --help'");
  });
});

describe('corridor report --help', () => {
  it('shows the options and an example', async () => {
    const r = await corridor(['report', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--out <file>');
    expect(r.stdout).toContain('--png <dir>');
    expect(r.stdout).toMatch(/Example:\n\s+\$ corridor report scenarios\/baseline\.yaml /);
  });
});
