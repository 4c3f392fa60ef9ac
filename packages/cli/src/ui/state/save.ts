import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CliError } from '../../exit.js';
import { writeFilesAtomically, writeNewFileAtomically } from '../../output/atomic-write.js';
import { displayPath } from '../../load/paths.js';
import { shortName } from './catalog.js';
import type { CatalogEntry } from './catalog.js';
import { applyKnobs } from './knobs.js';
import type { Knob } from './knobs.js';
import type { OpenedOk } from './whatif.js';

export type SaveResult = { kind: 'saved'; file: string; entry: CatalogEntry } | { kind: 'exists'; file: string } | { kind: 'error'; message: string };

/** `<name>-whatif.yaml` beside the scenario, or `-whatif-2`, `-whatif-3`… when taken. */
export function freeName(file: string): string {
  const dir = dirname(file);
  const name = shortName(file);
  for (let i = 1; ; i++) {
    const candidate = `${name}-whatif${i === 1 ? '' : `-${i}`}.yaml`;
    if (!statSync(resolve(dir, candidate), { throwIfNoEntry: false })) return candidate;
  }
}

/**
 * The tweaked scenario as a file that extends the original: changed parameters under
 * `parameters`; when an event changed, the whole event list with `inherit_events: false`,
 * since the events of a file are otherwise added to those of the file it extends.
 */
export function whatIfYaml(opened: OpenedOk, knobs: readonly Knob[], values: readonly number[], target: string): string {
  const changed = knobs.map((k, i) => ({ k, v: values[i]! })).filter(({ k, v }) => v !== k.initial);
  const docs = applyKnobs(opened.docs, knobs, values);
  const doc: Record<string, unknown> = {};
  const original = opened.resolved;
  const summary = changed.map(({ k, v }) => `${k.label} ${k.format(v)}`).join(', ');
  if (original.question !== undefined) doc.question = `${original.question} (what-if: ${summary})`;
  doc.extends = relativeRef(dirname(target), resolve(opened.file));
  const parameters = Object.fromEntries(changed.filter(({ k }) => k.kind === 'parameter').map(({ k, v }) => [k.label, v]));
  if (Object.keys(parameters).length > 0) doc.parameters = parameters;
  if (changed.some(({ k }) => k.kind === 'event')) {
    doc.inherit_events = false;
    doc.events = [...docs].reverse().flatMap((d) => d.spec.events);
  }
  const lines = [
    ...schemaLine(opened.file, target),
    `# What-if on ${basename(opened.file)}, saved by \`corridor ui\`:`,
    ...changed.map(({ k, v }) => `#   ${k.group === 'parameter' ? '' : `${k.group}: `}${k.label} ${k.format(k.initial)} → ${k.format(v)}`),
  ];
  return `${lines.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}

/**
 * Writes the file atomically (a temporary file renamed into place). An existing file is
 * replaced only when the user said so.
 */
export function saveWhatIf(opened: OpenedOk, knobs: readonly Knob[], values: readonly number[], target: string, overwrite: boolean): SaveResult {
  const abs = resolve(target);
  const file = displayPath(abs);
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return { kind: 'error', message: `${file} is a directory` };
  if (stat && !overwrite) return { kind: 'exists', file };
  if (!/\.ya?ml$/i.test(abs)) return { kind: 'error', message: `${file}: a scenario file name ends in .yaml` };
  try {
    const data = whatIfYaml(opened, knobs, values, abs);
    if (overwrite) writeFilesAtomically(dirname(abs), [{ name: basename(abs), data }]);
    // Not asked to replace: a file that appeared since the look above is not replaced either.
    else if (writeNewFileAtomically(dirname(abs), { name: basename(abs), data }) === 'exists') return { kind: 'exists', file };
  } catch (error) {
    // The writer speaks of --out; here there is no option, only the file.
    if (error instanceof CliError) return { kind: 'error', message: `${file}: ${error.message.replace(/^--out [^:]*: /, '')}` };
    throw error;
  }
  const question = opened.resolved.question ?? '';
  return { kind: 'saved', file, entry: { file, name: shortName(file), question } };
}

/** `extends` is relative to the file that says it, as every path in a scenario. */
function relativeRef(fromDir: string, to: string): string {
  return relative(fromDir, to).split('\\').join('/');
}

/** The original's `# yaml-language-server: $schema=…` line, its path made relative to the new file. */
function schemaLine(original: string, target: string): string[] {
  let first: string | undefined;
  try {
    first = readFileSync(original, 'utf8').split('\n', 1)[0];
  } catch {
    return [];
  }
  const m = /^#\s*yaml-language-server:\s*\$schema=(\S+)/.exec(first ?? '');
  if (!m) return [];
  const schema = resolve(dirname(resolve(original)), m[1]!);
  return [`# yaml-language-server: $schema=${relative(dirname(resolve(target)), schema)}`];
}
