import type { CompiledModel } from '../compile/assemble.js';
import { compileModel } from '../compile/compile.js';
import { buildCorridorModel, ModelBuildError } from '../corridors/build.js';
import type { CorridorModelSpec } from '../corridors/spec.js';
import { issue, ModelError, type EngineIssue } from '../errors.js';
import type { IntegrationMethod } from '../model/schema.js';
import type { Overrides, TimeSeries } from '../simulate/options.js';
import { nearest } from '../text/suggest.js';
import { conversionFactor, UnitSystem } from '../units/index.js';
import type { Distribution, Sampling } from '../ensemble/distribution-schema.js';
import { crossingDef, STANDARD_CROSSINGS, type CrossingDef } from '../results/crossings.js';
import { epochDay, toDay } from './dates.js';
import { eventsToSeries, type ResolvedEvent } from './events.js';
import type { ScenarioSpec } from './schema.js';

/** One scenario file as read and validated by the caller; `file` names it in issues. */
export interface ScenarioDoc {
  file: string;
  spec: ScenarioSpec;
}

export interface ModelDoc {
  file: string;
  spec: CorridorModelSpec;
}

/** Which file set a parameter, and to what, through the `extends` chain. */
export interface Provenance {
  file: string;
  value: unknown;
}

/** A parameter that varies between the runs of an ensemble. */
export interface UncertainParameter {
  name: string;
  distribution: Distribution;
  /** Multiplies a value of the distribution into the model's unit. */
  scale: number;
  /** The model's unit of the parameter. */
  unit?: string;
  /** Its value in a single run (the scenario's or the model's), in the model's unit. */
  nominal: number;
  /** The file that gave the distribution (the model file or a scenario). */
  file: string;
}

export interface ResolvedScenario {
  /** The scenario's own file, and the files it extends, most derived first. */
  file: string;
  chain: string[];
  modelFile: string;
  question?: string;
  description?: string;
  start: string;
  horizon: number;
  seed: number;
  method: IntegrationMethod;
  dt: number;
  saveEvery: number;
  model: CompiledModel;
  modelSpec: CorridorModelSpec;
  /** The scenario's parameters alone: what its no-event baseline runs with. */
  parameterOverrides: Overrides;
  /** Parameters and events together: what the scenario runs with. */
  overrides: Overrides;
  events: ResolvedEvent[];
  outputs: string[];
  provenance: Record<string, Provenance>;
  /** Runs of the ensemble; 1 is a single run with nominal values. */
  runs: number;
  sampling: Sampling;
  /** What varies between runs, in declaration order (the model's first). */
  uncertain: UncertainParameter[];
  /** The model's distributions left out because this scenario's events drive the parameter over time. */
  uncertainSkipped: { name: string; reason: string }[];
  crossings: CrossingDef[];
}

/** Compiles the corridor model; a build or compile problem comes back as issues in its file. */
export function compileCorridorModel(doc: ModelDoc): { model?: CompiledModel; issues: EngineIssue[] } {
  try {
    return { model: compileModel(buildCorridorModel(doc.spec)), issues: [] };
  } catch (e) {
    if (e instanceof ModelBuildError) return { issues: [issue('invalid_model', e.message, e.path, { file: doc.file })] };
    if (e instanceof ModelError) return { issues: e.issues.map((i) => ({ ...i, file: doc.file, path: modelPath(i.path) })) };
    throw e;
  }
}

/**
 * Built variables are named `<corridor>_<figure>`; an issue about one points back into the
 * model file where the figure is written, when it can be found there.
 */
function modelPath(path: (string | number)[]): (string | number)[] {
  const [section, name] = path;
  if (section === 'constants' && typeof name === 'string') return ['parameters', name];
  return path;
}

/**
 * Merges a scenario with the files it extends (most derived first), converts its parameters
 * to the model's units, and turns its dated events into time series of the model's parameters.
 */
export function resolveScenario(chain: readonly ScenarioDoc[], modelDoc: ModelDoc, compiled?: CompiledModel): { scenario?: ResolvedScenario; issues: EngineIssue[] } {
  const issues: EngineIssue[] = [];
  const root = chain[0];
  if (root === undefined) throw new Error('resolveScenario: empty chain');
  let model = compiled;
  if (model === undefined) {
    const c = compileCorridorModel(modelDoc);
    if (c.model === undefined) return { issues: c.issues };
    model = c.model;
  }

  const first = <K extends keyof ScenarioSpec>(key: K): { value: NonNullable<ScenarioSpec[K]>; file: string } | undefined => {
    for (const d of chain) if (d.spec[key] !== undefined) return { value: d.spec[key] as NonNullable<ScenarioSpec[K]>, file: d.file };
    return undefined;
  };
  const start = first('start');
  if (start === undefined) issues.push(issue('invalid_model', 'missing key "start": the scenario (or one it extends) must give a start date', [], { file: root.file }));
  else if (epochDay(start.value) === undefined) issues.push(issue('invalid_model', `start: "${start.value}" is not a date that exists`, ['start'], { file: start.file }));
  const horizon = first('horizon')?.value ?? 365;
  const method = first('method')?.value ?? modelDoc.spec.time.method;
  const dt = first('dt')?.value ?? modelDoc.spec.time.dt;
  const saveEvery = first('save_every')?.value ?? modelDoc.spec.time.save_every;
  const seed = first('seed')?.value ?? 1;
  const startDate = start?.value ?? '1970-01-01';
  const steps = horizon / dt;
  if (Math.abs(steps - Math.round(steps)) > 1e-9) issues.push(issue('bad_time_spec', `horizon (${horizon} days) is not a whole number of steps of dt = ${dt}`, ['horizon'], { file: first('horizon')?.file ?? root.file }));
  const k = saveEvery / dt;
  if (Math.abs(k - Math.round(k)) > 1e-9) issues.push(issue('bad_time_spec', `save_every (${saveEvery}) must be a whole multiple of dt (${dt})`, ['save_every'], { file: first('save_every')?.file ?? root.file }));

  // Lazy: a scenario with no unit text to read (the baseline) need not load mathjs.
  const units = UnitSystem.lazy(modelDoc.spec.units);
  const constants = new Map<string, { value: number; unit?: string }>();
  for (const [name, info] of model.variables) {
    if (info.kind !== 'constant' || info.hidden) continue;
    const slot = model.layout.slots.get(name)!;
    constants.set(name, { value: model.constantValues[slot]!, ...(info.unit !== undefined ? { unit: info.unit } : {}) });
  }

  // Parameters: the most derived file wins; each is converted to the unit the model uses.
  const provenance: Record<string, Provenance> = {};
  const pc: Record<string, number> = {};
  const ps: Record<string, TimeSeries> = {};
  const pl: Record<string, [number, number][]> = {};
  for (const d of [...chain].reverse()) {
    for (const [name, value] of Object.entries(d.spec.parameters)) {
      const path = ['parameters', name];
      const at = { file: d.file };
      const isLookup = model.lookups.has(name);
      if (!constants.has(name) && !isLookup) {
        const s = nearest(name, [...constants.keys(), ...model.lookups.keys()]);
        issues.push(issue('bad_override', `unknown parameter "${name}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}`, path, { ...at, at: 'key', variable: name, ...(s !== undefined ? { suggestion: s } : {}) }));
        continue;
      }
      const unit = constants.get(name)?.unit;
      const factor = (text: string | undefined): number | undefined => {
        if (text === undefined || unit === undefined) return 1;
        try {
          const f = conversionFactor(units.parse(text), units.parse(unit));
          if (f === null) issues.push(issue('unit_mismatch', `${name}: ${text} cannot be converted to ${unit}, the unit of ${name} in the model`, path, { ...at, variable: name, expected: unit, found: text }));
          return f ?? undefined;
        } catch (e) {
          issues.push(issue('unknown_unit', `${name}: ${(e as Error).message}`, path, { ...at, variable: name }));
          return undefined;
        }
      };
      delete pc[name];
      delete ps[name];
      delete pl[name];
      if (typeof value === 'object' && 'lookup' in value) {
        if (!isLookup) issues.push(issue('bad_override', `${name} is a parameter, not a lookup table: give a value or a series`, path, { ...at, variable: name }));
        else pl[name] = value.lookup;
      } else if (isLookup) {
        issues.push(issue('bad_override', `${name} is a lookup table: give its points as "lookup: [[x, y], …]"`, path, { ...at, variable: name }));
      } else if (typeof value === 'object') {
        const f = factor(value.unit);
        if (f === undefined) continue;
        const times: number[] = [];
        const values: number[] = [];
        value.series.forEach(([t, y], i) => {
          const r = toDay(t, startDate);
          if (!r.ok) issues.push(issue('invalid_model', `${name}: ${r.message}`, [...path, 'series', i, 0], at));
          else if (times.length > 0 && r.day < times[times.length - 1]!) issues.push(issue('invalid_model', `${name}: the series' times must be in order`, [...path, 'series', i, 0], at));
          else {
            times.push(r.day);
            values.push(y * f);
          }
        });
        ps[name] = { times, values, interpolation: value.interpolation };
      } else if (typeof value === 'number') {
        pc[name] = value;
      } else {
        try {
          const q = units.parseQuantity(value);
          const f = unit === undefined ? 1 : conversionFactor(q.dim, units.parse(unit));
          if (f === null) issues.push(issue('unit_mismatch', `${name}: "${value}" cannot be converted to ${unit}, the unit of ${name} in the model`, path, { ...at, variable: name, expected: unit, found: value }));
          else pc[name] = q.value * f;
        } catch (e) {
          issues.push(issue('invalid_model', `${name}: cannot read "${value}": ${(e as Error).message}`, path, { ...at, variable: name }));
        }
      }
      provenance[name] = { file: d.file, value };
    }
  }

  const params: Overrides = { constants: pc, series: ps, lookups: pl };

  // Events: every file's events apply, the extended file's first, back to the first file
  // that says `inherit_events: false`.
  const cut = chain.findIndex((d) => d.spec.inherit_events === false);
  const events = [...(cut < 0 ? chain : chain.slice(0, cut + 1))].reverse().flatMap((d) => d.spec.events.map((e, i) => ({ e, i, file: d.file })));
  const withParams = new Map(constants);
  for (const [n, v] of Object.entries(pc)) withParams.set(n, { ...constants.get(n)!, value: v });
  const resolvedEvents: ResolvedEvent[] = [];
  const eventSeries = new Map<string, { times: number[]; values: number[] }>();
  // Issues come back indexed in the combined list; they are mapped to the event's own file and index.
  const all = eventsToSeries(
    events.map((x) => x.e),
    { spec: modelDoc.spec, start: startDate, dt, units, constants: withParams },
  );
  all.issues.forEach((i) => {
    const idx = i.path[1] as number;
    const src = events[idx]!;
    issues.push({ ...i, file: src.file, path: ['events', src.i, ...i.path.slice(2)] });
  });
  all.resolved.forEach((r) => resolvedEvents.push({ ...r, index: events[r.index]!.i }));
  for (const [k, v] of all.series) eventSeries.set(k, v);

  const series: Record<string, TimeSeries> = { ...ps };
  for (const [name, tl] of eventSeries) {
    if (series[name] !== undefined) {
      issues.push(issue('bad_override', `${name} is set both as a parameter series and by events; give one or the other`, ['parameters', name], { file: provenance[name]?.file ?? root.file }));
      continue;
    }
    series[name] = { times: tl.times, values: tl.values, interpolation: 'linear' };
  }
  // A constant given as a number and also changed by an event: the event's series carries the number as its base.
  const constantsLeft = Object.fromEntries(Object.entries(pc).filter(([n]) => !eventSeries.has(n)));
  const overrides: Overrides = { constants: constantsLeft, series, lookups: { ...pl } };

  const outputs = first('outputs')?.value ?? modelDoc.spec.outputs;
  const outputFile = first('outputs')?.file ?? modelDoc.file;
  outputs.forEach((o, i) => {
    const v = model.variables.get(o);
    if (v === undefined || v.hidden) {
      const s = nearest(o, [...model.variables.values()].filter((x) => !x.hidden).map((x) => x.name));
      issues.push(issue('unknown_name', `outputs: unknown variable "${o}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}`, ['outputs', i], { file: outputFile, ...(s !== undefined ? { suggestion: s } : {}) }));
    }
  });

  const unc = resolveUncertainty(chain, modelDoc, { constants, pc, driven: new Set(Object.keys(series)), lookups: model.lookups, units, issues });
  const crossings = resolveCrossings(chain, model, outputs, issues);

  if (issues.length > 0) return { issues };
  const question = first('question')?.value;
  const description = first('description')?.value;
  return {
    scenario: {
      file: root.file,
      chain: chain.map((d) => d.file),
      modelFile: modelDoc.file,
      ...(question !== undefined ? { question } : {}),
      ...(description !== undefined ? { description } : {}),
      start: startDate,
      horizon,
      seed,
      method,
      dt,
      saveEvery,
      model,
      modelSpec: modelDoc.spec,
      parameterOverrides: params,
      overrides,
      events: resolvedEvents,
      outputs,
      provenance,
      runs: first('runs')?.value ?? 1,
      sampling: first('uncertainty')?.value.sampling ?? 'latin_hypercube',
      ...unc,
      crossings,
    },
    issues,
  };
}

interface UncertaintyContext {
  constants: Map<string, { value: number; unit?: string }>;
  /** Constants the scenario's parameters set. */
  pc: Record<string, number>;
  /** Parameters that the scenario's events or series drive over time. */
  driven: Set<string>;
  lookups: CompiledModel['lookups'];
  units: UnitSystem;
  issues: EngineIssue[];
}

/**
 * The model file's distributions, with each scenario's on top (the most derived wins). A
 * distribution the scenario gives for a parameter its events drive is an error; one the
 * model gives is left out for this scenario, and said so.
 */
function resolveUncertainty(chain: readonly ScenarioDoc[], modelDoc: ModelDoc, cx: UncertaintyContext): Pick<ResolvedScenario, 'uncertain' | 'uncertainSkipped'> {
  const chosen = new Map<string, { d: Distribution; file: string; path: (string | number)[] }>();
  for (const [name, d] of Object.entries(modelDoc.spec.uncertainty)) chosen.set(name, { d, file: modelDoc.file, path: ['uncertainty', name] });
  for (const doc of [...chain].reverse()) {
    for (const [name, d] of Object.entries(doc.spec.uncertainty?.parameters ?? {})) {
      chosen.delete(name); // re-inserted: a scenario's distribution takes the place of the model's
      chosen.set(name, { d, file: doc.file, path: ['uncertainty', 'parameters', name] });
    }
  }
  const uncertain: UncertainParameter[] = [];
  const uncertainSkipped: { name: string; reason: string }[] = [];
  for (const [name, { d, file, path }] of chosen) {
    const at = { file, variable: name };
    const c = cx.constants.get(name);
    if (c === undefined) {
      const known = [...cx.constants.keys()];
      const s = nearest(name, known);
      const what = cx.lookups.has(name) ? `${name} is a lookup table; only a parameter can have a distribution` : `unknown parameter "${name}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}`;
      cx.issues.push(issue('bad_override', what, path, { ...at, at: 'key', ...(s !== undefined && !cx.lookups.has(name) ? { suggestion: s } : {}) }));
      continue;
    }
    if (cx.driven.has(name)) {
      const reason = `${name} changes over time in this scenario (its events or a dated series set it)`;
      if (file === modelDoc.file) uncertainSkipped.push({ name, reason });
      else cx.issues.push(issue('bad_override', `${reason}: a distribution cannot replace it`, path, at));
      continue;
    }
    let scale = 1;
    // The same spelling needs no conversion; skipping the parse keeps a warm run (compiled model
    // from the cache) from loading mathjs just to learn that a unit equals itself.
    if (d.unit !== undefined && c.unit !== undefined && d.unit.trim() !== c.unit.trim()) {
      try {
        const f = conversionFactor(cx.units.parse(d.unit), cx.units.parse(c.unit));
        if (f === null) {
          cx.issues.push(issue('unit_mismatch', `${name}: ${d.unit} cannot be converted to ${c.unit}, the unit of ${name} in the model`, [...path, 'unit'], { ...at, expected: c.unit, found: d.unit }));
          continue;
        }
        scale = f;
      } catch (e) {
        cx.issues.push(issue('unknown_unit', `${name}: ${(e as Error).message}`, [...path, 'unit'], at));
        continue;
      }
    }
    uncertain.push({ name, distribution: d, scale, ...(c.unit !== undefined ? { unit: c.unit } : {}), nominal: cx.pc[name] ?? c.value, file });
  }
  return { uncertain, uncertainSkipped };
}

/** The standard crossings of the model's series, then the scenario's own (the most derived file's list). */
function resolveCrossings(chain: readonly ScenarioDoc[], model: CompiledModel, outputs: readonly string[], issues: EngineIssue[]): CrossingDef[] {
  const defs = STANDARD_CROSSINGS.filter((c) => model.variables.has(c.series));
  const doc = chain.find((d) => d.spec.crossings !== undefined);
  doc?.spec.crossings?.forEach((c, i) => {
    const v = model.variables.get(c.series);
    if (v === undefined || v.hidden) {
      const s = nearest(c.series, outputs);
      issues.push(issue('unknown_name', `crossings: unknown series "${c.series}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}`, ['crossings', i, 'series'], { file: doc.file, ...(s !== undefined ? { suggestion: s } : {}) }));
      return;
    }
    const def = crossingDef(c);
    if (defs.some((d) => d.name === def.name)) issues.push(issue('duplicate_name', `crossings: "${def.name}" is reported already; give this one another name`, ['crossings', i], { file: doc.file }));
    else defs.push(def);
  });
  return defs;
}
