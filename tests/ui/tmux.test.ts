/**
 * The terminal UI end to end: the real program in a real terminal (tmux), driven by keys and
 * read off the screen as a person would. `.ci/run` installs tmux when it is missing; the test
 * is skipped only where tmux cannot be found at all.
 *
 * CORRIDOR_UI_SCREENSHOTS=<dir> also writes each screen it reads to <dir>/<step>.txt (the
 * screenshots of docs/ui.md come from there).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { corridor, ensureBuilt, mainJs, repoRoot, SHIPPED_SCENARIOS } from '../cli/helpers.js';

const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
const socket = `corridor-ui-test-${process.pid}`;
const shots = process.env.CORRIDOR_UI_SCREENSHOTS;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
}

/** The screen as text, or with its escape sequences (colours) when `escapes`. */
function screen(escapes = false): string {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'ui');
}

function alive(): boolean {
  // has-session fails once the program has ended: its session closes with it.
  return spawnSync('tmux', ['-L', socket, 'has-session', '-t', 'ui'], { stdio: 'ignore' }).status === 0;
}

async function waitFor(predicate: (s: string) => boolean, what: string, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    try {
      last = screen();
    } catch {
      // The session ends when the program does, maybe between two looks.
      last = '(the program has ended)';
    }
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; the screen:\n${last}`);
}

/** Keys by tmux's names (Enter, Escape, Left…); `text` types its characters literally. */
function keys(...names: string[]): void {
  tmux('send-keys', '-t', 'ui', ...names);
}
function text(s: string): void {
  tmux('send-keys', '-t', 'ui', '-l', s);
}

function shot(name: string, s: string): void {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  writeFileSync(join(shots, `${name}.txt`), s.replace(/[ \t]+$/gm, '').replace(/\n+$/, '\n'));
}

/** Starts `corridor ui` in a fresh 100×30 tmux session, in `cwd`, with `env` added. */
function start(cwd: string, env: Record<string, string> = {}, args: string[] = ['ui']): string {
  const status = join(cwd, `exit-${Date.now()}`);
  // The UI's process must not see CI=true: Ink then draws only the last frame.
  const vars = Object.entries({ TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}=${v}`);
  const command = ['env', '-u', 'CI', '-u', 'NO_COLOR', '-u', 'FORCE_COLOR', ...vars, process.execPath, mainJs, ...args].map((a) => `'${a}'`).join(' ');
  tmux('new-session', '-d', '-s', 'ui', '-x', '100', '-y', '30', '-c', cwd, `${command}; echo $? > '${status}'`);
  return status;
}

describe.skipIf(!hasTmux)(hasTmux ? 'corridor ui in a real terminal (tmux)' : 'corridor ui in a real terminal (skipped: tmux is not installed)', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'corridor-tmux-'));
    cpSync(join(repoRoot, 'scenarios'), join(dir, 'scenarios'), { recursive: true });
    cpSync(join(repoRoot, 'schema'), join(dir, 'schema'), { recursive: true });
    // A server with no session left exits, and a session started meanwhile can be lost with
    // it: one idle session keeps the server up between tests.
    tmux('new-session', '-d', '-s', 'keep', 'sleep 600');
  });
  afterEach(() => {
    // A failed test may leave its session; the next one starts its own.
    spawnSync('tmux', ['-L', socket, 'kill-session', '-t', 'ui'], { stdio: 'ignore' });
  });
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('open, pick the Dakar closure, read a KPI, compare, change a figure in what-if, save, quit; the file validates', async () => {
    const status = start(dir);
    shot('scenarios', await waitFor((s) => s.includes(`Scenarios ${SHIPPED_SCENARIOS} of ${SHIPPED_SCENARIOS}`), 'the list'));

    text('/dakar-corridor-closed');
    keys('Enter');
    await waitFor((s) => s.includes(`Scenarios 1 of ${SHIPPED_SCENARIOS}`) && s.includes('filter /dakar-corridor-closed'), 'the filter');
    keys('Enter');
    const dashboard = await waitFor((s) => s.includes('fuel_min_days_cover'), 'the dashboard');
    shot('dashboard', dashboard);
    // The KPI on the screen is the one `corridor run` computes.
    const onScreen = /fuel_shortage_days\s+([\d.]+) day/.exec(dashboard)?.[1];
    const run = await corridor(['run', 'scenarios/dakar-corridor-closed-60d.yaml', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(run.stdout) as { scenarios: { kpis: Record<string, { value: number }> }[] };
    expect(Number(onScreen)).toBeCloseTo(json.scenarios[0]!.kpis.fuel_shortage_days!.value, 2);
    expect(onScreen).toBe('33.75');

    keys('c');
    const compare = await waitFor((s) => s.includes('Compare: Δ from baseline'), 'compare');
    shot('compare', compare);
    expect(compare).toMatch(/fuel_shortage_days\s+0\s+\+33\.75/);

    keys('?');
    shot('help', await waitFor((s) => s.includes('Keys (? or Esc closes)'), 'the help'));
    keys('Escape');

    keys('4');
    await waitFor((s) => s.includes('Knobs 1/9'), 'what-if');
    keys('Left');
    const whatif = await waitFor((s) => s.includes('(was 1)'), 'the new run');
    shot('whatif', whatif);
    expect(whatif).toMatch(/fuel_shortage_days\s+33\.75\s+26\.75\s+-7 day/);

    keys('s');
    await waitFor((s) => s.includes('save as: dakar-corridor-closed-60d-whatif.yaml'), 'the save prompt');
    keys('Enter');
    await waitFor((s) => s.includes('saved dakar-corridor-closed-60d-whatif.yaml'), 'saved');

    keys('q');
    await waitFor(() => existsSync(status), 'the program to end');
    expect(readFileSync(status, 'utf8').trim()).toBe('0');

    const saved = join(dir, 'scenarios', 'dakar-corridor-closed-60d-whatif.yaml');
    const check = await corridor(['validate', saved], { cwd: dir });
    expect(check).toMatchObject({ code: 0 });
    const rerun = await corridor(['run', saved, '--format', 'json'], { cwd: dir });
    const kpis = (JSON.parse(rerun.stdout) as typeof json).scenarios[0]!.kpis;
    expect(kpis.fuel_shortage_days!.value).toBeCloseTo(26.75, 6);
  });

  it('colours on a terminal, none with NO_COLOR; Ctrl-C quits even while typing', async () => {
    const sgrColour = /\u001b\[[0-9;]*(3[0-7]|9[0-7]|38;5;\d+)m/;
    start(dir);
    await waitFor((s) => /Scenarios \d+ of \d+/.test(s), 'the list');
    expect(screen(true)).toMatch(sgrColour);
    keys('q');
    await waitFor(() => !alive(), 'the program to end');

    start(dir, { NO_COLOR: '1' });
    await waitFor((s) => /Scenarios \d+ of \d+/.test(s), 'the list');
    expect(screen(true)).not.toMatch(sgrColour);
    // Ctrl-C ends the program even while a filter is being typed (where q is a letter).
    text('/q');
    await waitFor((s) => s.includes('filter /q'), 'the filter');
    keys('C-c');
    await waitFor(() => !alive(), 'Ctrl-C to end the program');
  });

  it('works in 80×24: nothing wraps', async () => {
    start(dir, {}, ['ui', 'scenarios/dakar-corridor-closed-60d.yaml']);
    tmux('resize-window', '-t', 'ui', '-x', '80', '-y', '24');
    const s = await waitFor((x) => x.includes('fuel_min_days_cover') && x.split('\n')[0]!.length <= 80 && /2025-12-30\n/.test(x), 'the dashboard at 80×24');
    shot('dashboard-80x24', s);
    const lines = s.split('\n');
    expect(lines[0]).toMatch(/^corridor +1 Scenarios/);
    expect(lines.find((l) => l.startsWith('j/k charts'))).toBeDefined();
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    keys('q');
    await waitFor(() => !alive(), 'the program to end');
  });
});

describe('corridor without a terminal', () => {
  beforeAll(() => ensureBuilt());
  it('prints the help and exits 2 instead of drawing', async () => {
    const r = await corridor([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: corridor [options] [command]');
    expect(r.stderr).toContain('ui [options] [scenarios...]');
  });

  it('corridor ui says it needs a terminal, exit 2', async () => {
    const r = await corridor(['ui']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe("corridor: ui needs a terminal (stdin and stdout); in scripts use 'corridor run' or 'corridor compare'\n");
  });
});
