import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/commands/validate.js';
import type { Context } from '../../src/context.js';
import { makeStyle } from '../../src/style.js';
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

describe('keys that work everywhere', () => {
  it('? opens the help overlay with every key; ? or Esc closes it', async () => {
    ui = await startUi(copy.dir);
    await ui.press('?');
    let f = ui.frame();
    expect(f).toContain('Keys (? or Esc closes)');
    for (const text of ['q Ctrl-C  quit', 'Tab S-Tab next / previous view', '1 2 3 4   go to a view', '/         filter; Esc clears it', 'space     mark for compare', '← → h l   change it: the run is redone', 's         save as a new file']) expect(f).toContain(text);
    expect(ui.lines().at(-1)).toContain('?/Esc close help');
    for (const l of ui.lines()) expect(width(l)).toBeLessThanOrEqual(80);
    await ui.press('?');
    expect(ui.frame()).toContain(ALL_LISTED);
    await ui.press('?', KEY.escape);
    expect(ui.frame()).toContain(ALL_LISTED);
  });

  it('q quits from every view, and from the help overlay', async () => {
    for (const keys of [['1'], ['2'], ['3'], ['4'], ['?']]) {
      ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
      await ui.press(...keys);
      expect(ui.quit.count).toBe(0);
      await ui.press('q');
      expect(ui.quit.count).toBe(1);
      ui.unmount();
    }
  });

  it('q is text, not quit, while typing a filter', async () => {
    ui = await startUi(copy.dir);
    await ui.press('/', 'q');
    expect(ui.quit.count).toBe(0);
    expect(ui.frame()).toContain('filter /q█');
  });

  it('Tab and Shift-Tab go round the views; 1–4 jump to one', async () => {
    ui = await startUi(copy.dir, [join(copy.dir, `${DAKAR}.yaml`)]);
    const view = (): string => {
      const f = ui!.frame();
      if (f.includes('Knobs ')) return 'whatif';
      if (f.includes('Compare:')) return 'compare';
      if (/Scenarios \d+ of \d+/.test(f)) return 'scenarios';
      return f.includes('fuel_min_days_cover') ? 'dashboard' : '?';
    };
    expect(view()).toBe('dashboard');
    // The current view in brackets, readable without colour or reverse video.
    expect(ui.lines()[0]).toBe('corridor  1 Scenarios [2 Dashboard] 3 Compare  4 What-if');
    await ui.press(KEY.tab);
    expect(view()).toBe('compare');
    expect(ui.lines()[0]).toContain('[3 Compare]');
    await ui.press(KEY.tab);
    expect(view()).toBe('whatif');
    await ui.press(KEY.tab);
    expect(view()).toBe('scenarios');
    await ui.press(KEY.shiftTab);
    expect(view()).toBe('whatif');
    await ui.press('1');
    expect(view()).toBe('scenarios');
    await ui.press('2');
    expect(view()).toBe('dashboard');
    await ui.press('3');
    expect(view()).toBe('compare');
    await ui.press('4');
    expect(view()).toBe('whatif');
  });

  it('a view with no scenario yet says how to get one', async () => {
    ui = await startUi(copy.dir);
    await ui.press('2');
    expect(ui.frame()).toContain('No scenario yet: pick one in the list (1) and press Enter.');
    await ui.press('4');
    expect(ui.frame()).toContain('No scenario yet');
  });
});

describe('a scenario with mistakes', () => {
  it('shows the same file:line:col messages as corridor validate, and the UI goes on', async () => {
    const file = join(copy.dir, 'broken.yaml');
    writeFileSync(file, 'question: Broken?\nmodel: model/mali-corridors.yaml\nstart: 2025-09-01\nevents:\n  - type: blockade\n    corridor: dakar_bamak\n    from: day 10\n    severity: 2\n');
    let err = '';
    const ctx: Context = { out: () => undefined, err: (t) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, outStyle: makeStyle(false), errStyle: makeStyle(false), argv: [], version: '0' };
    expect(await validateCommand([file], {}, ctx)).toBe(2);
    const expected = err.trim().split('\n');
    expect(expected.length).toBeGreaterThan(0);
    expect(expected[0]).toMatch(/broken\.yaml:8:15: /);

    ui = await startUi(copy.dir, [], { columns: 160 });
    await ui.press('/', ...'broken', KEY.enter, KEY.enter);
    const f = ui.frame();
    expect(f).toContain('broken.yaml has problems (as corridor validate reports them):');
    for (const line of expected) expect(f).toContain(line);
    await ui.press(KEY.escape, '/', KEY.escape, ...down('baseline'), KEY.enter);
    expect(ui.frame()).toContain('fuel_min_days_cover');
  });
});
