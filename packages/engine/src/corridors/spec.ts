import { z } from 'zod';
import { Distribution } from '../ensemble/distribution-schema.js';
import { Identifier, LookupSpec, Method, UnitsSpec } from '../model/schema.js';

/**
 * The corridor model as data: routes, fuel sectors, mine groups and power sources, each
 * a block that the builder turns into stocks, flows and auxiliaries. Adding a corridor is
 * adding a block here, not code.
 */

/** A sourced figure: value, unit, and where it comes from (or why it is assumed). */
export const Param = z
  .strictObject({
    value: z.union([z.number(), z.string().min(1)]),
    unit: z.string().min(1),
    source: z.string().min(1).optional(),
    assumption: z.string().min(1).optional(),
    description: z.string().optional(),
    /** The plausible range where sources disagree (for the uncertainty block). */
    range: z.tuple([z.number(), z.number()]).optional(),
  })
  .refine((p) => p.source !== undefined || p.assumption !== undefined, { message: 'every figure needs a source, or an assumption with its reason' });
export type Param = z.output<typeof Param>;

export const Segment = z.strictObject({
  label: z.string(),
  /** Traffic here crosses the Kayes region: a blockade here makes Kayes unsafe. */
  kayes: z.boolean().default(false),
});

export const Corridor = z.strictObject({
  label: z.string(),
  via: z.array(z.string()).default([]),
  segments: z.record(Identifier, Segment).default({}),
  /** This corridor carries Senegal's exports to Mali. */
  senegal_exports: z.boolean().default(false),
  cargo_share: Param,
  fuel_share: Param,
  cargo_capacity: Param,
  fuel_capacity: Param,
  transit_time: Param,
  trucks_per_day: Param,
  diversion_cost: Param,
});
export type Corridor = z.output<typeof Corridor>;

export const FuelSector = z.strictObject({
  label: z.string(),
  /** Served in this order when fuel is rationed (1 first). */
  priority: z.number().int().positive(),
  /** Normal consumption; a mine group's sector takes its demand from the group. */
  demand: Param.optional(),
  /** What the sector's fuel feeds: thermal power plants, a mine group's on-site buffer, or nothing modelled further. */
  feeds: z.union([z.literal('power'), z.literal('final'), z.strictObject({ mine_group: Identifier })]).default('final'),
});
export type FuelSector = z.output<typeof FuelSector>;

export const MineGroup = z.strictObject({
  label: z.string(),
  /** Mines in the Kayes region: output falls when Kayes is unsafe. */
  kayes: z.boolean().default(false),
  output: Param,
  fuel_demand: Param,
  fuel_buffer_days: Param,
});

export const PowerSource = z.strictObject({
  label: z.string(),
  output: Param,
});

export const CorridorModelSpec = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  timeUnit: z.literal('day').default('day'),
  time: z.strictObject({ dt: z.number().positive(), method: Method.default('euler'), save_every: z.number().positive().default(1) }),
  units: UnitsSpec.default({}),
  parameters: z.record(Identifier, Param),
  lookups: z.record(Identifier, LookupSpec),
  corridors: z.record(Identifier, Corridor),
  fuel_sectors: z.record(Identifier, FuelSector),
  mine_groups: z.record(Identifier, MineGroup),
  power_sources: z.record(Identifier, PowerSource),
  /** Key outputs, kept by default in every scenario's results. */
  outputs: z.array(Identifier).default([]),
  /** What is uncertain about the built model's parameters: the prior of every ensemble (a scenario may override each). */
  uncertainty: z.record(Identifier, Distribution).default({}),
});
export type CorridorModelSpec = z.output<typeof CorridorModelSpec>;
export type CorridorModelInput = z.input<typeof CorridorModelSpec>;
