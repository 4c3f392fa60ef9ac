import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../packages/cli/src/files/index.js';
import { loadScenario } from '../../packages/cli/src/load/scenario.js';
import { MODEL_FILE } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'corridor-errors-'));

/** Writes a scenario against the reference model and returns its diagnostics as `file:line:col: message`. */
function problems(name: string, body: string): string[] {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `model: ${MODEL_FILE}\nstart: 2025-09-01\nhorizon: 90\n${body}`);
  const r = loadScenario(file);
  expect(r.scenario).toBeUndefined();
  return r.diagnostics.map((d) => formatDiagnostic(d).replace(`${file}`, `${name}.yaml`));
}

describe('a broken scenario gets one clear error at its line and column', () => {
  it('an unknown key, at the key, with a suggestion', () => {
    expect(problems('unknown-key', 'events:\n  - type: blockade\n    corridor: dakar_bamako\n    from: day 3\n    sevrity: 0.5\n')).toEqual([
      'unknown-key.yaml:8:5: unknown key "sevrity" (did you mean "severity"?)',
    ]);
  });

  it('a value of the wrong type, at the value', () => {
    expect(problems('wrong-type', 'seed: many\n')).toEqual(['wrong-type.yaml:4:7: expected a number, found the string "many"']);
  });

  it('a date that does not exist', () => {
    expect(problems('bad-date', 'events:\n  - type: blockade\n    corridor: dakar_bamako\n    from: 2025-02-30\n')).toEqual([
      'bad-date.yaml:7:11: expected a date that exists, like 2025-09-03, or a day offset like "day 64", found the string "2025-02-30"',
    ]);
  });

  it('an unknown corridor, with the corridors the model has', () => {
    expect(problems('unknown-corridor', 'events:\n  - type: blockade\n    corridor: dakar_bamko\n    from: day 3\n')).toEqual([
      'unknown-corridor.yaml:6:15: unknown corridor "dakar_bamko" (did you mean "dakar_bamako"?); the model has: dakar_bamako, abidjan_bamako, nouakchott_bamako, conakry_bamako',
    ]);
  });

  it('an uncertain parameter that does not exist, at its name; a distribution that cannot be, at the bad number; a unit that does not fit, at the unit', () => {
    expect(
      problems(
        'uncertainty',
        'runs: 10\nuncertainty:\n  parameters:\n    diversion_lagg: { distribution: uniform, min: 1, max: 2 }\n    tanker_load: { distribution: triangular, min: 40, mode: 30, max: 50 }\n',
      ),
    ).toEqual(['uncertainty.yaml:8:61: expected a mode between min and max, found 30']);
    expect(problems('uncertain-name', 'uncertainty:\n  parameters:\n    diversion_lagg: { distribution: uniform, min: 1, max: 2 }\n    gold_price: { distribution: uniform, min: 3000, max: 4000, unit: kg }\n')).toEqual([
      'uncertain-name.yaml:6:5: unknown parameter "diversion_lagg" (did you mean "diversion_lag"?)',
      'uncertain-name.yaml:7:70: gold_price: kg cannot be converted to USD/troy_oz, the unit of gold_price in the model',
    ]);
  });

  it('an unknown parameter, at its name, with "did you mean"', () => {
    expect(problems('unknown-parameter', 'parameters:\n  tanker_lod: 40\n')).toEqual(['unknown-parameter.yaml:5:3: unknown parameter "tanker_lod" (did you mean "tanker_load"?)']);
  });

  it('a unit that cannot be converted to the parameter’s, at the value', () => {
    expect(problems('bad-unit', 'parameters:\n  tanker_load: 46000 kg/tanker\n')).toEqual([
      'bad-unit.yaml:5:16: tanker_load: "46000 kg/tanker" cannot be converted to m^3/tanker, the unit of tanker_load in the model',
    ]);
  });

  it('a blockade whose "to" comes before its "from"', () => {
    expect(problems('to-before-from', 'events:\n  - type: blockade\n    corridor: dakar_bamako\n    from: 2025-09-20\n    to: 2025-09-10\n')).toEqual([
      'to-before-from.yaml:8:9: "to" (2025-09-10, day 9) must come after "from" (2025-09-20, day 19)',
    ]);
  });

  it('a segment the corridor does not have', () => {
    expect(problems('bad-segment', 'events:\n  - type: blockade\n    corridor: dakar_bamako\n    segment: gogui_nioro\n    from: day 1\n')).toEqual([
      'bad-segment.yaml:7:14: corridor dakar_bamako has no segment "gogui_nioro"; its segments: dakar_kidira, kidira_kayes, kayes_bamako',
    ]);
  });
});
