import { endianness } from 'node:os';
import { ENSEMBLE_PART_FORMAT } from '@corridor/engine';
import type { EnsemblePart } from '@corridor/engine';
import { CliError } from '../exit.js';
import type { EnsembleHeader, InputHashes } from './header.js';
import { sha256 } from './header.js';

/** The tag of a shard's partial result file; `corridor merge` reads no other. */
export const SHARD_FORMAT = 'corridor-ensemble-shard/1';

/** A part's typed arrays as base64 of their little-endian bytes. */
interface EncodedPart extends Omit<EnsemblePart, 'inputs' | 'kpiValues' | 'crossingDays' | 'sketch'> {
  inputs: string;
  kpiValues: string;
  crossingDays: string;
  sketch: { cells: number; stats: string; ranges: string; counts: string };
}

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  tool: { name: 'corridor'; version: string };
  /** 1-based, as on the command line: shard `index` of `count`. */
  shard: { index: number; count: number };
  /** The engine's ensemble key and a hash of it with the compiled model: parts merge only when both agree. */
  key: string;
  hash: string;
  /** What the output needs of the scenario, so that merging needs no scenario files. */
  header: EnsembleHeader;
  /** The input files' hashes where the shard ran, for the merged manifest. */
  files: InputHashes;
  part: EncodedPart;
  /** sha256 of JSON.stringify(part): a file damaged on the way does not merge. */
  sha256: string;
}

export interface Shard extends Omit<ShardFile, 'part'> {
  part: EnsemblePart;
  /** Where it was read from. */
  path: string;
}

const LE = endianness() === 'LE';

function bytes(view: Float64Array | Int32Array | Uint32Array): string {
  if (!LE) throw new Error('shard files are written on little-endian machines only');
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

function typed<T extends Float64Array | Int32Array | Uint32Array>(text: unknown, make: (b: ArrayBuffer) => T, size: number, what: string): T {
  if (typeof text !== 'string') throw new Error(`${what} is missing`);
  const buf = Buffer.from(text, 'base64');
  if (buf.byteLength % size !== 0) throw new Error(`${what} is ${buf.byteLength} bytes, not a whole number of values`);
  // A copy into a buffer of its own: aligned, and not a view into Node's shared pool.
  const own = new ArrayBuffer(buf.byteLength);
  new Uint8Array(own).set(buf);
  return make(own);
}

export function encodeShard(input: Omit<ShardFile, 'format' | 'part' | 'sha256'> & { part: EnsemblePart }): string {
  const p = input.part;
  const part: EncodedPart = {
    ...p,
    inputs: bytes(p.inputs),
    kpiValues: bytes(p.kpiValues),
    crossingDays: bytes(p.crossingDays),
    sketch: { cells: p.sketch.cells, stats: bytes(p.sketch.stats), ranges: bytes(p.sketch.ranges), counts: bytes(p.sketch.counts) },
  };
  const file: ShardFile = { format: SHARD_FORMAT, tool: input.tool, shard: input.shard, key: input.key, hash: input.hash, header: input.header, files: input.files, part, sha256: sha256(JSON.stringify(part)) };
  return `${JSON.stringify(file)}\n`;
}

/** Reads a shard file; anything else, or a damaged one, is the user's to fix: one line, exit 2. */
export function decodeShard(text: string, path: string): Shard {
  const bad = (why: string): CliError => new CliError(`${path}: not a corridor ensemble shard: ${why}`);
  let doc: ShardFile;
  try {
    doc = JSON.parse(text) as ShardFile;
  } catch (error) {
    throw bad(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (doc === null || typeof doc !== 'object') throw bad('not a JSON object');
  if (doc.format !== SHARD_FORMAT) throw bad(typeof doc.format === 'string' ? `its format is ${JSON.stringify(doc.format)}, expected ${JSON.stringify(SHARD_FORMAT)}` : 'it has no format tag');
  const p = doc.part;
  if (p === null || typeof p !== 'object' || p.format !== ENSEMBLE_PART_FORMAT) throw bad('its part is missing or of another format');
  if (typeof doc.sha256 !== 'string' || sha256(JSON.stringify(p)) !== doc.sha256) throw bad('its content does not match its checksum (damaged or edited)');
  const s = doc.shard;
  if (s === null || typeof s !== 'object' || !Number.isInteger(s.index) || !Number.isInteger(s.count) || s.index < 1 || s.index > s.count) throw bad('its shard number is missing or out of range');
  if (typeof doc.key !== 'string' || typeof doc.hash !== 'string' || doc.header === null || typeof doc.header !== 'object') throw bad('its key, hash or header is missing');
  try {
    const part: EnsemblePart = {
      ...p,
      inputs: typed(p.inputs, (b) => new Float64Array(b), 8, 'inputs'),
      kpiValues: typed(p.kpiValues, (b) => new Float64Array(b), 8, 'kpiValues'),
      crossingDays: typed(p.crossingDays, (b) => new Float64Array(b), 8, 'crossingDays'),
      sketch: {
        cells: p.sketch.cells,
        stats: typed(p.sketch.stats, (b) => new Float64Array(b), 8, 'sketch stats'),
        ranges: typed(p.sketch.ranges, (b) => new Int32Array(b), 4, 'sketch ranges'),
        counts: typed(p.sketch.counts, (b) => new Uint32Array(b), 4, 'sketch counts'),
      },
    };
    checkShape(part);
    return { ...doc, part, path };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw bad(error instanceof Error ? error.message : String(error));
  }
}

function checkShape(p: EnsemblePart): void {
  const n = p.to - p.from;
  if (!(Number.isInteger(p.from) && Number.isInteger(p.to) && 0 <= p.from && p.from <= p.to && p.to <= p.runs)) throw new Error(`runs ${p.from}..${p.to} are not a block of ${p.runs}`);
  const want = (what: string, got: number, expected: number): void => {
    if (got !== expected) throw new Error(`${what} has ${got} values, expected ${expected}`);
  };
  want('inputs', p.inputs.length, n * p.parameters.length);
  want('kpiValues', p.kpiValues.length, n * p.kpis.length);
  want('crossingDays', p.crossingDays.length, n * p.crossings.length);
  want('sketch cells', p.sketch.cells, p.outputs.length * p.points);
  want('sketch stats', p.sketch.stats.length, 4 * p.sketch.cells);
  want('sketch ranges', p.sketch.ranges.length, 4 * p.sketch.cells);
  let bins = 0;
  for (let c = 0; c < p.sketch.cells; c++) bins += p.sketch.ranges[c * 4 + 1]! + p.sketch.ranges[c * 4 + 3]!;
  want('sketch counts', p.sketch.counts.length, bins);
}
