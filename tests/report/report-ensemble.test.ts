import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, KPI_NAMES, scratch } from '../cli/helpers.js';
import type { Result } from '../cli/helpers.js';

/**
 * `corridor report` with a scenario that has runs > 1 (tests/fixtures/fuel-blockade-ensemble.yaml,
 * 50 runs over 90 days): the KPI table has a P5–P95 column beside its median, the first
 * crossings have their P5–P95 dates and the share that never cross, and every chart draws
 * the ensemble's P5–P95 and P25–P75 bands in its colour behind its median line.
 */

const ENSEMBLE_COLOR = '#d62728';
const dirs: string[] = [];
beforeAll(ensureBuilt, 300_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('corridor report with an ensemble', () => {
  let result: Result;
  let html = '';

  beforeAll(async () => {
    const dir = scratch();
    dirs.push(dir);
    const out = join(dir, 'report.html');
    result = await corridor(['report', 'scenarios/baseline.yaml', 'tests/fixtures/fuel-blockade-ensemble.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', '--out', out]);
    html = existsSync(out) ? readFileSync(out, 'utf8') : '';
  }, 120_000);

  it('succeeds and says only what it wrote on stderr', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^tests\/fixtures\/fuel-blockade-ensemble\.yaml: 50 runs on \d+ workers? in \d+\.\d s\nwrote .*report\.html \(11 charts\) in \d+\.\d s\n$/);
  });

  it('the KPI table: median and P5–P95 for the ensemble, value only for single runs', () => {
    const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
    expect(table).toContain('<th class="group" colspan="4"><span class="swatch" style="background:#d62728"></span>fuel-blockade-ensemble</th>');
    expect(table).toContain('<th class="group" colspan="3"><span class="swatch" style="background:#1f77b4"></span>dakar-corridor-closed-60d</th>');
    expect(table).toContain('<th class="n">median</th><th class="n">P5–P95</th><th class="n">Δ</th><th class="n">Δ%</th>');
    expect(table.match(/<td class="n band">/g)).toHaveLength(KPI_NAMES.length);
    expect(table).toMatch(/<code>fuel_shortage_days<\/code>.*<td class="n band">[\d.]+–[\d.]+<\/td>/);
    expect(html).toContain('fuel-blockade-ensemble: 50 runs), the value is the median of its runs');
    expect(html).toContain('50 runs (Latin hypercube)');
  });

  it('the first crossings: P5 – P95 dates and the share that never cross for the ensemble', () => {
    const section = html.slice(html.indexOf('<h2>First crossings</h2>'), html.indexOf('<h2>Over time</h2>'));
    expect(section).toContain('<th class="n">date (median)</th><th class="n">P5 – P95</th><th class="n">never</th>');
    expect(section).toMatch(/fuel-blockade-ensemble<\/td><td class="n">\d+ \w{3} 2025<\/td><td class="n band">\d+ \w{3} 2025 – \d+ \w{3} 2025<\/td><td class="n">\d+%<\/td>/);
    expect(section).toMatch(/baseline<\/td><td class="n">never<\/td>/);
  });

  it('every chart has two bands (P5–P95, P25–P75) in the ensemble colour, drawn before (behind) the lines', () => {
    const figures = [...html.matchAll(/<figure id="([^"]+)"[^>]*>\n(<svg[\s\S]*?<\/svg>)\n<\/figure>/g)];
    expect(figures).toHaveLength(11);
    for (const [, id, svg] of figures) {
      const areas = [...svg!.matchAll(/<g class="mark-area role-mark (\w+)"[^>]*>([\s\S]*?)<\/g>/g)];
      expect(areas, id).toHaveLength(2);
      for (const [, , paths] of areas) expect(paths).toContain(`color: ${ENSEMBLE_COLOR}; run: fuel-blockade-ensemble`);
      expect(areas[0]![2]).toMatch(/p95: /);
      expect(areas[1]![2]).toMatch(/p75: /);
      expect(svg!.indexOf('mark-area')).toBeLessThan(svg!.indexOf('mark-line'));
      expect(svg).toContain('bands: P5–P95, P25–P75 of the runs');
    }
  });
});
