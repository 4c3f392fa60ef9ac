import { resolveScenario, ScenarioSpec } from '@corridor/engine';
import { describe, expect, it } from 'vitest';
import { MODEL_FILE, referenceModel } from './support.js';

const parent = ScenarioSpec.parse({
  start: '2025-09-01',
  horizon: 120,
  events: [{ type: 'blockade', corridor: 'dakar_bamako', from: 'day 10', to: 'day 70', severity: 1 }],
});

function resolve(child: unknown) {
  const { spec, model } = referenceModel();
  const r = resolveScenario([{ file: 'child.yaml', spec: ScenarioSpec.parse(child) }, { file: 'parent.yaml', spec: parent }], { file: MODEL_FILE, spec }, model);
  if (!r.scenario) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.scenario;
}

describe('inherit_events', () => {
  const tweaked = { type: 'blockade', corridor: 'dakar_bamako', from: 'day 10', to: 'day 40', severity: 0.5 };

  it("adds a file's events to those of the file it extends by default", () => {
    expect(resolve({ events: [tweaked] }).events.map((e) => [e.from, e.to])).toEqual([
      [10, 70],
      [10, 40],
    ]);
  });

  it("false: the file's events replace the inherited ones", () => {
    expect(resolve({ inherit_events: false, events: [tweaked] }).events.map((e) => [e.from, e.to])).toEqual([[10, 40]]);
  });
});
