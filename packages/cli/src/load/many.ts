import type { ResolvedScenario } from '@corridor/engine';
import type { Diagnostic } from '../files/diagnostic.js';
import { formatDiagnostic } from '../files/diagnostic.js';
import { InputError } from '../exit.js';
import { loadScenario } from './scenario.js';
import type { LoadedScenario } from './scenario.js';

/**
 * Loads every scenario a command names and reports the problems of all of them at once, so
 * that one run of the command shows everything to fix. A model shared by several scenarios
 * has its problems told once.
 */
export function loadAll(files: readonly string[]): { scenario: ResolvedScenario; loaded: LoadedScenario }[] {
  const loaded = files.map((f) => loadScenario(f));
  const diagnostics = uniqueDiagnostics(loaded.flatMap((l) => l.diagnostics));
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return loaded.map((l) => {
    if (!l.scenario) throw new Error('a scenario without problems did not resolve');
    return { scenario: l.scenario, loaded: l };
  });
}

export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
