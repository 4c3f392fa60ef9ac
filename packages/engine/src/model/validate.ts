import { ModelError, issue } from '../errors.js';
import { ModelSpec, type Model } from './schema.js';

/** Checks model data against the schema; every problem becomes an issue with its path. */
export function validateModel(input: unknown): Model {
  const r = ModelSpec.safeParse(input);
  if (r.success) return r.data;
  throw new ModelError(
    r.error.issues.map((i) => {
      const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const where = path.length > 0 ? path.join('.') : 'model';
      return issue('invalid_model', `${where}: ${i.message}`, path);
    }),
  );
}
