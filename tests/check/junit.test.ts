import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, copyProject, edit, ensureBuilt, MODEL, parseXml, removeCopies, write } from './support.js';

beforeAll(ensureBuilt, 120_000);
afterAll(removeCopies);

describe('corridor check --junit', () => {
  it('writes well-formed JUnit XML: one testsuite per scenario, a testcase per variable and per expectation, failures counted', async () => {
    const dir = copyProject();
    // Two failures: one KPI moves in one scenario, and one expectation (with characters XML must escape) fails.
    edit(dir, MODEL, 'value: 3908 bn_CFA/year', 'value: 4103.4 bn_CFA/year');
    write(
      dir,
      'e.yaml',
      [
        'expectations:',
        '  - name: "Cover stays < 10 & > 2 <always>"',
        '    scenario: baseline',
        '    variable: fuel_days_cover',
        '    between: [2, 10]',
        '  - name: "Senegal loses at least 10% (\\"a lot\\")"',
        '    scenario: dakar-corridor-closed-60d',
        '    kpi: senegal_export_loss_pct',
        '    gte: 10',
        '',
      ].join('\n'),
    );
    const r = await check(dir, ['scenarios/baseline.yaml', 'scenarios/dakar-corridor-closed-60d.yaml', '--expectations', 'e.yaml', '--junit', 'reports/check.xml']);
    expect(r.code).toBe(1);
    const xml = readFileSync(join(dir, 'reports/check.xml'), 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const elements = parseXml(xml);

    const root = elements[0]!;
    expect(root.name).toBe('testsuites');
    const suites = elements.filter((e) => e.name === 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['baseline', 'dakar-corridor-closed-60d']);
    const cases = elements.filter((e) => e.name === 'testcase');
    const failures = elements.filter((e) => e.name === 'failure');

    // 12 KPIs and 17 series per scenario, plus one expectation each.
    const perSuite = (name: string): { name: string; attrs: Record<string, string> }[] => cases.filter((c) => c.attrs.classname === name);
    expect(perSuite('baseline')).toHaveLength(30);
    expect(perSuite('dakar-corridor-closed-60d')).toHaveLength(30);
    for (const s of suites) expect(Number(s.attrs.tests)).toBe(perSuite(s.attrs.name!).length);
    expect(suites.map((s) => s.attrs.failures)).toEqual(['0', '2']);
    expect(root.attrs).toMatchObject({ tests: '60', failures: '2', errors: '0' });
    expect(failures).toHaveLength(2);

    expect(perSuite('baseline').map((c) => c.attrs.name)).toContain('kpi tankers_lost');
    expect(perSuite('baseline').map((c) => c.attrs.name)).toContain('series fuel_days_cover');
    expect(perSuite('baseline').map((c) => c.attrs.name)).toContain('expectation: Cover stays < 10 & > 2 <always>');
    expect(xml).toContain('name="expectation: Cover stays &lt; 10 &amp; &gt; 2 &lt;always&gt;"');

    const [drift, expectation] = failures;
    expect(drift?.attrs).toMatchObject({ type: 'drift', message: expect.stringMatching(/^senegal_export_loss_pct drifted: expected 10\.2706, found 9\.78\d+ \(rtol 1e-6 \+ atol 1e-9 %\)$/) });
    expect(expectation?.attrs).toMatchObject({ type: 'expectation', message: expect.stringMatching(/^expected ≥ 10, found 9\.78\d+$/) });
    expect(expectation?.text).toMatch(/at e\.yaml:6:5/);
  });

  it('all holding: every testcase passes, and the file is still written', async () => {
    const dir = copyProject();
    const r = await check(dir, ['scenarios/baseline.yaml', '--junit', 'out.xml']);
    expect(r.code).toBe(0);
    const elements = parseXml(readFileSync(join(dir, 'out.xml'), 'utf8'));
    expect(elements.filter((e) => e.name === 'failure')).toEqual([]);
    expect(elements[0]?.attrs).toMatchObject({ failures: '0' });
    // The shipped expectations about the baseline are in its suite.
    expect(elements.filter((e) => e.name === 'testcase' && e.attrs.name?.startsWith('expectation: ')).length).toBeGreaterThan(0);
  });
});
