import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { formatDiagnostic } from '../files/diagnostic.js';
// Not files/index.js: that pulls in the validator, and with it the engine and mathjs, which
// listing does not need.
import { readYamlFile } from '../files/yaml-source.js';
import type { YamlSource } from '../files/yaml-source.js';
import { displayPath } from '../load/paths.js';
import { SCHEMA_VERSION } from '../output/records.js';
import { renderTable } from '../output/table.js';

export interface ListOptions {
  format?: 'table' | 'json';
}

interface Entry {
  file: string;
  question: string | null;
}

/**
 * Lists the scenarios under a directory with the question each answers. It reads the files
 * without validating them: a broken file is still listed (with a warning), since `validate`
 * is the command that judges files.
 */
export async function listCommand(dir: string, options: ListOptions, ctx: Context): Promise<number> {
  const entries: Entry[] = [];
  for (const path of yamlFiles(dir)) {
    const source = readYamlFile(displayPath(path));
    const data = record(source.data);
    // The model file lives among the scenarios but answers no question.
    if (data && Object.hasOwn(data, 'corridors')) continue;
    for (const d of source.diagnostics) ctx.err(`${ctx.errStyle.yellow('warning')}: ${formatDiagnostic(d)}\n`);
    entries.push({ file: source.file, question: questionOf(path, source) });
  }
  if (options.format === 'json') {
    ctx.out(`${JSON.stringify({ schemaVersion: SCHEMA_VERSION, scenarios: entries }, null, 2)}\n`);
  } else if (entries.length === 0) {
    ctx.err(`no scenario files (*.yaml, *.yml) in ${dir}\n`);
  } else {
    ctx.out(renderTable([{ header: 'scenario' }, { header: 'question' }], entries.map((e) => [e.file, e.question ?? '']), ctx.outStyle));
  }
  return EXIT.ok;
}

export function yamlFiles(dir: string): string[] {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new CliError(`${dir}: no such directory`);
  if (!stat.isDirectory()) throw new CliError(`${dir}: not a directory`);
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/i.test(entry.name)) out.push(resolve(path));
    }
  };
  walk(dir);
  return out;
}

/** A scenario that builds on another and asks nothing of its own asks its parent's question. */
export function questionOf(path: string, source: YamlSource): string | null {
  const seen = new Set<string>([path]);
  let data = record(source.data);
  let at = path;
  while (data) {
    if (typeof data.question === 'string') return data.question.trim().split('\n')[0] ?? null;
    if (typeof data.extends !== 'string') return null;
    at = resolve(dirname(at), data.extends);
    if (seen.has(at)) return null;
    seen.add(at);
    data = record(readYamlFile(at).data);
  }
  return null;
}

function record(data: unknown): Record<string, unknown> | undefined {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
