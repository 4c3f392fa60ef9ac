import { readFileSync } from 'node:fs';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair, YAMLError } from 'yaml';
import type { Diagnostic, Position } from './diagnostic.js';

/** A path into the data as zod and the engine report it: keys and list indices. */
export type DataPath = readonly (string | number)[];

/** Whether a position should be that of a mapping's key (`sevrity:`) or of its value. */
export type Which = 'key' | 'value';

/** A YAML file as parsed, with the means to turn a data path back into a place in the text. */
export interface YamlSource {
  /** The name diagnostics carry, as the user gave it. */
  file: string;
  text: string;
  doc: Document.Parsed;
  /** Plain data for a schema; `undefined` only when the file could not be read at all. */
  data: unknown;
  /** Syntax errors and duplicate keys, in the order of the text. */
  diagnostics: Diagnostic[];
  /**
   * Where the node at `path` starts. A path that does not exist in the file (a missing key,
   * a default the engine filled in) gives the deepest part of it that does.
   */
  locate(path: DataPath, which?: Which): Position;
}

/** Codes of YAML diagnostics; only a syntax error leaves data too unreliable to validate. */
export const YAML_SYNTAX = 'yaml_syntax';
export const DUPLICATE_KEY = 'duplicate_key';
export const UNREADABLE_FILE = 'unreadable_file';

const START: Position = { line: 1, column: 1 };

export function loadYaml(file: string, text: string): YamlSource {
  // Editors do not count a byte-order mark as a column; neither should we.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(body, { prettyErrors: false, uniqueKeys: true, lineCounter });

  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return line > 0 ? { line, column: col } : START;
  };
  const nodeStart = (node: unknown): Position | undefined => {
    const range = (node as Node | null | undefined)?.range;
    return range ? at(range[0]) : undefined;
  };

  const diagnostics: Diagnostic[] = [];
  // yaml often reports one slip as several errors on the same line (a stray `:` gives three);
  // the first says the most, and the rest would bury the next real problem.
  const linesWithSyntaxErrors = new Set<number>();
  for (const error of doc.errors) {
    const position = at(error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      diagnostics.push({ file, ...position, message: duplicateKeyMessage(doc, error.pos[0], at), code: DUPLICATE_KEY });
      continue;
    }
    if (linesWithSyntaxErrors.has(position.line)) continue;
    linesWithSyntaxErrors.add(position.line);
    diagnostics.push({ file, ...position, message: syntaxMessage(error), code: YAML_SYNTAX });
  }

  let data: unknown = null;
  try {
    data = doc.toJS();
  } catch (error) {
    // toJS refuses documents whose aliases expand without bound; that is the file's fault, not ours.
    diagnostics.push({ file, ...START, message: `cannot read the YAML: ${lowerFirst(messageOf(error))}`, code: YAML_SYNTAX });
  }

  const locate = (path: DataPath, which: Which = 'value'): Position => {
    let node: unknown = doc.contents;
    // The pair through which `node` was reached, when it was reached through a key.
    let pair: Pair | undefined;
    const parent = (): Position => (pair ? nodeStart(pair.key) : undefined) ?? nodeStart(node) ?? START;
    for (const segment of path) {
      // Walk through an alias to what it names: `*defaults` has no children of its own.
      const container = isAlias(node) ? node.resolve(doc) : node;
      if (isMap(container)) {
        const found = lastPairWithKey(container.items as Pair[], segment);
        if (!found) return parent();
        pair = found;
        node = found.value;
      } else if (isSeq(container)) {
        const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
        const item: unknown = container.items[index];
        if (item === undefined) return parent();
        pair = undefined;
        node = item;
      } else {
        return parent();
      }
    }
    if (which === 'key' && pair) return nodeStart(pair.key) ?? parent();
    // `key:` with nothing after it has an empty value node just after the colon, which is
    // where the missing value belongs; a pair without any value node falls back to its key.
    return nodeStart(node) ?? parent();
  };

  return { file, text, doc, data, diagnostics, locate };
}

/**
 * Reads and parses a YAML file. A file that cannot be read is the user's problem to fix,
 * so it becomes a diagnostic (`file:1:1: cannot read file: no such file`), not an exception.
 */
export function readYamlFile(path: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const source = loadYaml(path, '');
    source.data = undefined;
    source.diagnostics.push({ file: path, ...START, message: `cannot read file: ${fsReason(error)}`, code: UNREADABLE_FILE });
    return source;
  }
  return loadYaml(path, text);
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return lowerFirst(messageOf(error));
  }
}

/** toJS keeps the last of duplicated keys, so the value we validate is the last one's. */
function lastPairWithKey(items: readonly Pair[], segment: string | number): Pair | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item && isScalar(item.key) && String(item.key.value) === String(segment)) return item;
  }
  return undefined;
}

function duplicateKeyMessage(doc: Document.Parsed, offset: number, at: (offset: number) => Position): string {
  let message = 'duplicate key';
  visit(doc, {
    Map(_, map) {
      const items = map.items as Pair[];
      const index = items.findIndex((p) => (p.key as Node | null)?.range?.[0] === offset);
      const key = items[index]?.key;
      if (index < 0 || !isScalar(key)) return undefined;
      // yaml's own test for uniqueness: equal scalar values, so `"a"` and `a` clash.
      const first = items.slice(0, index).find((p) => isScalar(p.key) && p.key.value === key.value);
      const firstStart = (first?.key as Node | undefined)?.range?.[0];
      message = `duplicate key "${String(key.value)}"`;
      if (firstStart !== undefined) message += ` (already given on line ${at(firstStart).line})`;
      return visit.BREAK;
    },
  });
  return message;
}

function syntaxMessage(error: YAMLError): string {
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return 'invalid YAML: a second document starts here; this file should hold only one';
    case 'TAB_AS_INDENT':
      return 'invalid YAML: tabs are not allowed for indentation; indent with spaces';
    default:
      return `invalid YAML: ${lowerFirst(error.message)}`;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `Map keys …` → `map keys …`, but `YAML …` stays: an acronym is not a capitalised word. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
