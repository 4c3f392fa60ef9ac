import { resolve } from 'node:path';
import { filterCatalog } from './catalog.js';
import type { CatalogEntry } from './catalog.js';
import type { Session } from './session.js';
import type { OpenedOk } from './whatif.js';
import { beginWhatIf, changeKnob, proposeSave, resetKnobs, saveStep } from './whatif-flow.js';
import type { SavePrompt, WhatIfState } from './whatif-flow.js';
import { actionFor } from '../keys.js';
import type { EnsembleSummary } from '@corridor/engine';
import type { KeyPress, Mode } from '../keys.js';

export const VIEWS = ['scenarios', 'dashboard', 'compare', 'whatif'] as const;
export type View = (typeof VIEWS)[number];

/** The most scenarios compare shows beside its reference: four columns fit in 80. */
export const MAX_COMPARED = 3;

export type { SavePrompt, WhatIfState };

export interface Job {
  label: string;
  done: number;
  total: number;
}

export interface UiState {
  view: View;
  help: boolean;
  entries: CatalogEntry[];
  filter: string;
  filtering: boolean;
  /** Index into the filtered list. */
  cursor: number;
  /** Files marked for compare, in the order marked. */
  marked: string[];
  /** The scenario the dashboard and what-if show. */
  current?: string;
  /** Which chart (dashboard) or series (compare) is selected. */
  chart: number;
  whatif?: WhatIfState;
  save?: SavePrompt;
  job?: Job;
  message?: { text: string; error: boolean };
  columns: number;
  rows: number;
}

export interface ControllerOptions {
  session: Session;
  entries: CatalogEntry[];
  columns?: number;
  rows?: number;
  /** Called on `q`: the app unmounts. */
  onQuit?: () => void;
  /** Runs long work (an ensemble) in steps; see ensemble.ts. */
  longRun?: (opened: OpenedOk, progress: (done: number, total: number) => void, signal: AbortSignal) => Promise<EnsembleSummary | undefined> | undefined;
}

/**
 * Everything the UI shows, and what each key does to it, without React: views render a
 * snapshot, and tests and the benchmark can drive the same object the terminal does.
 */
export class Controller {
  private state: UiState;
  private readonly listeners = new Set<() => void>();
  readonly session: Session;
  private readonly options: ControllerOptions;
  private abort: AbortController | undefined;
  private quit: (() => void) | undefined;
  private readonly ensembles = new Map<string, EnsembleSummary>();

  constructor(options: ControllerOptions) {
    this.options = options;
    this.session = options.session;
    this.state = { view: 'scenarios', help: false, entries: options.entries, filter: '', filtering: false, cursor: 0, marked: [], chart: 0, columns: options.columns ?? 80, rows: options.rows ?? 24 };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): UiState => this.state;

  private set(patch: Partial<UiState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** What the UI shows first: one file's dashboard, or several side by side. */
  start(files: readonly string[]): void {
    if (files.length === 1) this.open(this.fileOf(files[0]!));
    else if (files.length > 1) {
      this.set({ marked: files.slice(0, MAX_COMPARED + 1).map((f) => this.fileOf(f)) });
      this.go('compare');
    }
  }

  /** The catalog's name for a path given on the command line. */
  private fileOf(path: string): string {
    const abs = resolve(path);
    return this.state.entries.find((e) => resolve(e.file) === abs)?.file ?? path;
  }

  /** The app's way to unmount itself on `q`. */
  setQuit(quit: () => void): void {
    this.quit = quit;
  }

  /** A scenario's ensemble (KPI percentiles, series bands), once it has run. */
  ensembleOf(file: string | undefined): EnsembleSummary | undefined {
    return file === undefined ? undefined : this.ensembles.get(file);
  }

  visible(): CatalogEntry[] {
    return filterCatalog(this.state.entries, this.state.filter);
  }

  mode(): Mode {
    const s = this.state;
    if (s.job) return 'job';
    if (s.help) return 'help';
    if (s.save) return s.save.confirm ? 'confirm' : 'save';
    if (s.filtering) return 'filter';
    return s.view;
  }

  resize(columns: number, rows: number): void {
    if (columns !== this.state.columns || rows !== this.state.rows) this.set({ columns, rows });
  }

  /** One keypress: what it means depends on the mode (see keys.ts). */
  key(input: string, key: KeyPress): void {
    // Fast typing, a paste or a slow link can bring several keys in one read: one at a time,
    // as if typed, so that "/dakar" starts a filter and then fills it.
    const chars = [...input];
    if (chars.length > 1 && !key.ctrl && !key.escape && !input.includes('\u001b')) {
      for (const ch of chars) this.key(ch, ch === '\r' || ch === '\n' ? { return: true } : ch === '\t' ? { tab: true } : ch === '\u007f' || ch === '\b' ? { backspace: true } : {});
      return;
    }
    const action = actionFor(this.mode(), input, key);
    if (action === undefined) return;
    const s = this.state;
    switch (action.type) {
      case 'quit':
        this.cancelJob();
        this.quit?.();
        this.options.onQuit?.();
        return;
      case 'help':
        this.set({ help: !s.help });
        return;
      case 'closeHelp':
        this.set({ help: false });
        return;
      case 'view':
        this.go(action.view);
        return;
      case 'nextView': {
        const i = VIEWS.indexOf(s.view);
        this.go(VIEWS[(i + action.step + VIEWS.length) % VIEWS.length]!);
        return;
      }
      case 'back':
        if (s.view === 'scenarios') {
          if (s.filter !== '') this.set({ filter: '', cursor: 0 });
        } else this.set({ view: 'scenarios', message: undefined });
        return;
      case 'move':
        this.move(action.step);
        return;
      case 'filterStart':
        this.set({ filtering: true, message: undefined });
        return;
      case 'filterText':
        this.set({ filter: s.filter + action.text, cursor: 0 });
        return;
      case 'filterDelete':
        this.set({ filter: s.filter.slice(0, -1), cursor: 0 });
        return;
      case 'filterDone':
        this.set({ filtering: false });
        return;
      case 'filterCancel':
        this.set({ filtering: false, filter: '', cursor: 0 });
        return;
      case 'open': {
        const entry = this.visible()[s.cursor];
        if (entry) this.open(entry.file);
        return;
      }
      case 'mark':
        this.toggleMark();
        return;
      case 'change':
        this.change(action.step);
        return;
      case 'reset':
        this.resetWhatIf();
        return;
      case 'saveStart':
        this.startSave();
        return;
      case 'saveText':
        if (s.save) this.set({ save: { ...s.save, name: s.save.name + action.text } });
        return;
      case 'saveDelete':
        if (s.save) this.set({ save: { ...s.save, name: s.save.name.slice(0, -1) } });
        return;
      case 'saveCancel':
        this.set({ save: undefined, message: { text: 'not saved', error: false } });
        return;
      case 'saveDone':
        this.save(false);
        return;
      case 'confirmYes':
        this.save(true);
        return;
      case 'confirmNo':
        if (s.save) this.set({ save: { ...s.save, confirm: false }, message: { text: 'the file exists: give another name', error: false } });
        return;
      case 'cancelJob':
        this.cancelJob();
        this.set({ view: 'scenarios', message: { text: 'cancelled', error: false } });
        return;
      default: {
        const never: never = action;
        throw new Error(`unhandled action ${JSON.stringify(never)}`);
      }
    }
  }

  private go(view: View): void {
    const s = this.state;
    if (view === 'whatif' && s.current !== undefined) this.ensureWhatIf(s.current);
    this.set({ view, chart: view === s.view ? s.chart : 0, message: undefined });
  }

  private move(step: number): void {
    const s = this.state;
    if (s.view === 'scenarios') {
      const n = this.visible().length;
      if (n > 0) this.set({ cursor: Math.min(n - 1, Math.max(0, s.cursor + step)) });
    } else if (s.view === 'whatif' && s.whatif) {
      const n = s.whatif.knobs.length;
      if (n > 0) this.set({ whatif: { ...s.whatif, cursor: Math.min(n - 1, Math.max(0, s.whatif.cursor + step)) } });
    } else {
      // Charts go round: past the last comes the first again.
      this.set({ chart: Math.abs(step) > 1000 ? 0 : s.chart + step });
    }
  }

  /** Reads and runs a scenario and shows its dashboard; a long ensemble runs as a job. */
  open(file: string): void {
    const opened = this.session.open(file);
    this.set({ current: file, view: 'dashboard', chart: 0, whatif: undefined, message: undefined });
    if (opened.ok && this.options.longRun && !this.ensembles.has(file)) this.startJob(opened);
  }

  private startJob(opened: OpenedOk): void {
    const abort = new AbortController();
    const progress = (done: number, total: number): void => {
      if (!abort.signal.aborted) this.set({ job: { label: `${opened.resolved.file}: running the ensemble (${total} runs)`, done, total } });
    };
    const work = this.options.longRun?.(opened, progress, abort.signal);
    if (work === undefined) return;
    this.abort = abort;
    this.set({ job: { label: `${opened.resolved.file}: running the ensemble (${opened.resolved.runs} runs)`, done: 0, total: opened.resolved.runs } });
    work.then(
      (summary) => {
        if (abort.signal.aborted) return;
        this.abort = undefined;
        if (summary) this.ensembles.set(opened.file, summary);
        this.set({ job: undefined });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        this.abort = undefined;
        this.set({ job: undefined, message: { text: error instanceof Error ? error.message : String(error), error: true } });
      },
    );
  }

  private cancelJob(): void {
    this.abort?.abort();
    this.abort = undefined;
    if (this.state.job) this.set({ job: undefined });
  }

  private toggleMark(): void {
    const s = this.state;
    const entry = this.visible()[s.cursor];
    if (!entry) return;
    if (s.marked.includes(entry.file)) {
      this.set({ marked: s.marked.filter((f) => f !== entry.file), message: undefined });
    } else if (s.marked.length >= MAX_COMPARED) {
      this.set({ message: { text: `compare takes ${MAX_COMPARED} scenarios beside the baseline: unmark one first (space)`, error: false } });
    } else {
      this.set({ marked: [...s.marked, entry.file], message: undefined });
    }
  }

  /** The scenarios compare shows: the baseline (when there is one) first, then the marked ones or the current one. */
  compareSet(): { reference: string | undefined; files: string[] } {
    const s = this.state;
    const baseline = s.entries.find((e) => e.name === 'baseline')?.file;
    const chosen = s.marked.length > 0 ? s.marked : s.current !== undefined ? [s.current] : [];
    const files = chosen.filter((f) => f !== baseline);
    return { reference: baseline ?? files[0], files: baseline !== undefined ? [baseline, ...files] : files };
  }

  private ensureWhatIf(file: string): void {
    if (this.state.whatif?.file === file) return;
    this.set({ whatif: beginWhatIf(this.session, file) });
  }

  private change(direction: 1 | -1): void {
    const w = this.state.whatif;
    const next = w && changeKnob(this.session, w, direction);
    if (next) this.set({ whatif: next });
  }

  private resetWhatIf(): void {
    const w = this.state.whatif;
    if (w) this.set({ whatif: resetKnobs(w), message: undefined });
  }

  private startSave(): void {
    const w = this.state.whatif;
    if (w) this.set(proposeSave(w));
  }

  private save(overwrite: boolean): void {
    const { save, whatif, entries } = this.state;
    if (save && whatif) this.set(saveStep(this.session, whatif, save, overwrite, entries));
  }
}
