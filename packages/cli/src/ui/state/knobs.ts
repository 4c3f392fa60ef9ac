import { dateOf, toDay } from '@corridor/engine';
import type { ResolvedScenario, ScenarioDoc, ScenarioEvent, ScenarioSpec, TimeRef } from '@corridor/engine';
import { formatNumber } from '../../output/numbers.js';

/**
 * What the what-if view can turn: a figure of one event (severity, start, duration, convoy
 * size, attack rate…) or a model parameter. A knob edits the scenario as written, so that the
 * same edit can be run at once and saved as a file.
 */
export interface Knob {
  id: string;
  /** What it belongs to: an event ("blockade dakar_bamako (kayes_bamako)") or "parameter". */
  group: string;
  label: string;
  kind: 'event' | 'parameter';
  initial: number;
  step: number;
  min: number;
  max: number;
  unit: string;
  format(value: number): string;
  /** A shorter form, for "(was …)"; `format` when absent. */
  brief?(value: number): string;
  /** Writes the value into `specs` (clones of the chain's specs, most derived first). */
  apply(specs: ScenarioSpec[], value: number): void;
}

/** Parameters worth a knob when the model has them: the ones planners argue about. */
export const PARAMETER_KNOBS = ['fuel_depot_target_days', 'diversion_lag', 'diversion_willingness', 'fuel_order_max_surge', 'kayes_insecurity_output_loss', 'gold_price'] as const;

type Located = { doc: number; index: number };

export function knobsFor(resolved: ResolvedScenario, docs: readonly ScenarioDoc[]): Knob[] {
  const start = resolved.start;
  const knobs: Knob[] = [];
  // The order the engine applies events in: the file extended first.
  for (let d = docs.length - 1; d >= 0; d--) {
    docs[d]!.spec.events.forEach((e, index) => knobs.push(...eventKnobs(e, { doc: d, index }, start)));
  }
  for (const name of PARAMETER_KNOBS) {
    const k = parameterKnob(resolved, name);
    if (k) knobs.push(k);
  }
  return knobs;
}

function eventAt(specs: ScenarioSpec[], at: Located): ScenarioEvent {
  const e = specs[at.doc]?.events[at.index];
  if (e === undefined) throw new Error(`what-if: no event ${at.index} in file ${at.doc}`);
  return e;
}

function dayOf(ref: TimeRef, start: string): number | undefined {
  const r = toDay(ref, start);
  return r.ok ? r.day : undefined;
}

/** A time written the way the original was: a date stays a date, "day N" stays a day. */
function timeLike(original: TimeRef, day: number, start: string): TimeRef {
  if (typeof original === 'number') return day;
  return /^day\s/.test(original.trim()) ? `day ${day}` : dateOf(start, day);
}

const share = (v: number): string => formatNumber(Math.round(v * 100) / 100);

function eventKnobs(e: ScenarioEvent, at: Located, start: string): Knob[] {
  const id = `events.${at.doc}.${at.index}`;
  const group = e.type === 'blockade' ? `blockade ${e.corridor}${e.segment ? ` (${e.segment})` : ''}` : e.type === 'demand' ? `demand${e.sector ? ` ${e.sector}` : ''}` : e.type === 'policy' ? 'policy' : `${e.type} ${e.corridor}`;
  const knobs: Knob[] = [];
  const number = (field: string, label: string, initial: number, step: number, min: number, max: number, unit: string, format = (v: number) => formatNumber(v)): Knob => ({
    id: `${id}.${field}`,
    group,
    label,
    kind: 'event',
    initial,
    step,
    min,
    max,
    unit,
    format,
    apply: (specs, v) => {
      (eventAt(specs, at) as unknown as Record<string, unknown>)[field] = v;
    },
  });
  const dateFormat = (v: number): string => dateOf(start, v);

  if (e.type === 'blockade') knobs.push(number('severity', 'severity', e.severity, 0.1, 0, 1, 'share of capacity lost', share));
  if (e.type === 'convoy') {
    const day = dayOf(e.date, start);
    if (day !== undefined) {
      knobs.push({
        ...number('date', 'arrival', day, 5, 0, 10_000, 'date', dateFormat),
        apply: (specs, v) => {
          const ev = eventAt(specs, at) as Extract<ScenarioEvent, { type: 'convoy' }>;
          ev.date = timeLike(ev.date, v, start);
        },
      });
    }
    if (e.tankers !== undefined) knobs.push(number('tankers', 'convoy size', e.tankers, 10, 10, 5000, 'tankers'));
    knobs.push(number('lost', 'share lost', e.lost, 0.1, 0, 1, 'share of the convoy', share));
    return knobs;
  }
  if (e.type === 'attacks') {
    knobs.push(number('rate', 'attack rate', e.rate, 0.01, 0, 5, 'attacks/day', (v) => formatNumber(Math.round(v * 1000) / 1000)));
    knobs.push(number('tankers_per_attack', 'tankers per attack', e.tankers_per_attack, 1, 0, 500, 'tankers'));
  }
  if (e.type === 'capacity') knobs.push(number('multiplier', 'capacity multiplier', e.multiplier, 0.1, 0, 5, '×', share));
  if (e.type === 'demand') knobs.push(number('multiplier', 'demand multiplier', e.multiplier, 0.05, 0, 5, '×', share));

  const from = dayOf(e.from, start);
  if (from === undefined) return knobs;
  knobs.push({
    ...number('from', 'start', from, 5, -10_000, 10_000, 'date', dateFormat),
    apply: (specs, v) => {
      // Moving the start keeps the duration: a closure of 60 days stays 60 days long.
      const ev = eventAt(specs, at) as Extract<ScenarioEvent, { type: 'blockade' }>;
      const f = dayOf(ev.from, start);
      const t = ev.to !== undefined ? dayOf(ev.to, start) : undefined;
      ev.from = timeLike(ev.from, v, start);
      if (ev.to !== undefined && f !== undefined && t !== undefined) ev.to = timeLike(ev.to, v + (t - f), start);
    },
  });
  const to = e.to !== undefined ? dayOf(e.to, start) : undefined;
  if (to !== undefined && e.to !== undefined) {
    knobs.push({
      ...number('duration', 'duration', to - from, 5, 1, 10_000, 'days'),
      apply: (specs, v) => {
        const ev = eventAt(specs, at) as Extract<ScenarioEvent, { type: 'blockade' }>;
        const f = dayOf(ev.from, start);
        if (f !== undefined && ev.to !== undefined) ev.to = timeLike(ev.to, f + v, start);
      },
    });
  }
  return knobs;
}

function parameterKnob(resolved: ResolvedScenario, name: string): Knob | undefined {
  const slot = resolved.model.layout.slots.get(name);
  const info = resolved.model.variables.get(name);
  if (slot === undefined || info?.kind !== 'constant') return undefined;
  // A parameter the scenario drives over time (a series, an event) has no one value to turn.
  if (resolved.overrides.series?.[name] !== undefined) return undefined;
  const initial = resolved.parameterOverrides.constants?.[name] ?? resolved.model.constantValues[slot];
  if (initial === undefined || !Number.isFinite(initial)) return undefined;
  const unit = info.unit === undefined || info.unit === '1' ? '' : info.unit;
  const isShare = unit === '' && initial <= 1;
  const step = isShare ? 0.05 : niceStep(Math.abs(initial) / 10);
  return {
    id: `parameters.${name}`,
    group: 'parameter',
    label: name,
    kind: 'parameter',
    initial,
    step,
    min: 0,
    max: isShare ? 1 : Math.max(step * 100, Math.abs(initial) * 10),
    unit,
    format: (v) => formatNumber(Math.round(v / step) * step === v ? v : Number(v.toPrecision(6))),
    apply: (specs, v) => {
      specs[0]!.parameters[name] = v;
    },
  };
}

/** 1, 2 or 5 times a power of ten, near `x`: steps a person can add up. */
export function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** The value one step up or down, kept in range and free of floating-point dust. */
export function nudge(knob: Knob, value: number, direction: 1 | -1): number {
  const next = value + direction * knob.step;
  const clean = Number(next.toPrecision(12));
  return Math.min(knob.max, Math.max(knob.min, clean));
}

/** The chain's specs with every changed knob applied (unchanged knobs leave the text as it was). */
export function applyKnobs(docs: readonly ScenarioDoc[], knobs: readonly Knob[], values: readonly number[]): ScenarioDoc[] {
  const specs = docs.map((d) => structuredClone(d.spec));
  knobs.forEach((k, i) => {
    const v = values[i];
    if (v !== undefined && v !== k.initial) k.apply(specs, v);
  });
  return docs.map((d, i) => ({ file: d.file, spec: specs[i]! }));
}
