import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corridor, repoRoot } from '../cli/helpers.js';
import type { Result } from '../cli/helpers.js';

export { ensureBuilt, lines } from '../cli/helpers.js';

const dirs: string[] = [];

/**
 * A copy of what `corridor check` reads: the scenarios and the model, the goldens with their
 * tolerances, and the expectations. Tests change the copy, never the repository.
 */
export function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-check-'));
  dirs.push(dir);
  cpSync(join(repoRoot, 'scenarios'), join(dir, 'scenarios'), { recursive: true });
  cpSync(join(repoRoot, 'tests/golden'), join(dir, 'tests/golden'), { recursive: true });
  cpSync(join(repoRoot, 'checks'), join(dir, 'checks'), { recursive: true });
  return dir;
}

export function removeCopies(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** `corridor check …` in a copy, as a user would run it from the copy's root. */
export function check(dir: string, args: readonly string[] = []): Promise<Result> {
  return corridor(['check', ...args], { cwd: dir });
}

export const MODEL = 'scenarios/model/mali-corridors.yaml';

/** Replaces exactly one occurrence of `from` in a file of the copy; fails loudly if the text is not there once. */
export function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`${file}: expected "${from}" once, found it ${count} times`);
  writeFileSync(path, text.replace(from, to));
}

export function write(dir: string, file: string, text: string): string {
  writeFileSync(join(dir, file), text);
  return join(dir, file);
}

/** The first data row of the drift table: its scenario and variable. */
export function topDrift(stdout: string): { scenario: string; variable: string } | undefined {
  const rows = stdout.split('\n');
  const rule = rows.findIndex((l) => /^─+\s+─+/.test(l));
  const first = rule >= 0 ? rows[rule + 1] : undefined;
  if (first === undefined) return undefined;
  const [scenario = '', variable = ''] = first.trim().split(/\s+/);
  return { scenario, variable };
}

export interface CheckJson {
  ok: boolean;
  scenarios: { name: string; compared: number; drifted: number }[];
  drift: { scenario: string; variable: string; kind: string; compared: number; drifted: number; worst: Record<string, unknown>; points: Record<string, unknown>[] }[];
  staleGoldens: string[];
  expectations: { name: string | null; description: string; scenario: string; ok: boolean; expected: string; found: string; actual: number | null; date?: string; day?: number; location: string }[];
}

/**
 * A small XML well-formedness check (no XML library in the tree): one root, tags nested and
 * closed in order, attributes quoted and unique, only the five predefined entities or
 * character references. Returns the elements found, by name, with their attributes.
 */
export function parseXml(xml: string): { name: string; attrs: Record<string, string>; parent: string | undefined; text: string }[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const elements: { name: string; attrs: Record<string, string>; parent: string | undefined; text: string }[] = [];
  const stack: { name: string; index: number }[] = [];
  let roots = 0;
  const checkText = (text: string): void => {
    if (/[<]/.test(text)) throw new Error(`stray "<" in text: ${text.slice(0, 40)}`);
    for (const m of text.matchAll(/&([^;\s]*);?/g)) {
      if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(m[1] ?? '') || !m[0].endsWith(';')) throw new Error(`bad entity ${m[0]}`);
    }
  };
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const next = body.indexOf('<', i);
    const text = body.slice(i, next < 0 ? body.length : next);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text.slice(0, 40)}`);
    checkText(text);
    const top = stack[stack.length - 1];
    if (top) elements[top.index]!.text += decode(text);
    if (next < 0) break;
    tag.lastIndex = next;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at offset ${next}: ${body.slice(next, next + 60)}`);
    const [, closing, name = '', attrText = '', selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
    } else {
      if (stack.length === 0 && roots++ > 0) throw new Error('more than one root element');
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
        const key = a[1]!;
        if (Object.hasOwn(attrs, key)) throw new Error(`duplicate attribute ${key} on <${name}>`);
        checkText(a[2]!);
        attrs[key] = decode(a[2]!);
      }
      elements.push({ name, attrs, parent: stack[stack.length - 1]?.name, text: '' });
      if (!selfClosing) stack.push({ name, index: elements.length - 1 });
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (roots !== 1) throw new Error('no root element');
  return elements;
}

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e] !== undefined) return named[e];
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}
