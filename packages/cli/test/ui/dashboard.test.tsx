import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_LISTED, DAKAR, KEY, SCENARIOS, scenariosCopy, startUi, width } from './harness.js';
import type { Ui } from './harness.js';

let copy: { dir: string; cleanup: () => void };
let ui: Ui | undefined;
beforeAll(() => {
  copy = scenariosCopy();
});
afterAll(() => copy.cleanup());
afterEach(() => {
  ui?.unmount();
  ui = undefined;
});

describe('dashboard view', () => {
  it("shows the run's KPIs, with values and units, and charts of the key series", async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    const f = ui.frame();
    expect(f).toMatch(/fuel_min_days_cover\s+1\.978 day/);
    expect(f).toMatch(/fuel_shortage_days\s+33\.75 day/);
    expect(f).toMatch(/gold_output_loss_kg\s+1,053 kg/);
    expect(f).toMatch(/senegal_export_loss_bn_cfa\s+131\.9 bn CFA/);
    expect(f).toContain('from 2025-09-01, 120 days, seed 1, 1 event · ');
    // Two charts fit in 80×24: fuel cover and power, each with a date axis and the closure marked.
    expect(f).toContain('Fuel cover (day) no events');
    expect(f).toContain('Power supply (h/day)');
    expect(f.match(/2025-09-01\s+2025-12-30/g)).toHaveLength(2);
    expect(f).toMatch(/events +━+/);
    expect(f).toMatch(/[\u2801-\u28ff]/);
  });

  it('marks the event period where the closure is: day 10 to day 70 of 120', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    const row = ui.lines().find((l) => /events +━/.test(l))!;
    const plotStart = row.indexOf('events') + 'events'.length + 1;
    const marks = row.slice(plotStart);
    const first = marks.indexOf('━');
    const last = marks.lastIndexOf('━');
    const cells = 26;
    expect(first).toBe(Math.round((10 / 120) * (cells - 1)));
    expect(last).toBe(Math.round((70 / 120) * (cells - 1)));
  });

  it('j/k bring the next or previous chart to the top', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    await ui.press('j');
    let charts = ui.lines().filter((l) => /\((day|h\/day|kg\/day|m\^3\/day)\)/.test(l));
    expect(charts[0]).toContain('Power supply');
    expect(charts[1]).toContain('Gold output');
    await ui.press('j');
    expect(ui.frame()).toMatch(/Flows \(t\/day\) DKR ABJ NKC CKY/);
    await ui.press('k', 'k', KEY.up);
    charts = ui.lines().filter((l) => /^ {0}.*(Exports|Fuel cover) \(/.test(l));
    expect(charts[0]).toContain('Exports');
  });

  it('the footer lists the keys of the dashboard', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    const last = ui.lines().at(-1)!;
    for (const k of ['j/k charts', 'w what-if', 'c compare', 'Esc back', 'Tab views', '? help', 'q quit']) expect(last).toContain(k);
  });

  it('fits 80×24, and a wider terminal gets wider charts', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    for (const l of ui.lines()) expect(width(l)).toBeLessThanOrEqual(80);
    expect(ui.lines().length).toBeLessThanOrEqual(23);
    ui.unmount();
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)], { columns: 160, rows: 40 });
    const axis = ui.lines().find((l) => l.includes('2025-12-30'))!;
    expect(width(axis)).toBeGreaterThan(120);
    // 40 rows hold four charts.
    expect(ui.frame().match(/ events /g)?.length).toBe(4);
  });

  it('Esc goes back to the list', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    await ui.press(KEY.escape);
    expect(ui.frame()).toContain(ALL_LISTED);
  });

  it('lists the first day each threshold is crossed, or never, under the KPIs (in 80×24 too)', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    let f = ui.frame();
    expect(f).toMatch(/first crossing +date/);
    expect(f).toMatch(/fuel_cover_below_1_day +never/);
    expect(f).toMatch(/power_below_8_hours +never/);
    ui.unmount();
    const file = join(copy.dir, 'dakar-crossing.yaml');
    writeFileSync(file, `extends: ${DAKAR}.yaml\ncrossings:\n  - { series: fuel_days_cover, below: 2.5, name: fuel_below_2_5_days }\n`);
    ui = await startUi(copy.dir, [file], { rows: 30 });
    f = ui.frame();
    // corridor run says 2025-09-16 (day 15.66) for this crossing.
    expect(f).toMatch(/fuel_below_2_5_days +2025-09-16/);
    expect(f).toMatch(/gold_below_half +never/);
  });

  it('for a scenario with runs, gives the P5–P95 dates of the runs that cross and the share that never do', async () => {
    const file = join(copy.dir, 'dakar-crossing-runs.yaml');
    writeFileSync(file, `extends: ${DAKAR}.yaml\nruns: 24\ncrossings:\n  - { series: fuel_days_cover, below: 2.5, name: fuel_below_2_5_days }\n`);
    ui = await startUi(copy.dir, [file], { rows: 30, columns: 100 });
    const f = await ui.waitFor((x) => x.includes('P5–P95'), 'the ensemble');
    expect(f).toMatch(/first crossing +nominal +P5–P95 +never/);
    const row = ui.lines().find((l) => l.startsWith('fuel_below_2_5_days'))!;
    const m = /fuel_below_2_5_days +2025-09-16 +(\d\d-\d\d)–(\d\d-\d\d) +(\d+)%/.exec(row);
    expect(m, row).not.toBeNull();
    expect(m![1]! <= m![2]!).toBe(true);
    expect(Number(m![3])).toBeLessThan(100);
    expect(ui.lines().find((l) => l.startsWith('gold_below_half'))).toMatch(/never +— +100%/);
  });

  it('writes the years of a P5–P95 range that is not in the year the scenario starts', async () => {
    const file = join(copy.dir, 'dakar-crossing-new-year.yaml');
    writeFileSync(file, `extends: ${DAKAR}.yaml\nstart: 2025-12-20\nruns: 12\ncrossings:\n  - { series: fuel_days_cover, below: 2.5, name: fuel_below_2_5_days }\n`);
    ui = await startUi(copy.dir, [file], { rows: 30, columns: 120 });
    await ui.waitFor((x) => x.includes('P5–P95'), 'the ensemble');
    expect(ui.lines().find((l) => l.startsWith('fuel_below_2_5_days'))).toMatch(/2026-01-\d\d +2026-01-\d\d–2026-01-\d\d +\d+%/);
  });

  it('shows P5–P95 of each KPI and a band on the charts for a scenario with runs', async () => {
    const file = join(copy.dir, 'dakar-ensemble.yaml');
    writeFileSync(file, `extends: ${DAKAR}.yaml\nruns: 24\n`);
    ui = await startUi(copy.dir, [file]);
    const f = await ui.waitFor((x) => x.includes('P5–P95'), 'the ensemble');
    expect(f).toContain('24 runs (grey: P5–P95), 1 event');
    expect(f).toContain('Fuel cover (day) P5–P95');
    // The nominal run's value, not a statistic of the runs: said so in the header.
    expect(f).toMatch(/KPI +nominal +P5–P95 +unit/);
    const row = ui.lines().find((l) => l.startsWith('fuel_shortage_days'))!;
    expect(row).toMatch(/33\.75 +[\d.]+–[\d.]+ day/);
  });

  it('shows a progress bar while the runs go, and Esc cancels them without leaving the UI', async () => {
    const file = join(copy.dir, 'dakar-big-ensemble.yaml');
    writeFileSync(file, `extends: ${DAKAR}.yaml\nruns: 5000\n`);
    ui = await startUi(copy.dir, [file]);
    const f = await ui.waitFor((x) => /█+░+ \d+\/5000/.test(x), 'the progress bar');
    expect(f).toContain('Esc cancels');
    expect(ui.lines().at(-1)).toContain('Esc cancel');
    await ui.press(KEY.escape);
    const after = await ui.waitFor((x) => x.includes('Scenarios'), 'the list');
    expect(after).toContain('cancelled');
    expect(after).not.toContain('░');
  });
});
