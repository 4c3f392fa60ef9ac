import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError } from '../exit.js';
import { readYamlFile } from '../files/yaml-source.js';
import { looksLikeModel } from '../load/model.js';
import { displayPath } from '../load/paths.js';

/** A scenario as check knows it: by name (its file name without .yaml), and its file. */
export interface NamedScenario {
  name: string;
  file: string;
}

export function scenarioName(file: string): string {
  return basename(file).replace(/\.ya?ml$/i, '');
}

/**
 * Every scenario file under `dir` (subdirectories included, model files left out), in name
 * order. Names must be unique, since goldens and expectations go by them.
 */
export function scenariosIn(dir: string): NamedScenario[] {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new CliError(`${dir}: no such directory (give scenario files, or --scenarios-dir DIR)`);
  if (!stat.isDirectory()) throw new CliError(`${dir}: not a directory`);
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/i.test(entry.name) && !looksLikeModel(readYamlFile(path).data)) files.push(displayPath(path));
    }
  };
  walk(dir);
  return named(files).sort((a, b) => a.name.localeCompare(b.name));
}

/** Scenario files given on the command line, by name; two files of the same name are refused. */
export function named(files: readonly string[]): NamedScenario[] {
  const seen = new Map<string, string>();
  const out: NamedScenario[] = [];
  for (const file of files) {
    const name = scenarioName(file);
    const other = seen.get(name);
    if (other !== undefined) {
      if (displayPath(other) === displayPath(file)) continue;
      throw new CliError(`two scenarios are named ${name} (${other} and ${file}): goldens and expectations go by name, so rename one`);
    }
    seen.set(name, file);
    out.push({ name, file: displayPath(file) });
  }
  return out;
}
