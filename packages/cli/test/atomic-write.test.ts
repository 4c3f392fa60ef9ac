import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeNewFileAtomically } from '../src/output/atomic-write.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'corridor-atomic-'));
  dirs.push(d);
  return d;
}

describe('writing a new file without replacing one', () => {
  it('writes the whole file and leaves no temporary file behind', () => {
    const dir = scratch();
    expect(writeNewFileAtomically(dir, { name: 'what-if.yaml', data: 'extends: a.yaml\n' })).toBe('written');
    expect(readFileSync(join(dir, 'what-if.yaml'), 'utf8')).toBe('extends: a.yaml\n');
    expect(readdirSync(dir)).toEqual(['what-if.yaml']);
  });

  it('leaves a file that is already there (one that appeared after the UI looked) as it was', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'what-if.yaml'), '# mine\n');
    expect(writeNewFileAtomically(dir, { name: 'what-if.yaml', data: 'extends: a.yaml\n' })).toBe('exists');
    expect(readFileSync(join(dir, 'what-if.yaml'), 'utf8')).toBe('# mine\n');
    expect(readdirSync(dir)).toEqual(['what-if.yaml']);
  });

  it('says where it cannot write, as a user error', () => {
    const dir = join(scratch(), 'missing');
    expect(() => writeNewFileAtomically(dir, { name: 'x.yaml', data: '' })).toThrow(/cannot write: .*no such file|cannot write: ENOENT/);
  });
});
