import { corridorTargets, FUEL_DEMAND_MULTIPLIER, KAYES_INSECURITY, sectorTargets } from '../corridors/build.js';
import type { CorridorModelSpec } from '../corridors/spec.js';
import { issue, type EngineIssue } from '../errors.js';
import { nearest } from '../text/suggest.js';
import { conversionFactor, type UnitSystem } from '../units/index.js';
import { toDay } from './dates.js';
import type { Event, TimeRef } from './schema.js';
import { combine, window, type Timeline } from './timeline.js';

/**
 * Turns dated events into time series of the model's parameters. Events stack:
 * blockades of one corridor combine as independent losses (1 − Π(1 − sᵢ)); capacity and
 * demand multipliers multiply; attack rates add; convoys add; a policy's values hold
 * inside its window, the latest window winning.
 */

export interface EventContext {
  spec: CorridorModelSpec;
  start: string;
  dt: number;
  units: UnitSystem;
  /** The model's constants: default value and unit. */
  constants: ReadonlyMap<string, { value: number; unit?: string }>;
}

/** What each event was read as, with its times in days; for charts and reports. */
export interface ResolvedEvent {
  index: number;
  type: Event['type'];
  label: string;
  from: number;
  to?: number;
}

export interface EventSeries {
  series: Map<string, Timeline>;
  resolved: ResolvedEvent[];
  issues: EngineIssue[];
}

/** A set layer's parts are windows of 1; `values` holds what each window sets. */
type Layer = { kind: 'loss' | 'product' | 'sum' | 'set'; base: number; parts: Timeline[]; values: number[] };

export function eventsToSeries(events: readonly Event[], ctx: EventContext): EventSeries {
  const issues: EngineIssue[] = [];
  const layers = new Map<string, Layer>();
  const resolved: ResolvedEvent[] = [];
  const layer = (target: string, kind: Layer['kind']): Layer => {
    let l = layers.get(target);
    if (l === undefined) {
      l = { kind, base: ctx.constants.get(target)?.value ?? 0, parts: [], values: [] };
      layers.set(target, l);
    }
    return l;
  };

  const corridors = Object.keys(ctx.spec.corridors);
  const sectors = Object.keys(ctx.spec.fuel_sectors);
  events.forEach((e, i) => {
    const at = (field: string): (string | number)[] => ['events', i, field];
    const bad = (field: string, message: string, suggestion?: string): void => {
      issues.push(issue('invalid_model', message, at(field), suggestion !== undefined ? { suggestion } : {}));
    };
    const day = (ref: TimeRef | undefined, field: string): number | undefined => {
      if (ref === undefined) return undefined;
      const r = toDay(ref, ctx.start);
      if (!r.ok) bad(field, r.message);
      return r.ok ? r.day : undefined;
    };
    const corridor = (name: string): boolean => {
      if (ctx.spec.corridors[name] !== undefined) return true;
      const s = nearest(name, corridors);
      bad('corridor', `unknown corridor "${name}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}; the model has: ${corridors.join(', ')}`, s);
      return false;
    };
    const span = (fromRef: TimeRef, toRef: TimeRef | undefined): { from: number; to: number | undefined } | undefined => {
      const from = day(fromRef, 'from');
      const to = day(toRef, 'to');
      if (from === undefined || (toRef !== undefined && to === undefined)) return undefined;
      if (to !== undefined && to <= from) {
        const show = (ref: TimeRef, d: number): string => (typeof ref === 'string' && /^\d{4}-/.test(ref.trim()) ? `${ref.trim()}, day ${d}` : `day ${d}`);
        bad('to', `"to" (${show(toRef!, to)}) must come after "from" (${show(fromRef, from)})`);
        return undefined;
      }
      return { from, to };
    };

    switch (e.type) {
      case 'blockade': {
        if (!corridor(e.corridor)) return;
        const c = ctx.spec.corridors[e.corridor]!;
        if (e.segment !== undefined && c.segments[e.segment] === undefined) {
          const segs = Object.keys(c.segments);
          const s = nearest(e.segment, segs);
          bad('segment', `corridor ${e.corridor} has no segment "${e.segment}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}; its segments: ${segs.join(', ')}`, s);
          return;
        }
        const w = span(e.from, e.to);
        if (w === undefined) return;
        const onset = e.onset === 'immediate' ? 0 : e.onset.ramp;
        const lifting = e.lifting === 'immediate' ? 0 : e.lifting.ramp;
        const tl = window(e.severity, w.from, w.to, onset, lifting);
        const t = corridorTargets(e.corridor);
        if (e.commodity !== 'cargo') layer(t.fuelBlockade, 'loss').parts.push(tl);
        if (e.commodity !== 'fuel') layer(t.cargoBlockade, 'loss').parts.push(tl);
        if (e.segment !== undefined && c.segments[e.segment]!.kayes) layer(KAYES_INSECURITY, 'loss').parts.push(tl);
        resolved.push({ index: i, type: e.type, label: `${e.commodity === 'all' ? '' : `${e.commodity} `}blockade ${c.label}${e.segment !== undefined ? ` (${c.segments[e.segment]!.label})` : ''}`, from: w.from, ...(w.to !== undefined ? { to: w.to } : {}) });
        return;
      }
      case 'convoy': {
        if (!corridor(e.corridor)) return;
        if ((e.tankers === undefined) === (e.volume === undefined)) {
          bad(e.tankers === undefined ? 'tankers' : 'volume', 'a convoy gives either "tankers" or "volume", not both and not neither');
          return;
        }
        let volume: number;
        if (e.volume !== undefined) {
          const v = convert(e.volume, 'm^3', ctx.units);
          if (!v.ok) return bad('volume', v.message);
          volume = v.value;
        } else volume = e.tankers! * (ctx.constants.get('tanker_load')?.value ?? NaN);
        const first = day(e.date, 'date');
        const until = day(e.until, 'until');
        if (first === undefined || (e.until !== undefined && until === undefined)) return;
        if (e.every === undefined && e.until !== undefined) return bad('until', '"until" goes with "every" (a repeating convoy)');
        if (Math.abs(1 / ctx.dt - Math.round(1 / ctx.dt)) > 1e-9) return bad('date', `convoys arrive over one day, so dt (${ctx.dt}) must divide a day`);
        const dates: number[] = [];
        for (let d = first; d <= (until ?? first) + 1e-9 && dates.length < 10_000; d += e.every ?? Infinity) dates.push(d);
        const t = corridorTargets(e.corridor);
        // Delivered over one day, so the arrival is the same at any dt that divides a day.
        for (const d of dates) {
          layer(t.convoyDelivery, 'sum').parts.push(window(volume * (1 - e.lost), d, d + 1));
          if (e.lost > 0) layer(t.convoyLoss, 'sum').parts.push(window(volume * e.lost, d, d + 1));
        }
        resolved.push({ index: i, type: e.type, label: `convoy on ${ctx.spec.corridors[e.corridor]!.label}${dates.length > 1 ? ` ×${dates.length}` : ''}`, from: first, ...(until !== undefined ? { to: until } : {}) });
        return;
      }
      case 'attacks': {
        if (!corridor(e.corridor)) return;
        const w = span(e.from, e.to);
        if (w === undefined) return;
        const t = corridorTargets(e.corridor);
        // Overlapping attack periods add their rates; tankers per attack is their rate-weighted mean.
        layer(t.attackRate, 'sum').parts.push(window(e.rate, w.from, w.to));
        layer(`${t.attackRate}:losses`, 'sum').parts.push(window(e.rate * e.tankers_per_attack, w.from, w.to));
        resolved.push({ index: i, type: e.type, label: `attacks on ${ctx.spec.corridors[e.corridor]!.label}`, from: w.from, ...(w.to !== undefined ? { to: w.to } : {}) });
        return;
      }
      case 'capacity': {
        if (!corridor(e.corridor)) return;
        const w = span(e.from, e.to);
        if (w === undefined) return;
        layer(corridorTargets(e.corridor).capacityMultiplier, 'product').parts.push(window(e.multiplier - 1, w.from, w.to));
        resolved.push({ index: i, type: e.type, label: `capacity ×${e.multiplier} on ${ctx.spec.corridors[e.corridor]!.label}`, from: w.from, ...(w.to !== undefined ? { to: w.to } : {}) });
        return;
      }
      case 'demand': {
        if (e.sector !== undefined && !sectors.includes(e.sector)) {
          const s = nearest(e.sector, sectors);
          return bad('sector', `unknown fuel sector "${e.sector}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}; the model has: ${sectors.join(', ')}`, s);
        }
        const w = span(e.from, e.to);
        if (w === undefined) return;
        const target = e.sector === undefined ? FUEL_DEMAND_MULTIPLIER : sectorTargets(e.sector).demandMultiplier;
        layer(target, 'product').parts.push(window(e.multiplier - 1, w.from, w.to));
        resolved.push({ index: i, type: e.type, label: `fuel demand ×${e.multiplier}${e.sector !== undefined ? ` (${e.sector})` : ''}`, from: w.from, ...(w.to !== undefined ? { to: w.to } : {}) });
        return;
      }
      case 'policy': {
        const w = span(e.from, e.to);
        if (w === undefined) return;
        if (e.set === undefined && e.priority === undefined) return bad('set', 'a policy sets parameters ("set") or a rationing order ("priority")');
        const values = new Map<string, number>(Object.entries(e.set ?? {}));
        for (const name of values.keys()) {
          if (!ctx.constants.has(name)) {
            const s = nearest(name, ctx.constants.keys());
            bad('set', `unknown parameter "${name}"${s !== undefined ? ` (did you mean "${s}"?)` : ''}`, s);
            return;
          }
        }
        if (e.priority !== undefined) {
          for (const s of e.priority) {
            if (!sectors.includes(s)) {
              const n = nearest(s, sectors);
              return bad('priority', `unknown fuel sector "${s}"${n !== undefined ? ` (did you mean "${n}"?)` : ''}; the model has: ${sectors.join(', ')}`, n);
            }
          }
          // Listed sectors first, in the order given; the others after, keeping their usual
          // priorities (and so their ties: equal priorities still share a shortage).
          e.priority.forEach((s, k) => values.set(sectorTargets(s).priority, k + 1));
          for (const s of sectors) if (!e.priority.includes(s)) values.set(sectorTargets(s).priority, e.priority.length + ctx.spec.fuel_sectors[s]!.priority);
        }
        for (const [name, value] of values) {
          const l = layer(name, 'set');
          l.parts.push(window(1, w.from, w.to));
          l.values.push(value);
        }
        resolved.push({ index: i, type: e.type, label: `policy${e.priority !== undefined ? `: priority ${e.priority.join(' > ')}` : ''}${e.set !== undefined ? `: ${Object.entries(e.set).map(([k, v]) => `${k} = ${v}`).join(', ')}` : ''}`, from: w.from, ...(w.to !== undefined ? { to: w.to } : {}) });
        return;
      }
    }
  });

  const series = new Map<string, Timeline>();
  for (const [target, l] of layers) {
    if (target.endsWith(':losses')) continue;
    series.set(target, fold(l));
  }
  for (const c of corridors) {
    const t = corridorTargets(c);
    const rate = layers.get(t.attackRate);
    const losses = layers.get(`${t.attackRate}:losses`);
    if (rate === undefined || losses === undefined) continue;
    series.set(t.tankersPerAttack, combine([...rate.parts, ...losses.parts], (vs) => {
      const r = vs.slice(0, rate.parts.length).reduce((a, b) => a + b, 0);
      const l = vs.slice(rate.parts.length).reduce((a, b) => a + b, 0);
      return r > 0 ? l / r : 0;
    }));
  }
  return { series, resolved, issues };
}

function fold(l: Layer): Timeline {
  switch (l.kind) {
    case 'loss':
      return combine(l.parts, (vs) => 1 - vs.reduce((p, s) => p * (1 - s), 1 - l.base));
    case 'product':
      // Parts hold (multiplier − 1) inside their windows and 0 outside.
      return combine(l.parts, (vs) => vs.reduce((p, m) => p * (1 + m), l.base));
    case 'sum':
      return combine(l.parts, (vs) => vs.reduce((a, b) => a + b, l.base));
    case 'set':
      // Inside a window the part's value holds; the last event listed wins where windows overlap.
      return combine(l.parts, (vs) => vs.reduce((out, inside, k) => (inside > 0.5 ? l.values[k]! : out), l.base));
  }
}

function convert(q: string | number, to: string, units: UnitSystem): { ok: true; value: number } | { ok: false; message: string } {
  if (typeof q === 'number') return { ok: true, value: q };
  try {
    const parsed = units.parseQuantity(q);
    const f = conversionFactor(parsed.dim, units.parse(to));
    if (f === null) return { ok: false, message: `"${q}" cannot be converted to ${to}` };
    return { ok: true, value: parsed.value * f };
  } catch (err) {
    return { ok: false, message: `cannot read "${q}": ${(err as Error).message}` };
  }
}
