import { dateOf, nearest, resolveScenario } from '@corridor/engine';
import type { CompiledModel, ResolvedScenario, ScenarioDoc, TimeSeries } from '@corridor/engine';
import type { DataPath, Which, YamlSource } from '../files/index.js';
import { CliError } from '../exit.js';
import type { LoadedModel } from '../load/model.js';

/**
 * Answers "where does this number come from, and what does it feed?" from the compiled model
 * and the resolved scenario. The result is plain data; explain.ts turns it into text or JSON.
 */

export interface EventRef {
  /** `file:line:col` of the event in its scenario file. */
  at: string;
  label: string;
  from: number;
  to: number | null;
}

export interface ParameterExplanation {
  kind: 'parameter';
  name: string;
  unit: string | null;
  /** In the model's unit, after the scenario's changes; none when it varies over time. */
  value: number | null;
  modelValue: number;
  /** The value as written where it was set. */
  written: unknown;
  /** `file:line:col` of the file that set it: a scenario in the chain, or the model. */
  setBy: string;
  setByModel: boolean;
  source: string | null;
  assumption: string | null;
  description: string | null;
  range: [number, number] | null;
  events: EventRef[];
  /** The value over time when a series or events change it: [day, date, value]. */
  overTime: [number, string, number][] | null;
  usedBy: string[];
}

export interface LookupExplanation {
  kind: 'lookup';
  name: string;
  points: [number, number][];
  setBy: string;
  setByModel: boolean;
  description: string | null;
  usedBy: string[];
}

export interface VariableExplanation {
  kind: 'stock' | 'flow' | 'auxiliary';
  name: string;
  unit: string | null;
  /** The equation, or a stock's initial value. */
  equation: string;
  inflows: string[];
  outflows: string[];
  dependsOn: string[];
  usedBy: string[];
  description: string | null;
  source: string | null;
  assumption: string | null;
  recorded: boolean;
}

export type Explanation = ParameterExplanation | LookupExplanation | VariableExplanation;

interface Inputs {
  scenario: ResolvedScenario;
  docs: readonly ScenarioDoc[];
  sources: ReadonlyMap<string, YamlSource>;
  model: LoadedModel;
}

export function explainName(name: string, inputs: Inputs): Explanation {
  const { scenario } = inputs;
  const compiled = scenario.model;
  const info = compiled.variables.get(name);
  if (compiled.lookups.has(name)) return explainLookup(name, inputs);
  if (info === undefined || info.hidden) {
    const candidates = [...[...compiled.variables.values()].filter((v) => !v.hidden).map((v) => v.name), ...compiled.lookups.keys()];
    const suggestion = nearest(name, candidates);
    throw new CliError(`${scenario.file}: no parameter or variable named "${name}"${suggestion !== undefined ? ` (did you mean "${suggestion}"?)` : ''}`);
  }
  if (info.kind === 'constant') return explainParameter(name, inputs);
  return explainVariable(name, inputs);
}

function explainParameter(name: string, inputs: Inputs): ParameterExplanation {
  const { scenario, model } = inputs;
  const compiled = scenario.model;
  const info = compiled.variables.get(name)!;
  const def = compiled.model.constants[name];
  const modelValue = compiled.constantValues[compiled.layout.slots.get(name)!]!;
  const series = scenario.overrides.series?.[name];
  const constant = scenario.overrides.constants?.[name];
  const set = where(name, ['parameters', name], inputs);
  const figure = model.spec?.parameters[name];
  return {
    kind: 'parameter',
    name,
    unit: info.unit ?? null,
    value: series !== undefined ? null : (constant ?? modelValue),
    modelValue,
    written: scenario.provenance[name]?.value ?? def?.value ?? info.text,
    setBy: set.at,
    setByModel: set.model,
    source: def?.source ?? null,
    assumption: def?.assumption ?? null,
    description: def?.description ?? null,
    range: figure?.range ?? null,
    events: eventsChanging(name, inputs),
    overTime: series !== undefined ? points(series, scenario.start) : null,
    usedBy: usedBy(name, compiled),
  };
}

function explainLookup(name: string, inputs: Inputs): LookupExplanation {
  const { scenario } = inputs;
  const compiled = scenario.model;
  const override = scenario.overrides.lookups?.[name];
  const table = compiled.lookups.get(name)!;
  const def = compiled.model.lookups[name];
  const set = where(name, ['lookups', name], inputs);
  return {
    kind: 'lookup',
    name,
    points: override ? override.map(([x, y]) => [x, y]) : Array.from(table.xs, (x, i) => [x, table.ys[i]!]),
    setBy: set.at,
    setByModel: set.model,
    description: def?.description ?? null,
    usedBy: usedBy(name, compiled),
  };
}

function explainVariable(name: string, inputs: Inputs): VariableExplanation {
  const compiled = inputs.scenario.model;
  const info = compiled.variables.get(name)!;
  const m = compiled.model;
  const stock = m.stocks[name];
  const def = stock ?? m.flows[name] ?? m.auxiliaries[name];
  return {
    kind: info.kind === 'stock' ? 'stock' : info.kind === 'flow' ? 'flow' : 'auxiliary',
    name,
    unit: info.unit ?? null,
    equation: info.text,
    inflows: stock?.inflows ?? [],
    outflows: stock?.outflows ?? [],
    dependsOn: dependsOn(name, compiled),
    usedBy: usedBy(name, compiled),
    description: def?.description ?? null,
    source: def?.source ?? null,
    assumption: def?.assumption ?? null,
    recorded: inputs.scenario.outputs.includes(name),
  };
}

/** The file that set a name last: the most derived scenario that gives it, else the model. */
function where(name: string, modelPath: DataPath, inputs: Inputs): { at: string; model: boolean } {
  const { scenario, sources, model } = inputs;
  const provenance = scenario.provenance[name];
  const scenarioSource = provenance ? sources.get(provenance.file) : undefined;
  if (provenance && scenarioSource) return { at: locationOf(scenarioSource, ['parameters', name]), model: false };
  // A figure built from a corridor's block has no entry of its own in the model file.
  const exists = hasPath(model.source.data, modelPath);
  return { at: exists ? locationOf(model.source, modelPath, 'key') : model.file, model: true };
}

function locationOf(source: YamlSource, path: DataPath, which: Which = 'value'): string {
  const { line, column } = source.locate(path, which);
  return `${source.file}:${line}:${column}`;
}

function hasPath(data: unknown, path: DataPath): boolean {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return false;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return true;
}

/**
 * Which events change a parameter. The engine folds events into series and does not say which
 * event fed which; resolving each event alone finds out without repeating the engine's rules.
 */
function eventsChanging(name: string, inputs: Inputs): EventRef[] {
  const { scenario, docs, sources, model } = inputs;
  if (!model.spec) return [];
  const found: EventRef[] = [];
  const noEvents = docs.map((d) => ({ file: d.file, spec: { ...d.spec, events: [] } }));
  docs.forEach((doc, d) => {
    doc.spec.events.forEach((event, i) => {
      const alone = noEvents.map((x, k) => (k === d ? { file: x.file, spec: { ...x.spec, events: [event] } } : x));
      const r = resolveScenario(alone, { file: model.file, spec: model.spec! }, scenario.model);
      if (r.scenario?.overrides.series?.[name] === undefined) return;
      const resolved = r.scenario.events[0];
      const source = sources.get(doc.file);
      const at = source ? locationOf(source, ['events', i]) : `${doc.file} events[${i}]`;
      found.push({ at, label: resolved?.label ?? event.type, from: resolved?.from ?? Number.NaN, to: resolved?.to ?? null });
    });
  });
  return found;
}

/** The points where a series changes, with their dates; the engine interpolates between them. */
function points(series: TimeSeries, start: string): [number, string, number][] {
  return series.times.map((t, i) => [t, dateOf(start, t), series.values[i]!]);
}

/** Names the definition reads, looking through the hidden parts its delays and smooths expand to. */
function dependsOn(name: string, model: CompiledModel): string[] {
  const out = new Set<string>();
  const seen = new Set<string>([name]);
  const visit = (n: string): void => {
    for (const dep of model.variables.get(n)?.dependsOn ?? []) {
      const v = model.variables.get(dep);
      if (v?.hidden && v.owner === name) {
        if (!seen.has(dep)) {
          seen.add(dep);
          visit(dep);
        }
      } else {
        const shown = v?.hidden && v.owner !== undefined ? v.owner : dep;
        if (shown !== name) out.add(shown);
      }
    }
  };
  visit(name);
  return [...out];
}

/** The visible variables whose definitions read `name`, directly or through their hidden parts. */
function usedBy(name: string, model: CompiledModel): string[] {
  const out = new Set<string>();
  // A lookup table is an argument of lookup(), not a value, so no dependency lists it.
  const word = model.lookups.has(name) ? new RegExp(`(^|[^\\w])${name}($|[^\\w])`) : undefined;
  for (const v of model.variables.values()) {
    if (!v.dependsOn.includes(name) && !(word?.test(v.text) ?? false)) continue;
    const shown = v.hidden ? v.owner : v.name;
    if (shown !== undefined && shown !== name) out.add(shown);
  }
  return [...out];
}
