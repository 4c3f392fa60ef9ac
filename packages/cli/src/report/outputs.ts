import { statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../exit.js';
import { prepareOutputDir, writeFilesAtomically } from '../output/atomic-write.js';
import type { OutputFile } from '../output/atomic-write.js';

/**
 * Where the report goes: `--out FILE` (the page) and `--png DIR` (one file per chart). Both
 * are checked before any run, so that a wrong path costs nothing, and written atomically by
 * output/atomic-write.ts; its messages name a directory and `--out`, and are retold here in
 * terms of the option the user gave.
 */

export function prepareReportFile(out: string): void {
  const dir = dirname(resolve(out));
  if (stat(out)?.isDirectory()) throw new CliError(`--out ${out}: is a directory; give the HTML file to write, such as ${join(out, 'report.html')}`);
  const parent = stat(dir);
  if (parent !== undefined && !parent.isDirectory()) throw new CliError(`--out ${out}: ${dirname(out)} is a file, not a directory`);
  retold(() => prepareOutputDir(dir), `--out ${dir}: `, `--out ${out}: `, (rest) => rest.replace('cannot create the directory', 'cannot create its directory'));
}

export function preparePngDir(dir: string): void {
  retold(() => prepareOutputDir(dir), `--out ${dir}: `, `--png ${dir}: `);
}

export function writeReportFile(out: string, html: string): void {
  const dir = dirname(resolve(out));
  retold(() => writeFilesAtomically(dir, [{ name: basename(out), data: html }]), `--out ${dir}: `, `--out ${out}: `);
}

export function writePngFiles(dir: string, files: readonly OutputFile[]): void {
  retold(() => writeFilesAtomically(dir, files), `--out ${dir}: `, `--png ${dir}: `);
}

/** What is at `path`, if anything can be told (a file where a directory should be is left to prepareOutputDir). */
function stat(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function retold(action: () => void, from: string, to: string, edit: (rest: string) => string = (rest) => rest): void {
  try {
    action();
  } catch (error) {
    if (error instanceof CliError && error.message.startsWith(from)) throw new CliError(`${to}${edit(error.message.slice(from.length))}`, error.exitCode);
    throw error;
  }
}
