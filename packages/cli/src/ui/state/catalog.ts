import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { questionOf, yamlFiles } from '../../commands/list.js';
import { readYamlFile } from '../../files/yaml-source.js';
import { displayPath } from '../../load/paths.js';

export interface CatalogEntry {
  /** The path as messages name it (relative to the working directory when inside it). */
  file: string;
  /** The file name without folder or extension. */
  name: string;
  question: string;
}

/**
 * The scenarios the UI offers: every scenario file under `dir` (as `corridor list` finds
 * them, the model file left out) and the files named on the command line. A missing
 * directory is not an error here: the files named may be all there is.
 */
export function catalog(dir: string, extra: readonly string[] = []): CatalogEntry[] {
  const paths: string[] = [];
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) paths.push(...yamlFiles(dir));
  for (const f of extra) {
    const abs = resolve(f);
    if (!paths.includes(abs)) paths.push(abs);
  }
  const out: CatalogEntry[] = [];
  for (const abs of paths) {
    const source = readYamlFile(displayPath(abs));
    const data = source.data;
    if (typeof data === 'object' && data !== null && Object.hasOwn(data, 'corridors')) continue;
    out.push({ file: source.file, name: shortName(source.file), question: questionOf(abs, source) ?? '' });
  }
  return out;
}

export function shortName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.ya?ml$/i, '');
}

/** Entries whose name or question holds every word of the filter, in any case. */
export function filterCatalog(entries: readonly CatalogEntry[], filter: string): CatalogEntry[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((e) => {
    const text = `${e.name} ${e.question}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
