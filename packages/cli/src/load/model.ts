import { resolve } from 'node:path';
import { compileCorridorModel, CorridorModelSpec } from '@corridor/engine';
import type { CompiledModel } from '@corridor/engine';
import type { Diagnostic } from '../files/diagnostic.js';
import { diagnosticAt, readYamlFile, validateWith } from '../files/index.js';
import type { YamlSource } from '../files/index.js';
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
  const source = readYamlFile(file);
  const validated = validateWith(CorridorModelSpec, source);
  const loaded: LoadedModel = { file, source, diagnostics: [...validated.diagnostics] };
  if (validated.data !== undefined) {
    loaded.spec = validated.data;
    const compiled = compileCorridorModel({ file, spec: validated.data });
    if (compiled.model) loaded.compiled = compiled.model;
    for (const issue of compiled.issues) loaded.diagnostics.push({ ...diagnosticAt(source, issue.path, issue.message, issue.at), code: issue.code });
  }
  cache.set(abs, loaded);
  return loaded;
}

/** A model file is told from a scenario by its corridors, which no scenario has. */
export function looksLikeModel(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'corridors');
}
