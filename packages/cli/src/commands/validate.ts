import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { EXIT } from '../exit.js';
import type { Diagnostic } from '../files/diagnostic.js';
import { formatDiagnostic } from '../files/diagnostic.js';
import { readYamlFile } from '../files/index.js';
import { uniqueDiagnostics } from '../load/many.js';
import { loadModel, looksLikeModel } from '../load/model.js';
import { displayPath } from '../load/paths.js';
import { loadScenario } from '../load/scenario.js';
import { SCHEMA_VERSION } from '../output/records.js';

export interface ValidateOptions {
  format?: 'text' | 'json';
}

/**
 * Checks scenario and model files the way `run` reads them (a scenario with its chain and its
 * model, resolved), and reports every problem in all of them. Problems are the command's
 * findings, but they are also errors: as text they go to stderr like every other error, and
 * `--format json` puts them on stdout for editors and CI.
 */
export async function validateCommand(files: readonly string[], options: ValidateOptions, ctx: Context): Promise<number> {
  const results: { file: string; diagnostics: Diagnostic[] }[] = [];
  for (const file of files) results.push({ file: displayPath(file), diagnostics: check(file) });
  const all = uniqueDiagnostics(results.flatMap((r) => r.diagnostics));

  if (options.format === 'json') {
    const doc = {
      schemaVersion: SCHEMA_VERSION,
      ok: all.length === 0,
      files: results.map((r) => ({ file: r.file, ok: r.diagnostics.length === 0 })),
      diagnostics: all,
    };
    ctx.out(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    for (const d of all) ctx.err(`${formatDiagnostic(d)}\n`);
    for (const r of results) if (r.diagnostics.length === 0) ctx.err(`${ctx.errStyle.green('ok')} ${r.file}\n`);
  }
  return all.length > 0 ? EXIT.usage : EXIT.ok;
}

function check(file: string): Diagnostic[] {
  const source = readYamlFile(displayPath(file));
  if (looksLikeModel(source.data)) return loadModel(resolve(file)).diagnostics;
  return loadScenario(file).diagnostics;
}
