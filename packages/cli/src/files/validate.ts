import { nearest } from '@corridor/engine';
import type { z } from 'zod';
import type { $ZodIssue, $ZodType, $ZodUnionDef } from 'zod/v4/core';
import { sortDiagnostics } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import { allowedKeys, isRecord, requiredKeys, schemasAt, tupleLength, unwrap, valueAt } from './schema-walk.js';
import { DUPLICATE_KEY } from './yaml-source.js';
import type { DataPath, Which, YamlSource } from './yaml-source.js';

export interface Validated<T> {
  /** Present only when the file is free of problems, duplicate keys included. */
  data?: T;
  diagnostics: Diagnostic[];
}

/**
 * The message zod gives an issue whose schema has no message of its own. Passing it as the
 * per-parse error map lets us tell zod's defaults (which we reword from the issue's facts)
 * from the schema author's messages (which we keep), since a schema's own message wins.
 */
const NO_MESSAGE = '\u0000corridor:no-message';

/** Codes on validation diagnostics, for programs and tests that should not match wording. */
export const VALIDATION_CODES = {
  unknownKey: 'unknown_key',
  missingKey: 'missing_key',
  wrongType: 'wrong_type',
  unknownValue: 'unknown_value',
  unknownType: 'unknown_type',
  outOfRange: 'out_of_range',
  badKey: 'bad_key',
  invalid: 'invalid',
} as const;

/**
 * Validates a parsed YAML file against a schema: one diagnostic per problem, each at the key or
 * value it is about. A file with YAML syntax errors is not validated, since its data is a
 * guess and would only add confusing follow-on errors; duplicate keys leave a well-formed
 * tree, so those files are validated too, to report everything in one pass.
 */
export function validateWith<T>(schema: z.ZodType<T>, source: YamlSource): Validated<T> {
  const yamlProblems = source.diagnostics;
  if (source.data === undefined || yamlProblems.some((d) => d.code !== DUPLICATE_KEY)) {
    return { diagnostics: sortDiagnostics(yamlProblems) };
  }
  const result = schema.safeParse(source.data, { error: () => NO_MESSAGE });
  if (result.success && yamlProblems.length === 0) return { data: result.data, diagnostics: [] };
  const findings = result.success ? [] : result.error.issues.flatMap((issue) => explain(issue, { source, schemas: [schema], base: [] }));
  return { diagnostics: sortDiagnostics(unique([...yamlProblems, ...dropEchoes(findings)])) };
}

/**
 * A diagnostic for a problem the engine found after validation; the engine reports a path into
 * the data (`['events', 2, 'to']`), and this finds it in the file.
 */
export function diagnosticAt(source: YamlSource, path: DataPath, message: string, which: Which = 'value'): Diagnostic {
  return { file: source.file, ...source.locate(path, which), message };
}

/** A value reached twice through a YAML alias fails twice at the same place; once is enough. */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.file, d.line, d.column, d.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where we are while explaining an issue: inside a union's option, paths start below `base`. */
interface Context {
  source: YamlSource;
  /** The schemas that describe the value at `base`; empty when we could not tell. */
  schemas: readonly $ZodType[];
  base: DataPath;
}

interface Finding {
  diagnostic: Diagnostic;
  /** For a missing key: the parent's path (as JSON) and the key. */
  missing?: string;
  /** For an unknown key with a suggestion: the parent's path (as JSON) and the suggested key. */
  suggested?: string;
}

/**
 * `corridr: niger` is one slip, but zod sees two problems: an unknown key and a missing
 * `corridor`. The did-you-mean already says everything, so the missing key is not repeated.
 */
function dropEchoes(findings: Finding[]): Diagnostic[] {
  const suggested = new Set(findings.flatMap((f) => (f.suggested ? [f.suggested] : [])));
  return findings.filter((f) => !(f.missing && suggested.has(f.missing))).map((f) => f.diagnostic);
}

function explain(issue: $ZodIssue, ctx: Context): Finding[] {
  const { source } = ctx;
  const relative = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  const path = [...ctx.base, ...relative];
  const value = valueAt(source.data, path);
  const custom = issue.message === NO_MESSAGE ? undefined : issue.message;
  const found = (): string => describe(value, path.length === 0 && source.doc.contents == null);
  const expected = (what: string): string => `expected ${what}, found ${found()}`;
  // A schema's own message names what belongs here ("a date like 2025-09-01"); one written as a
  // sentence (capitalised) is shown as it is.
  const fromSchema = (message: string): string => (/^[A-Z]/.test(message) ? message : expected(message));
  const withCustom = (fallback: () => string): string => (custom === undefined ? fallback() : fromSchema(custom));
  const at = (message: string, code: string, which: Which = 'value'): Finding[] => [
    { diagnostic: { ...diagnosticAt(source, path, message, which), code } },
  ];
  const schemasHere = (): $ZodType[] => {
    const baseValue = valueAt(source.data, ctx.base);
    return ctx.schemas.flatMap((s) => schemasAt(s, relative, baseValue));
  };

  const key = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  if (issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_key' && typeof key === 'string' && value === undefined) {
    const parent = valueAt(source.data, parentPath);
    if (isRecord(parent) && !Object.hasOwn(parent, key)) {
      const tags = issue.code === 'invalid_union' && issue.discriminator === key ? discriminatorValues(issue) : undefined;
      const options = tags ? ` (one of: ${list(tags)})` : '';
      return [
        {
          diagnostic: { ...diagnosticAt(source, path, `missing key "${key}"${options}`), code: VALIDATION_CODES.missingKey },
          missing: JSON.stringify([parentPath, key]),
        },
      ];
    }
  }

  switch (issue.code) {
    case 'unrecognized_keys': {
      // Allowed keys come from the schema; keys the object already has are no typo of this one.
      const object = isRecord(value) ? value : {};
      const allowed = allowedKeys(schemasHere(), value);
      return issue.keys.map((unknown) => {
        const candidates = (allowed ?? []).filter((k) => !Object.hasOwn(object, k));
        const suggestion = nearest(unknown, candidates);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : allowed && allowed.length > 0 ? ` (expected one of: ${allowed.join(', ')})` : '';
        return {
          diagnostic: { ...diagnosticAt(source, [...path, unknown], `unknown key "${unknown}"${hint}`, 'key'), code: VALIDATION_CODES.unknownKey },
          ...(suggestion ? { suggested: JSON.stringify([path, suggestion]) } : {}),
        };
      });
    }

    case 'invalid_type':
      return at(withCustom(() => expected(typeName(issue.expected))), VALIDATION_CODES.wrongType);

    case 'invalid_value': {
      if (custom !== undefined) return at(fromSchema(custom), VALIDATION_CODES.unknownValue);
      const values = issue.values;
      if (values.length === 1) return at(expected(literal(values[0])), VALIDATION_CODES.unknownValue);
      if (typeof value === 'string') {
        return at(`unknown ${nounFor(path)} "${value}" (${oneOf(values, value)})`, VALIDATION_CODES.unknownValue);
      }
      return at(expected(`one of: ${list(values)}`), VALIDATION_CODES.unknownValue);
    }

    case 'invalid_union': {
      if (custom !== undefined) return at(fromSchema(custom), VALIDATION_CODES.wrongType);
      const tags = discriminatorValues(issue);
      if (issue.discriminator !== undefined && tags) {
        const noun = parentPath.length > 0 ? `${nounFor(parentPath)} ${issue.discriminator}` : issue.discriminator;
        const shown = typeof value === 'string' ? `"${value}"` : found();
        return at(`unknown ${noun} ${shown} (${oneOf(tags, value)})`, VALIDATION_CODES.unknownType);
      }
      if (issue.inclusive === false) return at(`${capitalise(found())} fits more than one of the allowed forms`, VALIDATION_CODES.invalid);
      return explainUnion(issue.errors, path, schemasHere(), ctx, (what, hint) => at(expected(what) + hint, VALIDATION_CODES.wrongType));
    }

    case 'too_small':
    case 'too_big':
      return at(withCustom(() => expected(bound(issue, schemasHere(), value))), VALIDATION_CODES.outOfRange);

    case 'invalid_format':
      return at(
        withCustom(() => expected(issue.format === 'regex' && issue.pattern ? `text matching ${issue.pattern}` : `a valid ${issue.format}`)),
        VALIDATION_CODES.invalid,
      );

    case 'not_multiple_of':
      return at(withCustom(() => expected(`a multiple of ${issue.divisor}`)), VALIDATION_CODES.outOfRange);

    case 'invalid_key': {
      // The key's own schema (`Identifier`) says what a key must look like.
      const reason = issue.issues.map((i) => i.message).find((m) => m !== NO_MESSAGE);
      return at(`invalid key "${String(key)}"${reason ? `: expected ${reason}` : ''}`, VALIDATION_CODES.badKey, 'key');
    }

    case 'invalid_element':
      return at(withCustom(() => `invalid item in ${found()}`), VALIDATION_CODES.invalid);

    case 'custom':
      return at(withCustom(() => `${capitalise(found())} is not allowed here`), VALIDATION_CODES.invalid);
  }
}

/**
 * A value that matches none of a union's forms. When some form got past the value's basic
 * shape (an object with the right kind of keys), the user almost certainly meant that form,
 * so we explain what is wrong with it; when none did, we list the forms that would do.
 */
function explainUnion(
  branches: readonly (readonly $ZodIssue[])[],
  path: DataPath,
  schemas: readonly $ZodType[],
  ctx: Context,
  listForms: (what: string, hint: string) => Finding[],
): Finding[] {
  const value = valueAt(ctx.source.data, path);
  const options = unionOptions(schemas, branches.length);
  let best: number | undefined;
  branches.forEach((issues, i) => {
    if (isShapeMismatch(issues, value)) return;
    if (best === undefined || issues.length < (branches[best]?.length ?? Infinity)) best = i;
  });
  if (best === undefined) {
    const forms = [...new Set(branches.flatMap((issues, i) => issues.flatMap((issue) => formsOf(issue, options[i]))))];
    const keywords = branches.flatMap((issues) => issues.flatMap((i) => keywordsOf(i)));
    const suggestion = typeof value === 'string' ? nearest(value, keywords) : undefined;
    return listForms(joinOr(forms), suggestion ? ` (did you mean "${suggestion}"?)` : '');
  }
  // Paths in a union's branches start at the union; the option's schema describes them.
  const option = options[best];
  const inner: Context = { source: ctx.source, schemas: option ? [option] : [], base: path };
  return (branches[best] ?? []).flatMap((issue) => explain(issue, inner));
}

/** The options of the union among `schemas`, in zod's order, when they match its branches. */
function unionOptions(schemas: readonly $ZodType[], branches: number): readonly ($ZodType | undefined)[] {
  const union = schemas.map(unwrap).find((s) => s._zod.def.type === 'union');
  const options = union ? (union._zod.def as $ZodUnionDef).options : [];
  return options.length === branches ? options : [];
}

/** The values a discriminated union's tag may take, which zod lists when none matched. */
function discriminatorValues(issue: Extract<$ZodIssue, { code: 'invalid_union' }>): readonly unknown[] | undefined {
  return 'options' in issue ? issue.options : undefined;
}

/** True when a union branch failed on the value's kind alone (text where a mapping was wanted). */
function isShapeMismatch(issues: readonly $ZodIssue[], value: unknown): boolean {
  return (
    issues.length > 0 &&
    issues.every((i) => {
      if (i.path.length > 0) return false;
      if (i.code === 'invalid_type') return true;
      // A single literal (`immediate`) is a form of its own, like "a mapping": a value that is not
      // it is better answered with all the forms than with "expected "immediate"".
      if (i.code === 'invalid_value') return i.values.length === 1 || i.values.every((v) => typeof v !== typeof value);
      if (i.code === 'invalid_union') return i.message === NO_MESSAGE && i.discriminator === undefined && i.errors.every((b) => isShapeMismatch(b, value));
      return false;
    })
  );
}

/** What a union branch that failed on the value's kind would have accepted. */
function formsOf(issue: $ZodIssue, option: $ZodType | undefined): string[] {
  if (issue.message !== NO_MESSAGE) return [issue.message];
  if (issue.code === 'invalid_type') {
    // "a mapping with the key "ramp"" says what to write; "a mapping" alone does not.
    const required = option && issue.expected === 'object' ? requiredKeys(option) : [];
    if (required.length > 0) return [`a mapping with the key${required.length > 1 ? 's' : ''} ${required.map((k) => `"${k}"`).join(', ')}`];
    return [typeName(issue.expected)];
  }
  if (issue.code === 'invalid_value') return issue.values.map(literal);
  if (issue.code === 'invalid_union') {
    const options = option ? unionOptions([option], issue.errors.length) : [];
    return issue.errors.flatMap((b, i) => b.flatMap((inner) => formsOf(inner, options[i])));
  }
  return [];
}

/** The words a union branch would have accepted, for a did-you-mean. */
function keywordsOf(issue: $ZodIssue): string[] {
  if (issue.code === 'invalid_value') return issue.values.filter((v): v is string => typeof v === 'string');
  if (issue.code === 'invalid_union') return issue.errors.flatMap((b) => b.flatMap(keywordsOf));
  return [];
}

function bound(issue: Extract<$ZodIssue, { code: 'too_small' | 'too_big' }>, schemas: readonly $ZodType[], value: unknown): string {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  const n = Number(limit);
  switch (issue.origin) {
    case 'number':
    case 'int':
    case 'bigint': {
      const kind = issue.origin === 'number' ? 'a number' : 'a whole number';
      const relation = issue.inclusive === false ? (small ? 'greater than' : 'less than') : small ? 'of at least' : 'of at most';
      return `${kind} ${relation} ${String(limit)}`;
    }
    case 'array':
    case 'set': {
      const length = tupleLength(schemas, value);
      if (length !== undefined) return `a list of ${items(length)}`;
      if (issue.exact) return `exactly ${items(n)}`;
      return `${small ? 'at least' : 'at most'} ${items(n)}`;
    }
    case 'string':
      if (small && n === 1 && !issue.exact) return 'some text';
      return `text of ${issue.exact ? 'exactly' : small ? 'at least' : 'at most'} ${n} character${n === 1 ? '' : 's'}`;
    default:
      return `a value ${small ? 'of at least' : 'of at most'} ${String(limit)}`;
  }
}

/** What the user wrote, in words: `the string "abc"`, `2`, `a list`. */
function describe(value: unknown, emptyFile: boolean): string {
  if (value === undefined) return 'nothing';
  if (value === null) return emptyFile ? 'an empty file' : 'an empty value';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string ${JSON.stringify(shorten(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : value.length === 1 ? 'a list of 1 item' : `a list of ${value.length} items`;
  if (isRecord(value)) return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping (key: value pairs)';
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping (key: value pairs)',
  record: 'a mapping (key: value pairs)',
  map: 'a mapping (key: value pairs)',
  null: 'an empty value',
  undefined: 'nothing',
  date: 'a date',
  nonoptional: 'a value',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function oneOf(values: readonly unknown[], value: unknown): string {
  const names = values.map((v) => (typeof v === 'string' ? v : String(v)));
  const suggestion = typeof value === 'string' ? nearest(value, names) : undefined;
  return `expected one of: ${names.join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

function list(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join(', ');
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function joinOr(forms: readonly string[]): string {
  if (forms.length <= 1) return forms[0] ?? 'something else';
  return `${forms.slice(0, -1).join(', ')} or ${forms[forms.length - 1]}`;
}

function items(n: number): string {
  return `${n} item${n === 1 ? '' : 's'}`;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What to call the thing at `path` in a message: its key, or the singular of its list's key. */
function nounFor(path: DataPath): string {
  const last = path[path.length - 1];
  if (typeof last === 'string') return last;
  const before = path[path.length - 2];
  if (typeof before === 'string') return singular(before);
  return 'value';
}

function singular(word: string): string {
  if (word.endsWith('series') || word.endsWith('ss')) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}
