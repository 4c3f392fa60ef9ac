import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileCorridorModel, CorridorModelSpec } from '@corridor/engine';
import type { CompiledModel } from '@corridor/engine';
import type { Diagnostic } from '../files/diagnostic.js';
import { diagnosticAt, loadYaml, readYamlFile, validateWith } from '../files/index.js';
import type { YamlSource } from '../files/index.js';
import { cacheFile, readCached, writeCached } from './compiled-cache.js';
import { displayPath } from './paths.js';

export interface LoadedModel {
  /** The name the file goes by in messages. */
  file: string;
  source: YamlSource;
  /** Present when the file is valid. */
  spec?: CorridorModelSpec;
  /** Present when the file is valid and compiles. */
  compiled?: CompiledModel;
  diagnostics: Diagnostic[];
}

/**
 * Compiling the model is the slowest step before a run, and every scenario of a command
 * usually shares one model file: compile each file once per process.
 */
const cache = new Map<string, LoadedModel>();

export function loadModel(path: string): LoadedModel {
  const abs = resolve(path);
  const cached = cache.get(abs);
  if (cached) return cached;
  const file = displayPath(abs);
  const text = readText(file);
  // What a model file gives depends on its text and our code alone: an earlier run may have
  // stored it (see compiled-cache.ts), and then neither the YAML nor the equations are parsed.
  const entry = text === undefined ? undefined : cacheFile(text);
  const stored = entry === undefined ? undefined : readCached(entry);
  let loaded: LoadedModel;
  if (text !== undefined && stored !== undefined) {
    // The file was valid when stored, so its YAML is parsed only if something asks where a name is.
    loaded = { file, source: lazyYamlSource(file, text), spec: stored.spec, compiled: stored.compiled, diagnostics: [] };
  } else {
    const source = text === undefined ? readYamlFile(file) : loadYaml(file, text);
    const validated = validateWith(CorridorModelSpec, source);
    loaded = { file, source, diagnostics: [...validated.diagnostics] };
    if (validated.data !== undefined) {
      loaded.spec = validated.data;
      const compiled = compileCorridorModel({ file, spec: validated.data });
      if (compiled.model) {
        loaded.compiled = compiled.model;
        if (entry !== undefined && loaded.diagnostics.length === 0) writeCached(entry, { spec: validated.data, compiled: compiled.model });
      }
      for (const issue of compiled.issues) loaded.diagnostics.push({ ...diagnosticAt(source, issue.path, issue.message, issue.at), code: issue.code });
    }
  }
  cache.set(abs, loaded);
  return loaded;
}

/** The file's text; undefined when it cannot be read (readYamlFile then says why). */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A YamlSource whose text is parsed on first use of its document, data, diagnostics or positions. */
function lazyYamlSource(file: string, text: string): YamlSource {
  let parsed: YamlSource | undefined;
  const get = (): YamlSource => (parsed ??= loadYaml(file, text));
  return {
    file,
    text,
    get doc() {
      return get().doc;
    },
    get data() {
      return get().data;
    },
    set data(value: unknown) {
      get().data = value;
    },
    get diagnostics() {
      return get().diagnostics;
    },
    locate: (path, which) => get().locate(path, which),
  };
}

/** A model file is told from a scenario by its corridors, which no scenario has. */
export function looksLikeModel(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'corridors');
}
