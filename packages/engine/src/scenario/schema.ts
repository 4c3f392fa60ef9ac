import { z } from 'zod';
import { Identifier } from '../model/schema.js';
import { Distribution, Sampling } from '../ensemble/distribution-schema.js';
import { epochDay } from './dates.js';

/**
 * The scenario language: a YAML file that reads like a briefing. Times are dates
 * (`2025-09-03`) or day offsets from the start (`day 64`, or a bare number of days).
 * Events are a tagged union, closed by an exhaustive switch where they are applied.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = /^day\s+-?\d+(\.\d+)?$/;

/** A time: an ISO date, `day N`, or a number of days from the start. */
export const TimeRef = z.union(
  [
    z.number(),
    z
      .string()
      .trim()
      .refine((s) => (DATE.test(s) && epochDay(s) !== undefined) || DAY.test(s), { message: 'a date that exists, like 2025-09-03, or a day offset like "day 64"' }),
  ],
  { error: 'a date like 2025-09-03, or a day offset like "day 64"' },
);
export type TimeRef = z.infer<typeof TimeRef>;

/** How a change starts or ends: at once, or linearly over some days. */
export const Shape = z.union([z.literal('immediate'), z.strictObject({ ramp: z.number().nonnegative() })]);

/** A number, or a number with a unit (`46000 L`, `5.2e6 L/day`). */
export const Quantity = z.union([z.number(), z.string().min(1)]);

export const SeriesOverride = z.strictObject({
  series: z.array(z.tuple([TimeRef, z.number()])).min(1),
  unit: z.string().optional(),
  interpolation: z.enum(['linear', 'step']).default('linear'),
});
export const LookupOverride = z.strictObject({ lookup: z.array(z.tuple([z.number(), z.number()])).min(1) });
export const ParameterValue = z.union([Quantity, SeriesOverride, LookupOverride]);

const Severity = z.number().min(0, 'a share from 0 to 1').max(1, 'a share from 0 to 1');

const Blockade = z.strictObject({
  type: z.literal('blockade'),
  corridor: Identifier.describe('the corridor blockaded, e.g. dakar_bamako'),
  segment: Identifier.optional().describe('a segment of the corridor, e.g. kayes_bamako; segments in the Kayes region make Kayes unsafe'),
  from: TimeRef.describe('when it starts: a date (2025-09-03) or "day N"'),
  to: TimeRef.optional().describe('when it lifts; open-ended when left out'),
  severity: Severity.default(1).describe('share of capacity lost, 0 to 1'),
  /** What the blockade stops: fuel tankers, general cargo, or both. */
  commodity: z.enum(['all', 'fuel', 'cargo']).default('all'),
  onset: Shape.default('immediate'),
  lifting: Shape.default('immediate'),
  note: z.string().optional(),
});

const Convoy = z.strictObject({
  type: z.literal('convoy'),
  corridor: Identifier,
  date: TimeRef.describe('the day the convoy reaches Bamako'),
  tankers: z.number().positive().optional().describe('number of tankers (or give volume)'),
  volume: Quantity.optional().describe('fuel carried, with a unit: "12e6 L"'),
  /** Share of the convoy lost on the way (burned or seized). */
  lost: Severity.default(0),
  /** Repeat every N days until `until`. */
  every: z.number().positive().optional(),
  until: TimeRef.optional(),
  note: z.string().optional(),
});

const Attacks = z.strictObject({
  type: z.literal('attacks'),
  corridor: Identifier,
  from: TimeRef,
  to: TimeRef.optional(),
  /** Attacks per day on the corridor's tankers. */
  rate: z.number().nonnegative().describe('attacks per day'),
  tankers_per_attack: z.number().nonnegative().describe('tankers destroyed per attack'),
  note: z.string().optional(),
});

const Capacity = z.strictObject({
  type: z.literal('capacity'),
  corridor: Identifier,
  from: TimeRef,
  to: TimeRef.optional(),
  /** Multiplies the corridor's capacity (fuel and cargo). */
  multiplier: z.number().nonnegative(),
  note: z.string().optional(),
});

const Demand = z.strictObject({
  type: z.literal('demand'),
  /** A fuel sector; all of fuel demand when left out. */
  sector: Identifier.optional(),
  from: TimeRef,
  to: TimeRef.optional(),
  multiplier: z.number().nonnegative(),
  note: z.string().optional(),
});

const Policy = z.strictObject({
  type: z.literal('policy'),
  from: TimeRef,
  to: TimeRef.optional(),
  /** Parameters set to these values from `from` (until `to`, when given). */
  set: z.record(Identifier, z.number()).optional(),
  /** Fuel sectors in the order they are served when fuel is rationed. */
  priority: z.array(Identifier).min(1).optional(),
  note: z.string().optional(),
});

export const Event = z.discriminatedUnion('type', [Blockade, Convoy, Attacks, Capacity, Demand, Policy]);
export type Event = z.output<typeof Event>;
export type EventInput = z.input<typeof Event>;

/** A threshold whose first crossing is reported, e.g. fuel cover below 1 day. */
export const Crossing = z
  .strictObject({
    /** The name it is reported under; `<series>_below_<value>` (or `_above_`) when left out. */
    name: Identifier.optional(),
    series: Identifier.describe('the output series watched'),
    below: z.number().optional().describe('reported when the series first falls below this'),
    above: z.number().optional().describe('reported when the series first rises above this'),
    /** The threshold is a share of the no-event baseline at the same time (0.5: half of normal). */
    of_baseline: z.boolean().default(false),
  })
  .refine((c) => (c.below === undefined) !== (c.above === undefined), { message: 'one of "below" or "above" (not both)' });

/** Runs of an ensemble, and what varies between them. */
export const Uncertainty = z.strictObject({
  sampling: Sampling.default('latin_hypercube').describe('latin_hypercube (each stratum of each parameter once) or monte_carlo'),
  parameters: z.record(Identifier, Distribution).default({}).describe("distributions of model parameters, over the model file's own uncertainty block"),
});

export const ScenarioSpec = z.strictObject({
  /** The question the scenario answers, in one line. */
  question: z.string().optional().describe('the question the scenario answers, in one line'),
  description: z.string().optional(),
  /** The model file, relative to this file; inherited through `extends`. */
  model: z.string().optional().describe('the model file, relative to this file'),
  /** Another scenario file this one builds on, relative to this file. */
  extends: z.string().optional().describe('another scenario file this one builds on, relative to this file'),
  start: z
    .string()
    .refine((s) => DATE.test(s) && epochDay(s) !== undefined, { message: 'a date that exists, like 2025-09-01' })
    .optional().describe('the first day of the scenario, e.g. 2025-09-01'),
  /** Days to simulate. */
  horizon: z.number().positive().optional().describe('days to simulate'),
  seed: z.number().int().nonnegative().optional(),
  /** Runs of the ensemble: 1 runs the scenario once with every parameter at its value. */
  runs: z.number().int().positive().max(10_000_000).optional().describe('runs of the ensemble; 1 (the default) runs once with nominal values'),
  uncertainty: Uncertainty.optional(),
  /** Thresholds whose first crossing is reported (the model's standard ones are always reported). */
  crossings: z.array(Crossing).optional(),
  method: z.enum(['euler', 'rk4']).optional(),
  dt: z.number().positive().optional(),
  /** Days between saved points of the output series. */
  save_every: z.number().positive().optional(),
  parameters: z.record(Identifier, ParameterValue).default({}).describe('model parameters to change: a number, a number with a unit ("5.2e6 L/day"), a dated series or a lookup'),
  events: z.array(Event).default([]).describe('dated events: blockade, convoy, attacks, capacity, demand, policy'),
  /** false: this file's events replace those of the files it extends (a tweaked copy of them, as `corridor ui` saves). */
  inherit_events: z.boolean().optional().describe("false: this file's events replace those of the files it extends instead of adding to them"),
  /** Series to keep in the outputs; the model's key outputs when left out. */
  outputs: z.array(Identifier).optional(),
});
export type ScenarioSpec = z.output<typeof ScenarioSpec>;
export type ScenarioInput = z.input<typeof ScenarioSpec>;
