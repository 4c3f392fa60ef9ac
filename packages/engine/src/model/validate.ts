import { ModelError, issue, type EngineIssue } from '../errors.js';
import { ModelSpec, type Model } from './schema.js';

const SECTIONS = ['units', 'constants', 'stocks', 'flows', 'auxiliaries', 'lookups'] as const;

/** Checks model data against the schema; every problem becomes an issue with its path. */
export function validateModel(input: unknown): Model {
  const r = ModelSpec.safeParse(input);
  const issues: EngineIssue[] = protoKeys(input);
  if (r.success && issues.length === 0) return r.data;
  if (!r.success) {
    for (const i of r.error.issues) {
      const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const where = path.length > 0 ? path.join('.') : 'model';
      issues.push(issue('invalid_model', `${where}: ${i.message}`, path));
    }
  }
  throw new ModelError(issues);
}

/** zod drops an own `__proto__` key from a record without a word; refuse it instead. */
function protoKeys(input: unknown): EngineIssue[] {
  if (typeof input !== 'object' || input === null) return [];
  const out: EngineIssue[] = [];
  for (const section of SECTIONS) {
    const s = (input as Record<string, unknown>)[section];
    if (typeof s === 'object' && s !== null && Object.hasOwn(s, '__proto__')) {
      out.push(issue('invalid_model', `${section}.__proto__: "__proto__" cannot name anything in a model`, [section, '__proto__']));
    }
  }
  return out;
}
