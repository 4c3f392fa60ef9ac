import { dirname, resolve } from 'node:path';
import { resolveScenario, ScenarioSpec } from '@corridor/engine';
import type { ResolvedScenario, ScenarioDoc } from '@corridor/engine';
import type { Diagnostic } from '../files/diagnostic.js';
import { diagnosticAt, readYamlFile, sortDiagnostics, UNREADABLE_FILE, validateWith } from '../files/index.js';
import type { YamlSource } from '../files/index.js';
import { loadModel, looksLikeModel } from './model.js';
import type { LoadedModel } from './model.js';
import { displayPath } from './paths.js';

export interface LoadedScenario {
  /** Present only when every file in the chain and the model are free of problems. */
  scenario?: ResolvedScenario;
  /** Every problem found, in every file, each at its `file:line:col`. */
  diagnostics: Diagnostic[];
  /** The files read, by the names they go by in messages: the chain, most derived first, then the model. */
  sources: Map<string, YamlSource>;
  model?: LoadedModel;
  /** The validated chain as the engine took it, most derived first; present with `scenario`. */
  docs?: ScenarioDoc[];
}

interface Link {
  abs: string;
  source: YamlSource;
  spec?: ScenarioSpec;
}

/**
 * Reads a scenario, the files it extends and its model, and resolves it. Problems do not stop
 * the reading early: a broken file still has its `extends` and `model` followed when they can
 * be read, so that one pass reports everything.
 */
export function loadScenario(path: string): LoadedScenario {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, YamlSource>();
  const chain: Link[] = [];
  let modelRef: { abs: string; from: YamlSource } | undefined;

  let abs: string | undefined = resolve(path);
  let referrer: YamlSource | undefined;
  // A chain cut short may have named the model further up, so its absence proves nothing.
  let brokenChain = false;
  while (abs !== undefined) {
    const source = readYamlFile(displayPath(abs));
    const unreadable = source.diagnostics.find((d) => d.code === UNREADABLE_FILE);
    if (unreadable && !referrer) return { diagnostics: [unreadable], sources };
    if (unreadable && referrer) {
      // The mistake is in the file that names this one, so that is where it is shown.
      diagnostics.push({ ...diagnosticAt(referrer, ['extends'], `extends: ${unreadable.message.replace(/^cannot read file/, `cannot read "${String(rawField(referrer, 'extends'))}"`)}`), code: UNREADABLE_FILE });
      brokenChain = true;
      break;
    }
    sources.set(source.file, source);
    if (chain.length === 0 && looksLikeModel(source.data)) {
      diagnostics.push({ ...diagnosticAt(source, [], 'this is a model file, not a scenario: give a scenario file that names it with "model:"'), code: 'not_a_scenario' });
      return { diagnostics, sources };
    }
    const validated = validateWith(ScenarioSpec, source);
    diagnostics.push(...validated.diagnostics);
    chain.push({ abs, source, ...(validated.data ? { spec: validated.data } : {}) });

    const model = rawField(source, 'model');
    if (modelRef === undefined && typeof model === 'string') modelRef = { abs: resolve(dirname(abs), model), from: source };

    const parent = rawField(source, 'extends');
    referrer = source;
    abs = undefined;
    if (typeof parent === 'string') {
      const next = resolve(dirname(chain[chain.length - 1]!.abs), parent);
      const loop = chain.findIndex((link) => link.abs === next);
      if (loop >= 0) {
        const cycle = [...chain.slice(loop).map((link) => link.source.file), chain[loop]!.source.file].join(' → ');
        diagnostics.push({ ...diagnosticAt(source, ['extends'], `extends makes a loop: ${cycle}`), code: 'extends_loop' });
        brokenChain = true;
      } else {
        abs = next;
      }
    }
  }

  const root = chain[0];
  if (root === undefined) return { diagnostics: sortDiagnostics(diagnostics), sources };

  let model: LoadedModel | undefined;
  if (modelRef === undefined) {
    if (!brokenChain) diagnostics.push({ ...diagnosticAt(root.source, [], 'missing key "model": the scenario, or one it extends, must name its model file'), code: 'missing_key' });
  } else {
    model = loadModel(modelRef.abs);
    const unreadable = model.diagnostics.find((d) => d.code === UNREADABLE_FILE);
    if (unreadable) {
      const named = String(rawField(modelRef.from, 'model'));
      diagnostics.push({ ...diagnosticAt(modelRef.from, ['model'], `model: ${unreadable.message.replace(/^cannot read file/, `cannot read "${named}"`)}`), code: UNREADABLE_FILE });
    } else {
      sources.set(model.file, model.source);
      diagnostics.push(...model.diagnostics);
    }
  }

  const docs = chain.flatMap((link): ScenarioDoc[] => (link.spec ? [{ file: link.source.file, spec: link.spec }] : []));
  if (diagnostics.length > 0 || docs.length !== chain.length || !model?.spec || !model.compiled) {
    return { diagnostics: sortDiagnostics(diagnostics), sources, ...(model ? { model } : {}) };
  }

  const resolved = resolveScenario(docs, { file: model.file, spec: model.spec }, model.compiled);
  for (const issue of resolved.issues) {
    const source = (issue.file !== undefined ? sources.get(issue.file) : undefined) ?? root.source;
    diagnostics.push({ ...diagnosticAt(source, issue.path, issue.message, issue.at), code: issue.code });
  }
  if (diagnostics.length > 0 || !resolved.scenario) return { diagnostics: sortDiagnostics(diagnostics), sources, model };
  return { scenario: resolved.scenario, diagnostics: [], sources, model, docs };
}

/** A top-level field as written, whether or not the file is valid: enough to follow links. */
function rawField(source: YamlSource, key: string): unknown {
  const data = source.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
}
