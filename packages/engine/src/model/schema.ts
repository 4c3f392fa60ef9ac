import { z } from 'zod';

/**
 * A model as data. The zod schema and the TypeScript types are twins: the types are
 * inferred from the schema so they cannot drift apart.
 */

// `__proto__` is refused: as an object key it would silently vanish from the model.
const identifier = /^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]*$/;
export const Identifier = z.string().regex(identifier, 'a name: letters, digits and _, not starting with a digit (and not __proto__)');

/** An equation: a mathjs expression, or a plain number. */
export const Equation = z.union([z.string().min(1), z.number()]);

const Documented = {
  description: z.string().optional(),
};

export const ConstantSpec = z
  .object({
    /** A number in `unit`, or a number with its own compatible unit: `46000 L`, `1.3e6 m^3/year`. */
    value: z.union([z.number(), z.string().min(1)]),
    unit: z.string().optional(),
    /** Where the figure comes from (a URL or a citation). */
    source: z.string().optional(),
    /** Why the figure is assumed, where no source exists. */
    assumption: z.string().optional(),
    ...Documented,
  })
  .strict();

export const StockSpec = z
  .object({
    initial: Equation,
    unit: z.string().optional(),
    inflows: z.array(Identifier).default([]),
    outflows: z.array(Identifier).default([]),
    /** Outflows are scaled down so that the stock never holds less than zero. */
    nonNegative: z.boolean().default(false),
    source: z.string().optional(),
    assumption: z.string().optional(),
    ...Documented,
  })
  .strict();

export const VariableSpec = z
  .object({
    equation: Equation,
    unit: z.string().optional(),
    source: z.string().optional(),
    assumption: z.string().optional(),
    ...Documented,
  })
  .strict();

export const LookupSpec = z
  .object({
    /** [x, y] pairs with strictly increasing x; values outside the range are clamped to the ends. */
    points: z.array(z.tuple([z.number(), z.number()])).min(1),
    xUnit: z.string().optional(),
    yUnit: z.string().optional(),
    source: z.string().optional(),
    assumption: z.string().optional(),
    ...Documented,
  })
  .strict();

export const Method = z.enum(['euler', 'rk4']);

export const TimeSpec = z
  .object({
    start: z.number(),
    stop: z.number(),
    dt: z.number().positive(),
    /** How often results are recorded; a whole multiple of dt. Defaults to dt. */
    savePeriod: z.number().positive().optional(),
    method: Method.default('euler'),
  })
  .strict();

/**
 * Custom units: `null` (or '') declares a new base unit (`tanker`, `CFA`); a string defines a
 * unit from others (`bn_CFA: 1e9 CFA`).
 */
export const UnitsSpec = z.record(Identifier, z.union([z.string(), z.null()]));

export const ModelSpec = z
  .object({
    name: z.string().optional(),
    ...Documented,
    /** The unit of model time; flows are stock units per this unit. */
    timeUnit: z.string().default('day'),
    time: TimeSpec,
    units: UnitsSpec.default({}),
    constants: z.record(Identifier, ConstantSpec).default({}),
    stocks: z.record(Identifier, StockSpec).default({}),
    flows: z.record(Identifier, VariableSpec).default({}),
    auxiliaries: z.record(Identifier, VariableSpec).default({}),
    lookups: z.record(Identifier, LookupSpec).default({}),
  })
  .strict();

/** A model as written (defaults optional). */
export type ModelInput = z.input<typeof ModelSpec>;
/** A model after validation (defaults filled in). */
export type Model = z.output<typeof ModelSpec>;
export type ConstantDef = z.output<typeof ConstantSpec>;
export type StockDef = z.output<typeof StockSpec>;
export type VariableDef = z.output<typeof VariableSpec>;
export type LookupDef = z.output<typeof LookupSpec>;
export type TimeDef = z.output<typeof TimeSpec>;
export type IntegrationMethod = z.output<typeof Method>;
