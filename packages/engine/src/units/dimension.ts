/**
 * A unit reduced to numbers: a product of base dimensions raised to exponents, times a
 * scale to the coherent base (1 L = 0.001 m^3 → scale 0.001, exps { LENGTH: 3 }).
 * Base names are mathjs's (MASS, LENGTH, TIME, …) plus the model's custom base units.
 */
export interface Dimension {
  readonly scale: number;
  /** Base name → exponent; zero exponents are never present. */
  readonly exps: Readonly<Record<string, number>>;
}

/** A unit text that cannot be read, or units that cannot be combined as asked. */
export class UnitError extends Error {
  /** 0-based character offset into the unit text, when known. */
  position?: number;
  /** A likely intended unit name ("did you mean …"). */
  suggestion?: string;
  constructor(message: string, extra: { position?: number; suggestion?: string } = {}) {
    super(message);
    this.name = 'UnitError';
    if (extra.position !== undefined) this.position = extra.position;
    if (extra.suggestion !== undefined) this.suggestion = extra.suggestion;
  }
}

/** Exponents closer than this to an integer (or to zero) are snapped, so that pow(pow(x, 1/3), 3) is x. */
const EXPONENT_EPSILON = 1e-12;
const SCALE_RELATIVE_TOLERANCE = 1e-9;

function snap(e: number): number {
  const r = Math.round(e);
  return Math.abs(e - r) < EXPONENT_EPSILON ? r : e;
}

/** Builds a frozen Dimension; Object.fromEntries keeps a unit named "__proto__" an ordinary key. */
export function dimension(scale: number, exps: Iterable<readonly [string, number]>): Dimension {
  const kept: [string, number][] = [];
  for (const [name, e] of exps) {
    const s = snap(e);
    if (s !== 0) kept.push([name, s]);
  }
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.freeze({ scale, exps: Object.freeze(Object.fromEntries(kept)) });
}

export const DIMENSIONLESS: Dimension = dimension(1, []);

function combine(a: Dimension, b: Dimension, sign: 1 | -1, scale: number): Dimension {
  const sums = new Map<string, number>(Object.entries(a.exps));
  for (const [name, e] of Object.entries(b.exps)) sums.set(name, (sums.get(name) ?? 0) + sign * e);
  return dimension(scale, sums);
}

export function mul(a: Dimension, b: Dimension): Dimension {
  return combine(a, b, 1, a.scale * b.scale);
}

export function div(a: Dimension, b: Dimension): Dimension {
  return combine(a, b, -1, a.scale / b.scale);
}

export function pow(a: Dimension, n: number): Dimension {
  if (!Number.isFinite(n)) throw new UnitError(`a unit exponent must be a finite number, got ${n}`);
  return dimension(
    a.scale ** n,
    Object.entries(a.exps).map(([name, e]) => [name, e * n] as const),
  );
}

export function isDimensionless(a: Dimension): boolean {
  return Object.keys(a.exps).length === 0;
}

/** Same physical dimension; the scale is ignored (m^3/day and L/day are). */
export function sameDimension(a: Dimension, b: Dimension): boolean {
  const ka = Object.keys(a.exps);
  if (ka.length !== Object.keys(b.exps).length) return false;
  for (const name of ka) {
    if (!Object.hasOwn(b.exps, name)) return false;
    if (Math.abs((a.exps[name] ?? 0) - (b.exps[name] ?? 0)) > EXPONENT_EPSILON) return false;
  }
  return true;
}

/** Same dimension and, up to rounding, the same scale: a number means the same in either. */
export function sameUnit(a: Dimension, b: Dimension): boolean {
  if (!sameDimension(a, b)) return false;
  return Math.abs(a.scale - b.scale) <= SCALE_RELATIVE_TOLERANCE * Math.max(Math.abs(a.scale), Math.abs(b.scale));
}

/** What to multiply a number in `from` by to express it in `to`; null when the dimensions differ. */
export function conversionFactor(from: Dimension, to: Dimension): number | null {
  return sameDimension(from, to) ? from.scale / to.scale : null;
}

/** `value` in `from`, expressed in `to`; throws when the dimensions differ. */
export function convert(value: number, from: Dimension, to: Dimension): number {
  const factor = conversionFactor(from, to);
  if (factor === null) throw new UnitError('cannot convert between units of different dimensions');
  return value * factor;
}
