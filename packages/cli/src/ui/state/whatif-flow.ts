import { basename, dirname, join } from 'node:path';
import type { ScenarioRun } from '@corridor/engine';
import type { CatalogEntry } from './catalog.js';
import { knobsFor, nudge } from './knobs.js';
import type { Knob } from './knobs.js';
import { freeName, saveWhatIf } from './save.js';
import type { Session } from './session.js';
import { rerun } from './whatif.js';

/**
 * The what-if view's steps, each a new state from the old: open the knobs of a scenario, turn
 * one and run again, go back to the file, save. The controller calls them on keys.
 */

export interface WhatIfState {
  file: string;
  knobs: Knob[];
  values: number[];
  cursor: number;
  /** The run as the file has it, and the run with the knobs' values. */
  startRun: ScenarioRun;
  run: ScenarioRun;
  /** How long the last re-run took, keypress to result, in ms. */
  ms?: number;
  /** Why the last change could not run (the run shown is then the last good one). */
  error?: string;
}

export interface SavePrompt {
  name: string;
  /** Set when the name is taken: the next key says whether to replace the file. */
  confirm: boolean;
}

/** What a step changes: the what-if state, the save prompt, the status line, the list. */
export interface FlowPatch {
  whatif?: WhatIfState | undefined;
  save?: SavePrompt | undefined;
  message?: { text: string; error: boolean } | undefined;
  entries?: CatalogEntry[];
}

/** The knobs of a scenario at the values in its files; none for a scenario with problems. */
export function beginWhatIf(session: Session, file: string): WhatIfState | undefined {
  const opened = session.open(file);
  if (!opened.ok) return undefined;
  const knobs = knobsFor(opened.resolved, opened.docs);
  return { file, knobs, values: knobs.map((k) => k.initial), cursor: 0, startRun: opened.run, run: opened.run };
}

/** The selected knob one step up or down, and the run redone; undefined when it cannot move. */
export function changeKnob(session: Session, w: WhatIfState, direction: 1 | -1): WhatIfState | undefined {
  const knob: Knob | undefined = w.knobs[w.cursor];
  if (!knob) return undefined;
  const before = w.values[w.cursor]!;
  const value = nudge(knob, before, direction);
  if (value === before) return undefined;
  const values = w.values.map((v, i) => (i === w.cursor ? value : v));
  const opened = session.open(w.file);
  if (!opened.ok) return undefined;
  const started = performance.now();
  const result = rerun(opened, w.knobs, values);
  const ms = performance.now() - started;
  // A value the model cannot run with keeps the last good run on screen, with the reason.
  return 'error' in result ? { ...w, values, error: result.error, ms } : { ...w, values, run: result.run, error: undefined, ms };
}

export function resetKnobs(w: WhatIfState): WhatIfState {
  return { ...w, values: w.knobs.map((k) => k.initial), run: w.startRun, error: undefined, ms: undefined };
}

/** The save prompt with a free name beside the scenario, once something has changed. */
export function proposeSave(w: WhatIfState): FlowPatch {
  if (w.values.every((v, i) => v === w.knobs[i]!.initial)) return { message: { text: 'nothing changed yet: ←/→ change the selected knob', error: false } };
  return { save: { name: freeName(w.file), confirm: false }, message: undefined };
}

/** Enter (or y) in the save prompt: write the file, ask first when the name is taken. */
export function saveStep(session: Session, w: WhatIfState, save: SavePrompt, overwrite: boolean, entries: readonly CatalogEntry[]): FlowPatch {
  const opened = session.open(w.file);
  if (!opened.ok) return {};
  const name = save.name.trim();
  if (name === '') return { message: { text: 'give the file a name', error: true } };
  const target = name.includes('/') ? name : join(dirname(w.file), name);
  const result = saveWhatIf(opened, w.knobs, w.values, target, overwrite);
  if (result.kind === 'exists') return { save: { ...save, confirm: true } };
  if (result.kind === 'error') return { save: { ...save, confirm: false }, message: { text: result.message, error: true } };
  // The saved file may have been open before (a replaced file): read it anew next time.
  session.forget(result.file);
  return {
    save: undefined,
    entries: entries.some((e) => e.file === result.file) ? [...entries] : [...entries, result.entry],
    message: { text: `saved ${basename(result.file)} in ${dirname(result.file)}/: it extends ${basename(w.file)}`, error: false },
  };
}
