import { statSync } from 'node:fs';
import { InputError } from '../../exit.js';
import { readYamlFile, sortDiagnostics, validateWith } from '../../files/index.js';
import type { YamlSource } from '../../files/index.js';
import { lintExpectations } from './lint.js';
import type { LintContext } from './lint.js';
import type { Expectation } from './model.js';
import { ExpectationSpec, ExpectationsFile } from './schema.js';

/**
 * Reads, validates and checks an expectations file; any problem is bad input (exit 2), each
 * at its file:line:col. A default path that does not exist means no expectations. Items that
 * are well formed are checked for names and windows even when others are not, so that one
 * run reports every problem.
 */
export function loadExpectations(file: string, explicit: boolean, ctx: LintContext): Expectation[] {
  if (!explicit && !statSync(file, { throwIfNoEntry: false })) return [];
  const source = readYamlFile(file);
  const validated = validateWith(ExpectationsFile, source);
  const { expectations, diagnostics } = lintExpectations(source, wellFormed(source, validated.data), ctx);
  const all = sortDiagnostics([...validated.diagnostics, ...diagnostics]);
  if (all.length > 0) throw new InputError(all);
  return expectations;
}

function wellFormed(source: YamlSource, data: ExpectationsFile | undefined): { index: number; spec: ExpectationSpec }[] {
  if (data !== undefined) return data.expectations.map((spec, index) => ({ index, spec }));
  if (source.diagnostics.some((d) => d.code !== 'duplicate_key')) return [];
  const raw = (source.data as { expectations?: unknown } | null | undefined)?.expectations;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown, index) => {
    const parsed = ExpectationSpec.safeParse(item);
    return parsed.success ? [{ index, spec: parsed.data }] : [];
  });
}
