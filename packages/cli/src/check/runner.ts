import { runScenario } from '@corridor/engine';
import type { ResolvedScenario, ScenarioRun } from '@corridor/engine';
import { CliError } from '../exit.js';
import { loadAll } from '../load/many.js';
import { simulateScenario } from '../load/simulate.js';
import type { NamedScenario } from './scenario-set.js';

/** Which run of a scenario: its own seed (`default`), another seed, or a run of an ensemble. */
export type RunKey = { kind: 'default' } | { kind: 'seed'; seed: number } | { kind: 'run'; runIndex: number };

/**
 * Loads scenarios by name and runs each at most once per seed: goldens and every expectation
 * that reads the same run share it. Expectations may read model variables beyond a scenario's
 * outputs; those are recorded too (recording more changes no value).
 */
export class Runner {
  private readonly files = new Map<string, string>();
  private readonly resolved = new Map<string, ResolvedScenario>();
  private readonly extra = new Map<string, Set<string>>();
  private readonly runs = new Map<string, ScenarioRun>();
  /** Milliseconds spent running each scenario, for the report. */
  readonly millis = new Map<string, number>();

  constructor(known: readonly NamedScenario[]) {
    for (const s of known) this.files.set(s.name, s.file);
  }

  has(name: string): boolean {
    return this.files.has(name);
  }

  names(): string[] {
    return [...this.files.keys()];
  }

  /** Loads the named scenarios (all problems at once, exit 2 on any). */
  load(names: readonly string[]): void {
    const wanted = [...new Set(names)].filter((n) => !this.resolved.has(n));
    const files = wanted.map((n) => {
      const file = this.files.get(n);
      if (file === undefined) throw new CliError(`no scenario named ${n}`);
      return file;
    });
    loadAll(files).forEach(({ scenario }, i) => this.resolved.set(wanted[i]!, scenario));
  }

  scenario(name: string): ResolvedScenario {
    if (!this.resolved.has(name)) this.load([name]);
    return this.resolved.get(name)!;
  }

  /** Asks that runs of `name` also record `variable`; call before the first run. */
  record(name: string, variable: string): void {
    const set = this.extra.get(name) ?? new Set<string>();
    set.add(variable);
    this.extra.set(name, set);
  }

  run(name: string, key: RunKey = { kind: 'default' }): ScenarioRun {
    const id = `${name}|${JSON.stringify(key)}`;
    const cached = this.runs.get(id);
    if (cached) return cached;
    const base = this.scenario(name);
    const extra = [...(this.extra.get(name) ?? [])].filter((v) => !base.outputs.includes(v));
    const scenario = extra.length > 0 ? { ...base, outputs: [...base.outputs, ...extra] } : base;
    const started = performance.now();
    const run =
      key.kind === 'default'
        ? simulateScenario(scenario, undefined)
        : key.kind === 'seed'
          ? simulateScenario(scenario, key.seed)
          : runIndexed(scenario, key.runIndex);
    this.millis.set(name, (this.millis.get(name) ?? 0) + performance.now() - started);
    this.runs.set(id, run);
    return run;
  }
}

function runIndexed(scenario: ResolvedScenario, runIndex: number): ScenarioRun {
  try {
    return runScenario(scenario, { runIndex });
  } catch (error) {
    if (error instanceof Error && error.name === 'SimulationError') throw new CliError(`${scenario.file}: the simulation stopped (run ${runIndex}): ${error.message}`);
    throw error;
  }
}
