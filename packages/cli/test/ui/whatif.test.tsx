import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/commands/validate.js';
import type { Context } from '../../src/context.js';
import { makeStyle } from '../../src/style.js';
import { DAKAR, KEY, SCENARIOS, scenariosCopy, startUi, width } from './harness.js';
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

const kpi = (u: Ui, name: string): string[] => (u.lines().find((l) => l.startsWith(`${name} `)) ?? '').trim().split(/\s+/);
const knob = (u: Ui): string => u.lines().find((l) => l.startsWith('›')) ?? '';

async function whatIf(): Promise<Ui> {
  const u = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
  await u.press('w');
  return u;
}

async function validate(file: string): Promise<{ code: number; err: string }> {
  let err = '';
  const ctx: Context = { out: () => undefined, err: (t) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, outStyle: makeStyle(false), errStyle: makeStyle(false), argv: [], version: '0' };
  const code = await validateCommand([file], {}, ctx);
  return { code, err };
}

describe('what-if view', () => {
  it("lists the knobs of the scenario's events and the model's parameters", async () => {
    ui = await whatIf();
    const f = ui.frame();
    expect(f).toContain('Knobs 1/9');
    expect(knob(ui)).toMatch(/^› blockade dakar_bamako \(kayes_bamako\): severity +◂ 1 ▸$/);
    expect(f).toMatch(/blockade dakar_bamako \(kayes_bamako\): start +◂ 2025-09-11 ▸/);
    expect(f).toMatch(/blockade dakar_bamako \(kayes_bamako\): duration +◂ 60 ▸/);
    expect(kpi(ui, 'fuel_shortage_days')).toEqual(['fuel_shortage_days', '33.75', '33.75', '·', 'day']);
  });

  it('← lowers the selected figure one step and the run is redone at once; → raises it back', async () => {
    ui = await whatIf();
    await ui.press(KEY.left);
    expect(knob(ui)).toMatch(/severity +◂ 0\.9 ▸ \(was 1\)$/);
    expect(kpi(ui, 'fuel_shortage_days')).toEqual(['fuel_shortage_days', '33.75', '26.75', '-7', 'day']);
    expect(ui.frame()).toMatch(/re-run in [\d.]+ ms/);
    await ui.press('h');
    expect(knob(ui)).toMatch(/severity +◂ 0\.8 ▸/);
    await ui.press(KEY.right, 'l');
    expect(knob(ui)).toMatch(/severity +◂ 1 ▸$/);
    expect(kpi(ui, 'fuel_shortage_days')[3]).toBe('·');
  });

  it('j/k pick another knob: moving the start keeps the closure 60 days long', async () => {
    ui = await whatIf();
    await ui.press('j', KEY.right);
    expect(knob(ui)).toMatch(/start +◂ 2025-09-16 ▸ \(was 2025-09-11\)$/);
    expect(kpi(ui, 'fuel_first_shortage_day')).toEqual(['fuel_first_shortage_day', '16', '21', '+5', 'day']);
    await ui.press(KEY.down, KEY.left, KEY.left);
    expect(knob(ui)).toMatch(/duration +◂ 50 ▸ \(was 60\)/);
    await ui.press('k', 'k');
    expect(knob(ui)).toContain('severity');
    // Parameters are knobs too, after the events.
    await ui.press('G');
    expect(ui.frame()).toContain('Knobs 9/9');
    expect(knob(ui)).toMatch(/parameter: gold_price/);
  });

  it('a value the model cannot run with says why and keeps the last good run on screen', async () => {
    ui = await whatIf();
    await ui.press('j', 'j', 'j', 'j');
    expect(knob(ui)).toMatch(/parameter: diversion_lag +◂ 14 ▸$/);
    for (let i = 0; i < 14; i++) await ui.press(KEY.left);
    expect(knob(ui)).toMatch(/diversion_lag +◂ 0 ▸ \(was 14\)$/);
    const f = ui.frame();
    expect(f).toContain('cannot run this: ');
    expect(f).toMatch(/became NaN/);
    expect(kpi(ui, 'fuel_shortage_days')[0]).toBe('fuel_shortage_days');
    await ui.press(KEY.right);
    expect(ui.frame()).not.toContain('cannot run this');
    expect(ui.frame()).toMatch(/re-run in [\d.]+ ms/);
  });

  it('r goes back to the values in the file', async () => {
    ui = await whatIf();
    await ui.press(KEY.left, KEY.left, 'r');
    expect(knob(ui)).toMatch(/severity +◂ 1 ▸$/);
    expect(kpi(ui, 'fuel_shortage_days')[2]).toBe('33.75');
  });

  it('s saves a file that extends the scenario, which validates and gives the numbers on screen', async () => {
    ui = await whatIf();
    await ui.press('s');
    expect(ui.frame()).toContain('nothing changed yet');
    await ui.press(KEY.left, KEY.left, 'G', KEY.right);
    await ui.press('s');
    const name = `${DAKAR}-whatif.yaml`;
    expect(ui.frame()).toContain(`save as: ${name}█  (Enter saves, Esc cancels)`);
    expect(ui.lines().at(-1)).toContain('Enter save');
    await ui.press(KEY.enter);
    expect(ui.frame()).toMatch(new RegExp(`saved .*${name}`));
    const file = join(copy.dir, name);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/scenario\.schema\.json\n/);
    expect(text).toContain(`extends: ${DAKAR}.yaml`);
    expect(text).toContain('inherit_events: false');
    expect(text).toContain('severity: 0.8');
    expect(text).toMatch(/parameters:\n {2}gold_price: 3650\n/);
    expect(await validate(file)).toEqual({ code: 0, err: expect.stringContaining('ok') });
    // The saved scenario joins the list.
    await ui.press('1');
    expect(ui.frame()).toContain(`Scenarios ${SCENARIOS.length + 1} of ${SCENARIOS.length + 1}`);
  });

  it('never replaces a file without asking: n keeps it, y replaces it', async () => {
    ui = await whatIf();
    const file = join(copy.dir, 'taken.yaml');
    writeFileSync(file, '# mine\n');
    await ui.press(KEY.left, 's');
    for (let i = 0; i < 40; i++) await ui.press(KEY.backspace);
    await ui.press(...'taken.yaml', KEY.enter);
    expect(ui.frame()).toContain('taken.yaml exists: replace it? (y/n)');
    expect(ui.lines().at(-1)).toContain('y replace the file');
    await ui.press('n');
    expect(readFileSync(file, 'utf8')).toBe('# mine\n');
    expect(ui.frame()).toContain('the file exists: give another name');
    await ui.press(KEY.enter, 'y');
    expect(readFileSync(file, 'utf8')).toContain('severity: 0.9');
  });

  it('Esc leaves the save prompt without writing', async () => {
    ui = await whatIf();
    await ui.press(KEY.left, 's', KEY.escape);
    expect(ui.frame()).toContain('not saved');
    expect(existsSync(join(copy.dir, `${DAKAR}-whatif-2.yaml`))).toBe(false);
  });

  it('fits 80×24; the footer lists its keys', async () => {
    ui = await whatIf();
    await ui.press(KEY.left);
    for (const l of ui.lines()) expect(width(l)).toBeLessThanOrEqual(80);
    expect(ui.lines().length).toBeLessThanOrEqual(23);
    const last = ui.lines().at(-1)!;
    for (const k of ['j/k pick', '←/→ change', 'r reset', 's save', 'Esc back', '? help', 'q quit']) expect(last).toContain(k);
  });

  it('a taller terminal also shows fuel cover before and after', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)], { columns: 100, rows: 40 });
    await ui.press('4', KEY.left);
    expect(ui.frame()).toContain('Fuel: days of cover, in the file (grey) and now');
  });
});
