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

const selected = (u: Ui): string => u.lines().find((l) => l.startsWith('›')) ?? '';

describe('scenarios view', () => {
  it('lists every scenario with its question, the model file left out', async () => {
    ui = await startUi(copy.dir);
    const f = ui.frame();
    expect(f).toContain(ALL_LISTED);
    expect(f).toMatch(/baseline\s+What does a normal year look like, with e…/);
    expect(f).toContain(DAKAR);
    expect(f).not.toContain('mali-corridors');
    expect(selected(ui)).toContain('bamako-fuel-blockade-2025');
  });

  it('j/k and the arrows move the selection', async () => {
    ui = await startUi(copy.dir);
    await ui.press('j');
    expect(selected(ui)).toContain(SCENARIOS[1]);
    await ui.press(KEY.down, KEY.down);
    expect(selected(ui)).toContain(SCENARIOS[3]);
    await ui.press('k');
    expect(selected(ui)).toContain(SCENARIOS[2]);
    await ui.press(KEY.up);
    expect(selected(ui)).toContain(SCENARIOS[1]);
    await ui.press('G');
    expect(selected(ui)).toContain('southern-corridor-cut');
    await ui.press('g');
    expect(selected(ui)).toContain('bamako-fuel-blockade-2025');
  });

  it('/ filters by name or question; Enter keeps the filter, Esc clears it', async () => {
    ui = await startUi(copy.dir);
    await ui.press('/', 'd', 'a', 'k', 'a', 'r');
    let f = ui.frame();
    expect(f).toContain(`Scenarios 2 of ${SCENARIOS.length}`);
    expect(f).toContain('filter /dakar█');
    expect(f).not.toContain('baseline ');
    expect(f).toContain('type filter');
    await ui.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, 'c', 'o', 'n', 'v', 'o', 'y');
    f = ui.frame();
    expect(f).toContain(`Scenarios 1 of ${SCENARIOS.length}`);
    expect(f).toContain('escorted-convoys-weekly');
    expect(f).not.toContain('bamako-fuel-blockade-2025');
    await ui.press(KEY.enter);
    f = ui.frame();
    expect(f).toContain('filter /convoy');
    expect(f).toContain('Enter run');
    await ui.press('/', KEY.escape);
    expect(ui.frame()).toContain(ALL_LISTED);
  });

  it('keys that come in one read (a paste, a fast typist, a slow link) act one by one', async () => {
    ui = await startUi(copy.dir);
    await ui.press('/dakar-corridor-closed\r\r');
    expect(ui.frame()).toMatch(/fuel_min_days_cover\s+1\.978 day/);
  });

  it('a filter that matches nothing says so', async () => {
    ui = await startUi(copy.dir);
    await ui.press('/', 'z', 'z', 'z');
    expect(ui.frame()).toContain('No scenario matches the filter');
  });

  it('Enter runs the selected scenario and opens its dashboard', async () => {
    ui = await startUi(copy.dir);
    await ui.press('/', ...'closed-60d', KEY.enter, KEY.enter);
    const f = await ui.waitFor((x) => x.includes('fuel_min_days_cover'));
    expect(f).toMatch(/fuel_min_days_cover\s+1\.978 day/);
    expect(f).toContain('dakar-corridor-closed-60d  What if the Dakar–Bamako road is closed');
  });

  it('space marks scenarios for compare, at most three beside the baseline', async () => {
    ui = await startUi(copy.dir);
    await ui.press(' ', 'j', 'j', ' ', 'j', ' ', 'j', ' ');
    const f = ui.frame();
    expect(f).toContain('marked for compare: 3');
    expect(f).toContain('compare takes 3 scenarios beside the baseline');
    expect(f.split('\n').filter((l) => l.includes('●'))).toHaveLength(3);
    await ui.press('k', ' ');
    expect(ui.frame()).toContain('marked for compare: 2');
  });

  it('the footer lists the keys that work here', async () => {
    ui = await startUi(copy.dir);
    const last = ui.lines().at(-1)!;
    for (const k of ['j/k move', 'Enter run', '/ filter', 'space mark', 'c compare', 'Tab views', '? help', 'q quit']) expect(last).toContain(k);
  });

  it('fits 80×24: no line wider than 80, no more than 23 lines', async () => {
    ui = await startUi(copy.dir);
    for (const l of ui.lines()) expect(width(l)).toBeLessThanOrEqual(80);
    expect(ui.lines().length).toBeLessThanOrEqual(23);
  });

  it('uses a larger terminal: more rows show more of the list, more columns more of each question', async () => {
    const listed = (u: Ui): string[] => u.lines().filter((l) => /^[› ][● ] \S/.test(l));
    ui = await startUi(copy.dir, [], { columns: 80, rows: 12 });
    expect(listed(ui)).toHaveLength(6);
    ui.unmount();
    ui = await startUi(copy.dir, [], { columns: 120, rows: 30 });
    expect(listed(ui)).toHaveLength(SCENARIOS.length);
    expect(ui.frame()).toContain('What does a normal year look like, with every corridor open?');
  });
});
