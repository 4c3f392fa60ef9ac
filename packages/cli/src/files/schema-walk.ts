import type {
  $ZodArrayDef,
  $ZodDiscriminatedUnionDef,
  $ZodIntersectionDef,
  $ZodLazyDef,
  $ZodObjectDef,
  $ZodOptionalDef,
  $ZodPipeDef,
  $ZodRecordDef,
  $ZodTupleDef,
  $ZodType,
} from 'zod/v4/core';
import type { DataPath } from './yaml-source.js';

/**
 * Finding the schema that describes a place in the data, so that a diagnostic can say what
 * would have been right there (the keys an object allows, the length a tuple wants). zod's
 * issues do not carry this. We read `_zod.def`, the part of zod meant for libraries that
 * walk schemas; anything we do not recognise yields nothing and the message gets vaguer.
 */

/** Wrappers that do not change which keys or items a value may have. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'catch', 'readonly']);

/** The schema with wrappers, pipes and lazies taken off. */
export function unwrap(schema: $ZodType): $ZodType {
  let current = schema;
  // A bound, because a lazy schema may refer to itself.
  for (let guard = 0; guard < 64; guard++) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type)) current = (def as $ZodOptionalDef).innerType;
    // What a user writes is the pipe's input side; the output side never sees the file.
    else if (def.type === 'pipe') current = (def as $ZodPipeDef).in;
    else if (def.type === 'lazy') current = (def as $ZodLazyDef).getter();
    else return current;
  }
  return current;
}

/**
 * The concrete (non-union, unwrapped) schemas `value` is meant to match. A discriminated
 * union picks the option named by the value's discriminator when it names one; otherwise
 * every option is a candidate.
 */
export function alternatives(schema: $ZodType, value: unknown): $ZodType[] {
  const s = unwrap(schema);
  const def = s._zod.def;
  if (def.type === 'union') {
    const { options, discriminator } = def as $ZodDiscriminatedUnionDef;
    let chosen: readonly $ZodType[] = options;
    if (discriminator !== undefined && isRecord(value)) {
      const tag = value[discriminator];
      const matching = options.filter((o) => o._zod.propValues?.[discriminator]?.has(tag as never) ?? false);
      if (matching.length > 0) chosen = matching;
    }
    return chosen.flatMap((o) => alternatives(o, value));
  }
  if (def.type === 'intersection') {
    const { left, right } = def as $ZodIntersectionDef;
    return [...alternatives(left, value), ...alternatives(right, value)];
  }
  return [s];
}

/** The schemas for the child `segment` of a value described by the concrete schema `s`. */
function childSchemas(s: $ZodType, segment: string | number): $ZodType[] {
  const def = s._zod.def;
  switch (def.type) {
    case 'object': {
      const { shape, catchall } = def as $ZodObjectDef;
      const child = Object.hasOwn(shape, segment) ? shape[segment] : catchall;
      return child ? [child] : [];
    }
    case 'record':
      return [(def as $ZodRecordDef).valueType];
    case 'array':
      return typeof segment === 'number' ? [(def as $ZodArrayDef).element] : [];
    case 'tuple': {
      const { items, rest } = def as $ZodTupleDef;
      if (typeof segment !== 'number') return [];
      const item = items[segment] ?? rest;
      return item ? [item] : [];
    }
    default:
      return [];
  }
}

/**
 * The schemas at `path` below `schema`, unwrapped but with a union at the end left whole
 * (a caller reporting on a failed union needs its options in order). `data` is the value
 * `schema` describes; it picks options of unions on the way down.
 */
export function schemasAt(schema: $ZodType, path: DataPath, data: unknown): $ZodType[] {
  let current = [unwrap(schema)];
  let value = data;
  for (const segment of path) {
    const next: $ZodType[] = [];
    for (const s of current) for (const alt of alternatives(s, value)) next.push(...childSchemas(alt, segment));
    value = childOf(value, segment);
    current = next.map(unwrap);
  }
  return current;
}

/** The keys an object at this place may have, in the order the schema declares them. */
export function allowedKeys(schemas: readonly $ZodType[], value: unknown): string[] | undefined {
  const keys = new Set<string>();
  let sawObject = false;
  for (const s of schemas) {
    for (const alt of alternatives(s, value)) {
      if (alt._zod.def.type !== 'object') continue;
      sawObject = true;
      for (const key of Object.keys((alt._zod.def as $ZodObjectDef).shape)) keys.add(key);
    }
  }
  return sawObject ? [...keys] : undefined;
}

/** The keys an object schema cannot do without (neither optional nor defaulted). */
export function requiredKeys(schema: $ZodType): string[] {
  const s = unwrap(schema);
  if (s._zod.def.type !== 'object') return [];
  const { shape } = s._zod.def as $ZodObjectDef;
  return Object.keys(shape).filter((k) => shape[k]?._zod.optin === undefined);
}

/** A tuple's fixed length, when every schema at this place is a tuple without a rest. */
export function tupleLength(schemas: readonly $ZodType[], value: unknown): number | undefined {
  const lengths = new Set<number>();
  for (const s of schemas) {
    for (const alt of alternatives(s, value)) {
      const def = alt._zod.def;
      if (def.type !== 'tuple' || (def as $ZodTupleDef).rest) return undefined;
      lengths.add((def as $ZodTupleDef).items.length);
    }
  }
  return lengths.size === 1 ? [...lengths][0] : undefined;
}

export function childOf(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value)) return typeof segment === 'number' ? value[segment] : undefined;
  if (isRecord(value)) return Object.hasOwn(value, segment) ? value[segment] : undefined;
  return undefined;
}

export function valueAt(data: unknown, path: DataPath): unknown {
  let value = data;
  for (const segment of path) value = childOf(value, segment);
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
