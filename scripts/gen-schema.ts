/**
 * Writes the JSON Schemas that scenario and model files point editors at
 * (`# yaml-language-server: $schema=…`). `tests/schema.test.ts` fails when they are stale.
 *   npx -y pnpm@10 gen:schema
 */
import { writeFileSync } from 'node:fs';
import { jsonSchemas } from '@corridor/engine';

for (const [name, schema] of Object.entries(jsonSchemas())) {
  const file = new URL(`../schema/${name}.schema.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  process.stderr.write(`wrote schema/${name}.schema.json\n`);
}
