import { z } from 'zod';

/**
 * What is known of an uncertain parameter: a distribution, in the unit given (the model's
 * unit when left out), with where the range comes from. Every form is sampled by inversion
 * of one uniform, so Latin hypercube strata map to strata of the parameter.
 */
const where = {
  unit: z.string().min(1).optional().describe('unit of the numbers below; the model unit of the parameter when left out'),
  source: z.string().min(1).optional().describe('where the range comes from (a URL or a reference-file section)'),
  assumption: z.string().min(1).optional().describe('why this range, when no source gives it'),
};

const finite = z.number().refine(Number.isFinite, 'a finite number');

const Uniform = z
  .strictObject({ distribution: z.literal('uniform'), min: finite, max: finite, ...where })
  .refine((d) => d.min <= d.max, { message: 'a max not below min', path: ['max'] });

const Triangular = z
  .strictObject({ distribution: z.literal('triangular'), min: finite, mode: finite, max: finite, ...where })
  .refine((d) => d.min <= d.mode && d.mode <= d.max, { message: 'a mode between min and max', path: ['mode'] });

const Normal = z
  .strictObject({
    distribution: z.literal('normal'),
    mean: finite,
    sd: z.number().positive('a standard deviation above 0'),
    /** Truncation: draws stay within [min, max] (the tails are cut, not piled at the ends). */
    min: finite.optional(),
    max: finite.optional(),
    ...where,
  })
  .refine((d) => d.min === undefined || d.max === undefined || d.min < d.max, { message: 'a max above min', path: ['max'] });

const Lognormal = z.strictObject({
  distribution: z.literal('lognormal'),
  /** The median of the parameter itself (exp of the mean of its log). */
  median: z.number().positive('a median above 0'),
  /** The standard deviation of the log of the parameter. */
  sigma: z.number().positive('a sigma above 0'),
  ...where,
});

const Discrete = z
  .strictObject({
    distribution: z.literal('discrete'),
    values: z.array(finite).min(1),
    /** Relative weights; equal when left out. */
    weights: z.array(z.number().nonnegative()).optional(),
    ...where,
  })
  .refine((d) => d.weights === undefined || d.weights.length === d.values.length, { message: 'one weight for each value', path: ['weights'] })
  .refine((d) => d.weights === undefined || d.weights.some((w) => w > 0), { message: 'at least one weight above 0', path: ['weights'] });

export const Distribution = z.discriminatedUnion('distribution', [Uniform, Triangular, Normal, Lognormal, Discrete]);
export type Distribution = z.output<typeof Distribution>;

export const Sampling = z.enum(['latin_hypercube', 'monte_carlo']);
export type Sampling = z.output<typeof Sampling>;
