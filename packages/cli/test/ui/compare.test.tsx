import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_LISTED, DAKAR, down, KEY, SCENARIOS, scenariosCopy, startUi, width } from './harness.js';
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

const row = (u: Ui, kpi: string): string[] => (u.lines().find((l) => l.startsWith(`${kpi} `)) ?? '').trim().split(/\s+/);

describe('compare view', () => {
  it('shows the baseline and the differences of the marked scenarios from it', async () => {
    ui = await startUi(copy.dir);
    // baseline is the reference; mark the Dakar closure and the southern cut.
    await ui.press(...down(DAKAR), ' ', 'G', ' ', 'c');
    const f = ui.frame();
    expect(f).toContain('Compare: Δ from baseline  dakar-corridor-closed-60d southern-corridor-cut');
    expect(f).toMatch(/KPI +baseline +Δ dakar-corri\S* +Δ southern-co\S*/);
    expect(row(ui, 'fuel_shortage_days')).toEqual(['fuel_shortage_days', '0', '+33.75', expect.stringMatching(/^[+0]/)]);
    expect(row(ui, 'fuel_min_days_cover')[2]).toBe('-1.022');
    expect(row(ui, 'gold_output_loss_kg')[2]).toBe('+1,053');
  });

  it('opened from a dashboard, compares that scenario with the baseline', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    await ui.press('c');
    expect(row(ui, 'senegal_export_loss_bn_cfa')).toEqual(['senegal_export_loss_bn_cfa', '0', '+131.9']);
  });

  it('overlays one series of every scenario; j/k pick another, on a date axis with the events marked', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, 'baseline.yaml'), join(copy.dir, `${DAKAR}.yaml`)]);
    let f = ui.frame();
    expect(f).toContain('fuel_days_cover (j/k: another series) (day)');
    // The baseline runs a year: the axis spans it.
    expect(f).toMatch(/2025-09-01 +2026-03-03 +2026-09-01/);
    expect(f).toMatch(/events +━+/);
    await ui.press('j');
    f = ui.frame();
    expect(f).toContain('power_supply_hours (j/k: another series) (h/day)');
    await ui.press('k', 'k');
    expect(ui.frame()).toContain('export_revenue (j/k');
  });

  it('with nothing chosen, says how to choose', async () => {
    ui = await startUi(copy.dir);
    await ui.press('3');
    expect(ui.frame()).toContain('Nothing to compare yet');
  });

  it('fits 80×24 with four scenarios; the footer lists its keys', async () => {
    ui = await startUi(copy.dir, ['baseline', DAKAR, 'southern-corridor-cut', 'kayes-nioro-blockade'].map((n) => join(copy.dir, `${n}.yaml`)));
    for (const l of ui.lines()) expect(width(l)).toBeLessThanOrEqual(80);
    expect(ui.lines().length).toBeLessThanOrEqual(23);
    expect(row(ui, 'fuel_shortage_days')).toHaveLength(5);
    const last = ui.lines().at(-1)!;
    for (const k of ['j/k series', 'Esc back', 'Tab views', '? help', 'q quit']) expect(last).toContain(k);
    await ui.press(KEY.escape);
    expect(ui.frame()).toContain(ALL_LISTED);
  });
});
