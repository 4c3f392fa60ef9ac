import { isAbsolute, relative, resolve } from 'node:path';

/**
 * The name a file goes by in messages and outputs: relative to the current directory, so that
 * `file:line:col` is short and clickable. A file outside the current directory keeps its
 * absolute path, since `../../../tmp/x.yaml` is harder to read and no more portable.
 */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  if (rel === '') return abs;
  if (rel === '..' || rel.startsWith('../') || rel.startsWith('..\\') || isAbsolute(rel)) return abs;
  return rel;
}
