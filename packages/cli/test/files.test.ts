import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioSpec } from '../../engine/src/scenario/schema.js';
import { formatDiagnostic } from '../src/files/diagnostic.js';
import { diagnosticAt, validateWith } from '../src/files/validate.js';
import { loadYaml, readYamlFile } from '../src/files/yaml-source.js';

/** Each line is one problem as the user will see it: `file:line:col: message`. */
function problems(text: string): string[] {
  return validateWith(ScenarioSpec, loadYaml('scenario.yaml', text)).diagnostics.map(formatDiagnostic);
}

describe('a scenario file with problems gets one located message per problem', () => {
  it('a YAML syntax error is reported where yaml notices it, and the data is not validated', () => {
    expect(problems('horizon: abc\nevents: [1, 2\nseed: 3\n')).toEqual([
      'scenario.yaml:3:1: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('a duplicate key points at the second one and names the line of the first', () => {
    expect(problems('horizon: 120\nseed: 1\nhorizon: 90\n')).toEqual(['scenario.yaml:3:1: duplicate key "horizon" (already given on line 1)']);
  });

  it('an unknown key points at the key and suggests the nearest allowed one', () => {
    const text = ['events:', '  - type: blockade', '    corridor: dakar_bamako', '    from: 2025-09-03', '    sevrity: 0.5', ''].join('\n');
    expect(problems(text)).toEqual(['scenario.yaml:5:5: unknown key "sevrity" (did you mean "severity"?)']);
  });

  it('a misspelled required key is one problem, not an unknown key and a missing one', () => {
    const text = ['events:', '  - type: blockade', '    corridr: dakar_bamako', '    from: 2025-09-03', ''].join('\n');
    expect(problems(text)).toEqual(['scenario.yaml:3:5: unknown key "corridr" (did you mean "corridor"?)']);
  });

  it('a missing key points at the object that lacks it', () => {
    const text = ['horizon: 120', 'events:', '  - type: blockade', '    corridor: dakar_bamako', ''].join('\n');
    expect(problems(text)).toEqual(['scenario.yaml:3:5: missing key "from"']);
  });

  it('a wrong type says what was expected and what was found, at the value', () => {
    expect(problems('horizon: abc\n')).toEqual(['scenario.yaml:1:10: expected a number, found the string "abc"']);
  });

  it('a bad date uses the schema’s own words for what a date looks like', () => {
    expect(problems('start: 2025-9-1\n')).toEqual(['scenario.yaml:1:8: expected a date that exists, like 2025-09-01, found the string "2025-9-1"']);
  });

  it('an unknown event type lists the event types and suggests the nearest', () => {
    const text = ['events:', '  - type: blokade', '    corridor: dakar_bamako', '    from: 2025-09-03', ''].join('\n');
    expect(problems(text)).toEqual([
      'scenario.yaml:2:11: unknown event type "blokade" (expected one of: blockade, convoy, attacks, capacity, demand, policy; did you mean "blockade"?)',
    ]);
  });

  it('a severity out of range says what range is allowed', () => {
    const text = ['events:', '  - type: blockade', '    corridor: dakar_bamako', '    from: day 10', '    severity: 2', ''].join('\n');
    expect(problems(text)).toEqual(['scenario.yaml:5:15: expected a share from 0 to 1, found 2']);
  });

  it('an unknown enum value lists the allowed ones', () => {
    expect(problems('method: eular\n')).toEqual(['scenario.yaml:1:9: unknown method "eular" (expected one of: euler, rk4; did you mean "euler"?)']);
  });

  it('a value fitting none of several forms lists the forms', () => {
    const text = ['events:', '  - type: blockade', '    corridor: dakar_bamako', '    from: day 10', '    onset: gradual', ''].join('\n');
    expect(problems(text)).toEqual(['scenario.yaml:5:12: expected "immediate" or a mapping with the key "ramp", found the string "gradual"']);
  });

  it('several problems come back together, top to bottom', () => {
    expect(problems('seed: -1\nhorizon: 0\n')).toEqual([
      'scenario.yaml:1:7: expected a number of at least 0, found -1',
      'scenario.yaml:2:10: expected a number greater than 0, found 0',
    ]);
  });

  it('an empty file says so', () => {
    expect(problems('# nothing yet\n')).toEqual(['scenario.yaml:1:1: expected a mapping (key: value pairs), found an empty file']);
  });

  it('a valid file gives its data with defaults filled in, and no diagnostics', () => {
    const result = validateWith(ScenarioSpec, loadYaml('scenario.yaml', 'horizon: 120\nevents:\n  - {type: blockade, corridor: dakar_bamako, from: 2025-09-03}\n'));
    expect(result.diagnostics).toEqual([]);
    expect(result.data?.events[0]).toMatchObject({ type: 'blockade', severity: 1, onset: 'immediate' });
  });
});

describe('reading files', () => {
  it('a missing file is a diagnostic, not an exception', () => {
    const file = fileURLToPath(new URL('./no-such-scenario.yaml', import.meta.url));
    const source = readYamlFile(file);
    expect(source.diagnostics.map(formatDiagnostic)).toEqual([`${file}:1:1: cannot read file: no such file`]);
    expect(validateWith(ScenarioSpec, source).diagnostics.map(formatDiagnostic)).toEqual([`${file}:1:1: cannot read file: no such file`]);
  });

  it('a file on disk is read and located under the name it was given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-files-'));
    try {
      const file = join(dir, 'scenario.yaml');
      // A byte-order mark, as some Windows editors write, must not shift the columns.
      writeFileSync(file, '\uFEFFhorizon: abc\n');
      expect(validateWith(ScenarioSpec, readYamlFile(file)).diagnostics.map(formatDiagnostic)).toEqual([
        `${file}:1:10: expected a number, found the string "abc"`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('engine issues are located through their data path', () => {
  const source = loadYaml('scenario.yaml', ['horizon: 120', 'events:', '  - type: blockade', '    corridor: dakar_bamako', '    from: day 10', '    to: day 5', ''].join('\n'));

  it('a path that exists points at the value, or at the key when asked', () => {
    expect(formatDiagnostic(diagnosticAt(source, ['events', 0, 'to'], 'the blockade ends before it starts'))).toBe(
      'scenario.yaml:6:9: the blockade ends before it starts',
    );
    expect(source.locate(['events', 0, 'to'], 'key')).toEqual({ line: 6, column: 5 });
  });

  it('a path that does not exist (a default) points at the deepest part that does', () => {
    expect(source.locate(['events', 0, 'severity'])).toEqual({ line: 3, column: 5 });
    expect(source.locate(['events', 7, 'to'])).toEqual({ line: 2, column: 1 });
  });
});
