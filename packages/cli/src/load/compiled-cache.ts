/**
 * The compiled-model cache. Reading and compiling the reference model (its YAML parsed and
 * validated, mathjs loaded, every equation parsed, units checked, code generated) costs more
 * than everything else `corridor run` does, and the result is a pure function of the model
 * file's text and of our code: the first run stores it, later runs restore it (see the
 * engine's serializeCompiled and restoreCompiled) and never load mathjs or parse the model.
 *
 * - Where: $CORRIDOR_CACHE_DIR, else the platform's cache directory ($XDG_CACHE_HOME/corridor
 *   or ~/.cache/corridor; ~/Library/Caches/corridor on macOS; %LOCALAPPDATA%\corridor\cache on
 *   Windows). CORRIDOR_NO_CACHE=1 turns it off.
 * - Key: sha256 of the serialization format, a fingerprint of the code (codeFingerprint: so
 *   that a rebuilt engine or CLI never meets an entry an older one wrote) and the model file's
 *   text.
 * - Entry: one header line (a magic word, the format and the sha256 of the rest), then JSON:
 *   the validated model spec and the serialized compiled model. Written to a temporary name
 *   and renamed, so that a reader sees a whole entry or none. An entry that is damaged, of
 *   another format or fails to restore is ignored, and the run that compiled writes it again.
 * - Trust: an entry holds generated code that a later run executes, and its checksum proves
 *   only that it is whole, not who wrote it. So (on POSIX systems) the directory and the entry
 *   must belong to the user running corridor and be writable by no one else; otherwise the
 *   cache is neither read nor written. A CORRIDOR_CACHE_DIR shared with others (/tmp, a group
 *   folder) therefore turns the cache off rather than letting another account's file run.
 *
 * Nothing here ever fails a command: any error reading or writing the cache means "no cache".
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED_FORMAT, restoreCompiled, serializeCompiled } from '@corridor/engine';
import type { CompiledModel, CorridorModelSpec } from '@corridor/engine';

const MAGIC = 'corridor-compiled-cache';

/** What a model file gives once read, validated and compiled. */
export interface CachedModel {
  spec: CorridorModelSpec;
  compiled: CompiledModel;
}

/** The cache directory, or undefined when caching is off. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const off = env.CORRIDOR_NO_CACHE;
  if (off !== undefined && off !== '' && off !== '0') return undefined;
  if (env.CORRIDOR_CACHE_DIR) return env.CORRIDOR_CACHE_DIR;
  try {
    if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'corridor', 'cache');
    if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'corridor');
    // The XDG specification says to ignore a relative path.
    const xdg = env.XDG_CACHE_HOME;
    return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'corridor');
  } catch {
    // No home directory (a bare container user): no cache rather than a failed command.
    return undefined;
  }
}

let fingerprint: string | null | undefined;

/**
 * A fingerprint of the code that turns a model file into what the cache holds: the CLI's (and
 * the engine's) package.json, with their pinned dependencies, and the name, size and
 * modification time of each of their modules (a build rewrites what it changes). When the CLI
 * runs as one bundle (bundle/, made by scripts/bundle.mjs) the engine is inside it, so the
 * bundle's files are the code; run from dist/, it is dist/ and the engine's dist/. Stats
 * rather than contents: a few milliseconds, where hashing every module would cost more.
 */
export function codeFingerprint(): string | null {
  if (fingerprint !== undefined) return fingerprint;
  try {
    const self = fileURLToPath(import.meta.url);
    const unbundled = /[\\/]load[\\/]compiled-cache\.[cm]?[jt]s$/.test(self);
    // Each root with the extension of its modules (.js built, .ts from source).
    const roots: [string, string][] = [[unbundled ? dirname(dirname(self)) : dirname(self), extname(self)]];
    if (unbundled) {
      const engine = fileURLToPath(import.meta.resolve('@corridor/engine'));
      roots.push([dirname(engine), extname(engine)]);
    }
    const lines: string[] = [];
    for (const [root, ext] of roots) {
      lines.push(readFileSync(join(root, '..', 'package.json'), 'utf8'));
      const walk = (dir: string): void => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, e.name);
          if (e.isDirectory()) walk(path);
          else if (e.name.endsWith(ext) && !e.name.endsWith(`.d${ext}`)) {
            const s = statSync(path);
            lines.push(`${path}\0${s.size}\0${s.mtimeMs}`);
          }
        }
      };
      walk(root);
    }
    fingerprint = sha256(lines.join('\n'));
  } catch {
    fingerprint = null;
  }
  return fingerprint;
}

/** Where what a model file with this text gives is kept; undefined when caching is off. */
export function cacheFile(modelText: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = cacheDir(env);
  const code = dir === undefined ? null : codeFingerprint();
  if (dir === undefined || code === null) return undefined;
  const key = createHash('sha256').update(`${MAGIC}\0${COMPILED_FORMAT}\0${code}\0`).update(modelText).digest('hex');
  return join(dir, `${key}.json`);
}

/**
 * Whether a file or directory may be trusted to hold code this user runs: owned by this user and
 * writable by no one else. Windows keeps access in ACLs, not modes, and its default cache
 * (%LOCALAPPDATA%) is the user's own: there the answer is yes.
 */
export function trusted(path: string, uid: number | undefined = process.getuid?.()): boolean {
  if (uid === undefined) return true;
  const s = statSync(path);
  return s.uid === uid && (s.mode & 0o022) === 0;
}

/** The entry stored in `file`; undefined when there is none that can be used. */
export function readCached(file: string): CachedModel | undefined {
  try {
    if (!trusted(dirname(file)) || !trusted(file)) return undefined;
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) return undefined;
    const [magic, format, sum] = text.slice(0, newline).split(' ');
    const body = text.slice(newline + 1);
    if (magic !== MAGIC || format !== COMPILED_FORMAT || sum !== sha256(body)) return undefined;
    const data = JSON.parse(body) as { spec?: unknown; compiled?: unknown };
    if (typeof data.spec !== 'object' || data.spec === null) return undefined;
    const entry = { spec: data.spec as CorridorModelSpec, compiled: restoreCompiled(data.compiled) };
    try {
      // Pruning keeps the entries used last, not only the ones written last.
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // A read-only cache still serves.
    }
    return entry;
  } catch {
    return undefined;
  }
}

/** Stores an entry; a failure (read-only directory, full disk, a spec JSON cannot hold) is ignored. */
export function writeCached(file: string, entry: CachedModel): void {
  let tmp: string | undefined;
  try {
    // JSON would turn NaN, ±Infinity or −0 into something else; such a spec is not cached.
    const body = JSON.stringify({ spec: entry.spec, compiled: serializeCompiled(entry.compiled) }, (_, v: unknown) => {
      if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) throw new Error('not JSON');
      return v;
    });
    // Only the user may write here: an entry holds code that later runs restore and run.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // A directory others can write to is never read from (readCached): no use writing to it.
    if (!trusted(dirname(file))) return;
    tmp = join(dirname(file), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    writeFileSync(tmp, `${MAGIC} ${COMPILED_FORMAT} ${sha256(body)}\n${body}`, { flag: 'wx', mode: 0o644 });
    // Atomic within a directory: a process reading at the same time sees the old entry or the new.
    renameSync(tmp, file);
    tmp = undefined;
    prune(dirname(file));
  } catch {
    // The cache is an optimisation only.
  } finally {
    if (tmp !== undefined) {
      try {
        unlinkSync(tmp);
      } catch {
        // Never written.
      }
    }
  }
}

/** Entries kept: every edit of a model file, and every rebuild, makes a new one. */
export const KEEP_ENTRIES = 32;

/** Removes all but the KEEP_ENTRIES entries used last, and temporary files a crash left behind. */
function prune(dir: string): void {
  const now = Date.now();
  const entries: { path: string; mtime: number }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (/^[0-9a-f]{64}\.json$/.test(name)) entries.push({ path, mtime: statSync(path).mtimeMs });
      else if (name.startsWith('.tmp-') && now - statSync(path).mtimeMs > 3_600_000) unlinkSync(path);
    } catch {
      // Gone meanwhile: another process pruned it.
    }
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const { path } of entries.slice(KEEP_ENTRIES)) {
    try {
      unlinkSync(path);
    } catch {
      // Gone meanwhile.
    }
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
