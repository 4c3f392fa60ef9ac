import { runScenario } from '@corridor/engine';
import type { ModelDoc, ResolvedScenario, ScenarioDoc, ScenarioRun } from '@corridor/engine';
import { formatDiagnostic } from '../../files/diagnostic.js';
import { loadScenario } from '../../load/scenario.js';

/** A scenario as the UI holds it: resolved and run once, or the reasons it cannot be. */
export type Opened =
  | { ok: true; file: string; resolved: ResolvedScenario; docs: ScenarioDoc[]; modelDoc: ModelDoc; run: ScenarioRun }
  /** `problems` are `file:line:col: message` lines, exactly as `corridor validate` prints them. */
  | { ok: false; file: string; problems: string[] };

/**
 * Reads, resolves and runs scenarios for the UI, each once: going back and forth between views
 * must not re-read files. The model is compiled once for all (see load/model.ts).
 */
export class Session {
  private readonly opened = new Map<string, Opened>();

  open(file: string): Opened {
    const cached = this.opened.get(file);
    if (cached) return cached;
    const result = this.load(file);
    this.opened.set(file, result);
    return result;
  }

  /** Forgets what was read, so that the next `open` reads the files anew (after an edit). */
  forget(file?: string): void {
    if (file === undefined) this.opened.clear();
    else this.opened.delete(file);
  }

  private load(file: string): Opened {
    const loaded = loadScenario(file);
    if (!loaded.scenario || !loaded.docs || !loaded.model?.spec) {
      const problems = loaded.diagnostics.map(formatDiagnostic);
      return { ok: false, file, problems: problems.length > 0 ? problems : [`${file}: cannot be read as a scenario`] };
    }
    const run = safeRun(loaded.scenario);
    if ('error' in run) return { ok: false, file, problems: [run.error] };
    return { ok: true, file, resolved: loaded.scenario, docs: loaded.docs, modelDoc: { file: loaded.model.file, spec: loaded.model.spec }, run: run.run };
  }
}

/** A run that stops (NaN, an override the model cannot take) is the scenario's problem: one line. */
export function safeRun(resolved: ResolvedScenario): { run: ScenarioRun } | { error: string; reason: string } {
  try {
    return { run: runScenario(resolved) };
  } catch (error) {
    if (error instanceof Error && error.name === 'SimulationError') return { error: `${resolved.file}: the simulation stopped: ${error.message}`, reason: error.message };
    throw error;
  }
}
