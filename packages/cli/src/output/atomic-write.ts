import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../exit.js';

export interface OutputFile {
  name: string;
  data: string | Uint8Array;
}

/**
 * Makes sure `dir` is a directory we can write to, creating it if needed, before any work is
 * done: finding out after a long run would waste it.
 */
export function prepareOutputDir(dir: string): void {
  try {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) throw new CliError(`--out ${dir}: not a directory`);
    if (!stat) mkdirSync(dir, { recursive: true });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`--out ${dir}: cannot create the directory: ${reason(error)}`);
  }
}

/**
 * Writes every file to a temporary name in `dir` first and renames them only when all are
 * written: a crash or a full disk leaves the old files or none, never half of one. Renaming
 * within one directory is atomic on POSIX file systems.
 */
export function writeFilesAtomically(dir: string, files: readonly OutputFile[]): void {
  // A directory where a file should go would fail its rename after others had landed; the
  // renames that remain can only fail on a broken file system.
  for (const file of files) {
    if (statSync(join(dir, file.name), { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--out ${dir}: cannot write ${file.name}: a directory of that name is in the way`);
  }
  const staged: { tmp: string; final: string; existed: boolean; renamed: boolean }[] = [];
  try {
    for (const file of files) {
      const tmp = tempPath(dir, file.name);
      const final = join(dir, file.name);
      staged.push({ tmp, final, existed: statSync(final, { throwIfNoEntry: false }) !== undefined, renamed: false });
      writeDurably(tmp, file.data);
    }
    for (const s of staged) {
      renameSync(s.tmp, s.final);
      s.renamed = true;
    }
  } catch (error) {
    for (const s of staged) {
      // A new file from this set would pair with old ones from an earlier run: take it back.
      const leftover = s.renamed ? (s.existed ? undefined : s.final) : s.tmp;
      if (leftover === undefined) continue;
      try {
        unlinkSync(leftover);
      } catch {
        // Never created: nothing to clean.
      }
    }
    throw new CliError(`--out ${dir}: cannot write: ${reason(error)}`);
  }
}

/**
 * Writes one new file, whole or not at all, and never over a file that exists, even one that
 * appears between a look and the write: the data goes to a temporary name, which is then
 * hard-linked to the final name (a link fails if the name is taken, atomically). On a file
 * system without hard links, a look and a rename do, with that small window.
 */
export function writeNewFileAtomically(dir: string, file: OutputFile): 'written' | 'exists' {
  const tmp = tempPath(dir, file.name);
  const final = join(dir, file.name);
  try {
    writeDurably(tmp, file.data);
    try {
      linkSync(tmp, final);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'exists';
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      if (statSync(final, { throwIfNoEntry: false }) !== undefined) return 'exists';
      renameSync(tmp, final);
    }
    return 'written';
  } catch (error) {
    throw new CliError(`--out ${dir}: cannot write: ${reason(error)}`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // Renamed into place, or never created.
    }
  }
}

/** A name beside `name` that no other writer picks, hidden from listings. */
function tempPath(dir: string, name: string): string {
  return join(dir, `.tmp-${randomBytes(6).toString('hex')}-${name}`);
}

/** fsync before the rename, or a power cut can leave the new name pointing at an empty file. */
function writeDurably(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EEXIST':
      return 'a file is in the way';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
