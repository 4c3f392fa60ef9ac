import { z } from 'zod';
import { CorridorModelSpec } from '../corridors/spec.js';
import { ScenarioSpec } from '../scenario/schema.js';

/**
 * JSON Schemas of the files people edit, for editors (the VS Code YAML extension reads
 * draft-07). Generated from the zod schemas, so they cannot disagree with validation.
 */
export function jsonSchemas(): Record<'scenario' | 'corridor-model', unknown> {
  const gen = (schema: z.ZodType, title: string, description: string): unknown => ({
    ...(z.toJSONSchema(schema, { target: 'draft-07', io: 'input', unrepresentable: 'any' }) as object),
    title,
    description,
  });
  return {
    scenario: gen(ScenarioSpec, 'Corridor scenario', 'A what-if scenario for the corridors that feed Mali: start date, horizon, parameter overrides and dated events.'),
    'corridor-model': gen(CorridorModelSpec, 'Corridor model', 'The corridor model: routes, fuel sectors, mine groups and power sources, every figure with a unit and a source.'),
  };
}
