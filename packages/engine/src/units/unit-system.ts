/**
 * Reads unit texts (`m^3/day`, `bn_CFA/day`, `46000 L`) into Dimensions, using a model's
 * custom units first and mathjs's unit table second. mathjs only parses the text and
 * answers "what is a `GWh`?"; the arithmetic on dimensions is ours, so the shared mathjs
 * instance is never mutated (no createUnit).
 */
import { mathjs } from '../mathjs.js';
import { nearest } from '../text/suggest.js';
import { DIMENSIONLESS, UnitError, dimension, div, mul, pow } from './dimension.js';
import type { Dimension } from './dimension.js';

export interface UnitProblem {
  /** The custom unit whose declaration is at fault. */
  name: string;
  message: string;
  suggestion?: string;
}

/** A number and the unit it is in; `46000 L` is { value: 46000, dim: <L> }. */
export interface Quantity {
  value: number;
  dim: Dimension;
}

type Entry = { ok: true; dim: Dimension } | { ok: false; reason: string };

/** The structural part of mathjs nodes that we read; mathjs's own node types are generic-heavy. */
interface Node {
  type: string;
  name?: string;
  value?: unknown;
  op?: string;
  fn?: unknown;
  args?: Node[];
  content?: Node;
}

// mathjs reads `%` as percentage/modulo, so it is swapped for a name no user can declare.
const PERCENT_SYMBOL = '$percent';

const DIMENSIONLESS_NAMES: ReadonlyMap<string, number> = new Map([
  ['dmnl', 1],
  ['dimensionless', 1],
  ['fraction', 1],
  ['share', 1],
  ['ratio', 1],
  ['percent', 0.01],
]);

/** Offered as "did you mean" targets; mathjs knows hundreds more, but these are the likely intents. */
const COMMON_UNITS = [
  'L', 'liter', 'litre', 'mL', 'm', 'km', 'cm', 'mm', 'm3', 'kg', 'g', 't', 'tonne', 'lb', 'oz',
  'day', 'days', 'hour', 'hours', 'h', 'minute', 'min', 's', 'week', 'weeks', 'month', 'months',
  'year', 'years', 'W', 'kW', 'MW', 'GW', 'Wh', 'kWh', 'MWh', 'GWh', 'J', 'MJ', 'GJ',
  'bbl', 'gal', 'gallon', 'mi', 'hectare', 'K', 'mol', ...DIMENSIONLESS_NAMES.keys(),
];

// How `format` writes mathjs's base dimensions.
const BASE_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['MASS', 'kg'],
  ['LENGTH', 'm'],
  ['TIME', 's'],
  ['CURRENT', 'A'],
  ['TEMPERATURE', 'K'],
  ['LUMINOUS_INTENSITY', 'cd'],
  ['AMOUNT_OF_SUBSTANCE', 'mol'],
  ['ANGLE', 'rad'],
  ['BIT', 'b'],
]);
/** mathjs's `Unit.BASE_DIMENSIONS`, in its order (a test checks it), so that reading it does not load mathjs. */
export const BASE_NAMES: readonly string[] = ['MASS', 'LENGTH', 'TIME', 'CURRENT', 'TEMPERATURE', 'LUMINOUS_INTENSITY', 'AMOUNT_OF_SUBSTANCE', 'ANGLE', 'BIT'];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Unit lookups in mathjs are slow-ish and their answers never change: memoise across systems.
const mathjsUnits = new Map<string, Entry | null>();

function mathjsUnit(name: string): Entry | null {
  const known = mathjsUnits.get(name);
  if (known !== undefined) return known;
  let entry: Entry | null = null;
  const math = mathjs();
  try {
    if (math.Unit.isValuelessUnit(name)) {
      const unit = math.unit(1, name);
      const [part] = unit.units;
      if (part === undefined || unit.units.length !== 1) {
        entry = { ok: false, reason: `unit "${name}" is not a single unit` };
      } else if (part.unit.offset !== 0) {
        entry = { ok: false, reason: `temperature offsets are not supported ("${name}"); use K` };
      } else {
        // The typings call `prefix` a string; at run time it is the prefix object.
        const prefix = part.prefix as unknown as { value: unknown };
        const scale = Number(part.unit.value) * Number(prefix.value) ** part.power;
        entry = { ok: true, dim: dimension(scale, unit.dimensions.map((e, i) => [BASE_NAMES[i] ?? `#${i}`, e] as const)) };
      }
    }
  } catch {
    entry = null;
  }
  mathjsUnits.set(name, entry);
  return entry;
}

/** Parses unit text into a mathjs node, with positions in errors relative to `text`. */
function parseText(text: string): Node {
  // `origin[i]` is the index in `text` of the i-th character handed to mathjs.
  let source = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const piece = text[i] === '%' ? ` ${PERCENT_SYMBOL} ` : (text[i] ?? '');
    source += piece;
    for (let k = 0; k < piece.length; k++) origin.push(i);
  }
  if (source.trim() === '') throw new UnitError('empty unit (write 1 or dmnl for a dimensionless quantity)', { position: 0 });
  try {
    return mathjs().parse(source) as unknown as Node;
  } catch (e) {
    const err = e as { message?: string; char?: number };
    const message = String(err.message ?? e).replace(/\s*\(char \d+\)\s*$/, '');
    // mathjs counts characters from 1.
    const at = typeof err.char === 'number' ? origin[err.char - 1] ?? text.length : undefined;
    throw new UnitError(`cannot read unit "${text}": ${message}`, at === undefined ? {} : { position: at });
  }
}

/** 0-based offset of `name` as a whole identifier in `text`, if present. */
function findName(text: string, name: string): number | undefined {
  for (const m of text.matchAll(/[A-Za-z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F][\w$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]*/g)) {
    if (m[0] === name) return m.index;
  }
  return undefined;
}

/** The value of an exponent: numbers and arithmetic on them only. */
function numeric(node: Node): number {
  switch (node.type) {
    case 'ConstantNode':
      if (typeof node.value === 'number') return node.value;
      break;
    case 'ParenthesisNode':
      if (node.content) return numeric(node.content);
      break;
    case 'OperatorNode': {
      const [a, b] = (node.args ?? []).map(numeric);
      if (a === undefined) break;
      if (node.fn === 'unaryMinus') return -a;
      if (node.fn === 'unaryPlus') return a;
      if (b === undefined) break;
      if (node.fn === 'add') return a + b;
      if (node.fn === 'subtract') return a - b;
      if (node.fn === 'multiply') return a * b;
      if (node.fn === 'divide') return a / b;
      if (node.fn === 'pow') return a ** b;
      break;
    }
  }
  throw new UnitError('a unit exponent must be a number, e.g. m^3 or s^(-2)');
}

function evaluate(node: Node, text: string, lookup: (name: string) => Dimension): Quantity {
  const sub = (n: Node | undefined): Quantity => {
    if (n === undefined) throw new UnitError(`cannot read unit "${text}"`);
    return evaluate(n, text, lookup);
  };
  switch (node.type) {
    case 'ConstantNode':
      if (typeof node.value === 'number') return { value: node.value, dim: DIMENSIONLESS };
      throw new UnitError(`only numbers and unit names may appear in a unit, not ${JSON.stringify(node.value)}`);
    case 'SymbolNode': {
      const name = node.name ?? '';
      try {
        return { value: 1, dim: lookup(name) };
      } catch (e) {
        if (e instanceof UnitError && e.position === undefined) {
          const at = findName(text, name);
          if (at !== undefined) e.position = at;
        }
        throw e;
      }
    }
    case 'ParenthesisNode':
      return sub(node.content);
    case 'OperatorNode': {
      const args = node.args ?? [];
      switch (node.fn) {
        case 'unaryMinus': {
          const q = sub(args[0]);
          return { value: -q.value, dim: q.dim };
        }
        case 'unaryPlus':
          return sub(args[0]);
        case 'multiply':
        case 'divide': {
          const a = sub(args[0]);
          const b = sub(args[1]);
          return node.fn === 'multiply'
            ? { value: a.value * b.value, dim: mul(a.dim, b.dim) }
            : { value: a.value / b.value, dim: div(a.dim, b.dim) };
        }
        case 'pow': {
          const base = sub(args[0]);
          const n = numeric(args[1] ?? { type: 'missing' });
          return { value: base.value ** n, dim: pow(base.dim, n) };
        }
      }
      throw new UnitError(`operator "${node.op ?? String(node.fn)}" is not allowed in a unit (only *, / and ^)`);
    }
    case 'FunctionNode': {
      const fn = (node.fn as Node | undefined)?.name;
      const at = fn === undefined ? undefined : findName(text, fn);
      throw new UnitError(`functions are not allowed in a unit${fn === undefined ? '' : ` ("${fn}(…)")`}`, at === undefined ? {} : { position: at });
    }
  }
  throw new UnitError(`only numbers, unit names, *, / and ^ may appear in a unit ("${text}")`);
}

/** Raised while resolving definitions when a unit depends on one already reported as broken. */
class BrokenDependency extends UnitError {}

export class UnitSystem {
  private resolved: ReadonlyMap<string, Entry> | undefined;

  private constructor(private readonly definitions: () => ReadonlyMap<string, Entry>) {}

  /** The custom units, their definitions read on first use. */
  private get custom(): ReadonlyMap<string, Entry> {
    if (this.resolved === undefined) this.resolved = this.definitions();
    return this.resolved;
  }

  /**
   * Builds the system from a model's custom units. Every problem is reported, not just the
   * first; a unit with a problem (or depending on one) stays known, and parsing it throws.
   */
  static create(custom: Readonly<Record<string, string | null>>): { system: UnitSystem; problems: UnitProblem[] } {
    const { entries, problems } = resolveDefinitions(custom);
    return { system: new UnitSystem(() => entries), problems };
  }

  /**
   * The system `create` builds, for a caller that has no use for its problems (the model was
   * compiled, so there are none): the definitions (`bn_CFA: 1e9 CFA`) are read when a unit is
   * first looked up, so that a run which reads no unit text never loads mathjs.
   */
  static lazy(custom: Readonly<Record<string, string | null>>): UnitSystem {
    const copy = { ...custom };
    return new UnitSystem(() => resolveDefinitions(copy).entries);
  }

  /** The model's custom unit names, in declaration order. */
  get customNames(): string[] {
    return [...this.custom.keys()];
  }

  /** The dimension of a unit text; a leading number is part of the scale (`1e9 CFA`). */
  parse(text: string): Dimension {
    return readUnit(text, (name) => this.lookup(name));
  }

  /** A number with a unit (`46000 L`, `-3 day`), or a bare number (dimensionless). */
  parseQuantity(text: string): Quantity {
    const q = evaluate(parseText(text), text, (name) => this.lookup(name));
    if (!Number.isFinite(q.value)) throw new UnitError(`"${text}" is not a finite number`);
    checkScale(q.dim.scale, text);
    return q;
  }

  /**
   * Deterministic text for a dimension, for messages: SI base symbols and custom names,
   * with the scale in front when it is not 1 (`0.001 m^3`, `m^3/s`, `1.15741e-5 m^3/s`).
   */
  format(dim: Dimension): string {
    return formatDimension(dim);
  }

  private lookup(name: string): Dimension {
    if (name === PERCENT_SYMBOL) return dimension(0.01, []);
    const entry = this.custom.get(name);
    if (entry === undefined) return builtin(name, this.custom.keys());
    if (!entry.ok) throw new UnitError(`unit "${name}" cannot be used: ${entry.reason}`);
    return entry.dim;
  }
}

/**
 * Reads a model's custom unit definitions, each once, in dependency order. A unit with a
 * problem (or depending on one) stays known with its reason, so that using it says why.
 */
function resolveDefinitions(custom: Readonly<Record<string, string | null>>): { entries: Map<string, Entry>; problems: UnitProblem[] } {
  const problems: UnitProblem[] = [];
  const entries = new Map<string, Entry>();
  const definitions = new Map<string, string>();
  for (const [name, definition] of Object.entries(custom)) {
    if (!NAME.test(name)) {
      problems.push({ name, message: `"${name}" is not a valid unit name: use letters, digits and _, not starting with a digit` });
    } else if (definition === null || definition.trim() === '') {
      if (BASE_NAMES.includes(name)) {
        problems.push({ name, message: `"${name}" is reserved for a built-in dimension; choose another name` });
      } else {
        entries.set(name, { ok: true, dim: dimension(1, [[name, 1]]) });
      }
    } else {
      definitions.set(name, definition);
    }
  }

  const resolve = (name: string, definition: string, stack: string[]): Entry => {
    const done = entries.get(name);
    if (done) return done;
    const at = stack.indexOf(name);
    if (at >= 0) {
      const loop = [...stack.slice(at), name];
      const reason = `unit definitions form a cycle: ${loop.join(' → ')}`;
      problems.push({ name, message: reason });
      for (const member of stack.slice(at)) entries.set(member, { ok: false, reason });
      return { ok: false, reason };
    }
    const inner = [...stack, name];
    let entry: Entry;
    try {
      const dim = readUnit(definition, (n) => {
        const def = definitions.get(n);
        const dep = def === undefined ? entries.get(n) : resolve(n, def, inner);
        if (dep === undefined) return builtin(n, [...entries.keys(), ...definitions.keys()]);
        if (!dep.ok) throw new BrokenDependency(`its definition uses "${n}", which has a problem`);
        return dep.dim;
      });
      entry = { ok: true, dim };
    } catch (e) {
      if (!(e instanceof UnitError)) throw e;
      entry = { ok: false, reason: e.message };
      if (!(e instanceof BrokenDependency)) {
        problems.push({
          name,
          message: `unit "${name}" = "${definition}": ${e.message}`,
          ...(e.suggestion === undefined ? {} : { suggestion: e.suggestion }),
        });
      }
    }
    // A cycle found deeper down has already marked this unit; keep that reason.
    const marked = entries.get(name);
    if (marked) return marked;
    entries.set(name, entry);
    return entry;
  };
  for (const [name, definition] of definitions) resolve(name, definition, []);
  return { entries, problems };
}

/** A dimensionless spelling or a mathjs unit; `customNames` are only for the suggestion. */
function builtin(name: string, customNames: Iterable<string>): Dimension {
  const scale = DIMENSIONLESS_NAMES.get(name);
  if (scale !== undefined) return dimension(scale, []);
  const entry = mathjsUnit(name);
  if (entry?.ok) return entry.dim;
  if (entry) throw new UnitError(entry.reason);
  const suggestion = nearest(name, [...customNames, ...COMMON_UNITS]);
  return suggestion === undefined
    ? fail(`unknown unit "${name}"`)
    : fail(`unknown unit "${name}" (did you mean "${suggestion}"?)`, suggestion);
}

function fail(message: string, suggestion?: string): never {
  throw new UnitError(message, suggestion === undefined ? {} : { suggestion });
}

function checkScale(scale: number, text: string): void {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new UnitError(`unit "${text}" must have a positive, finite scale`);
}

function readUnit(text: string, lookup: (name: string) => Dimension): Dimension {
  const q = evaluate(parseText(text), text, lookup);
  const scale = q.value * q.dim.scale;
  checkScale(scale, text);
  return dimension(scale, Object.entries(q.dim.exps));
}

function formatNumber(x: number): string {
  const p = Number(x.toPrecision(6));
  const abs = Math.abs(p);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? p.toExponential().replace('e+', 'e') : String(p);
}

export function formatDimension(dim: Dimension): string {
  const custom = Object.keys(dim.exps).filter((n) => !BASE_NAMES.includes(n)).sort();
  const num: string[] = [];
  const den: string[] = [];
  for (const name of [...BASE_NAMES, ...custom]) {
    const e = dim.exps[name];
    if (e === undefined) continue;
    const symbol = BASE_SYMBOLS.get(name) ?? name;
    const power = Math.abs(e);
    (e > 0 ? num : den).push(power === 1 ? symbol : `${symbol}^${formatNumber(power)}`);
  }
  const hasScale = Math.abs(dim.scale - 1) > 1e-12;
  const scale = hasScale ? formatNumber(dim.scale) : '';
  let text = num.join(' ');
  if (num.length === 0) text = scale || '1';
  else if (hasScale) text = `${scale} ${text}`;
  if (den.length > 0) text += `/${den.length > 1 ? `(${den.join(' ')})` : den[0]}`;
  return text;
}
