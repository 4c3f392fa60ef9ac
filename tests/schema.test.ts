import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '@corridor/engine';

describe('the committed JSON Schemas', () => {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    it(`schema/${name}.schema.json is up to date (run: npx -y pnpm@10 gen:schema)`, () => {
      const committed = readFileSync(new URL(`../schema/${name}.schema.json`, import.meta.url), 'utf8');
      expect(committed).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    });
  }

  it('every scenario file points editors at the scenario schema', () => {
    const dir = new URL('../scenarios/', import.meta.url);
    for (const f of ['baseline', 'kayes-nioro-blockade', 'bamako-fuel-blockade-2025', 'dakar-corridor-closed-60d', 'dakar-closed-nouakchott-diversion', 'escorted-convoys-weekly', 'joint-patrols', 'southern-corridor-cut']) {
      const first = readFileSync(new URL(`${f}.yaml`, dir), 'utf8').split('\n')[0];
      expect(first).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
    }
  });
});
