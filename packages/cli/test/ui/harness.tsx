import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { catalog } from '../../src/ui/state/catalog.js';
import { Controller } from '../../src/ui/state/controller.js';
import type { ControllerOptions } from '../../src/ui/state/controller.js';
import { ensembleRunner } from '../../src/ui/state/ensemble.js';
import { Session } from '../../src/ui/state/session.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const DAKAR = 'dakar-corridor-closed-60d';
/** The shipped scenarios by file name, in the order the list shows them (read here, not from the UI's code). */
export const SCENARIOS = readdirSync(join(repoRoot, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();
/** The keys that move the selection from the top of the list to a shipped scenario. */
export const down = (name: string): string[] => Array<string>(SCENARIOS.indexOf(name)).fill('j');
/** The list's heading with nothing filtered out. */
export const ALL_LISTED = `Scenarios ${SCENARIOS.length} of ${SCENARIOS.length}`;

/** Keys as a terminal sends them. */
export const KEY = {
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;

/** A copy of scenarios/ in a temporary folder: tests may save files there. */
export function scenariosCopy(): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'corridor-ui-'));
  const dir = join(root, 'scenarios');
  cpSync(join(repoRoot, 'scenarios'), dir, { recursive: true });
  cpSync(join(repoRoot, 'schema'), join(root, 'schema'), { recursive: true });
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface Ui {
  controller: Controller;
  frame(): string;
  lines(): string[];
  /** Writes keys one at a time, each after Ink has drawn what the last one did. */
  press(...keys: string[]): Promise<void>;
  waitFor(predicate: (frame: string) => boolean, what?: string): Promise<string>;
  quit: { count: number };
  unmount(): void;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Renders the app at a fixed size over the scenarios of `dir`, as `corridor ui [files]` would. */
export async function startUi(dir: string, files: string[] = [], options: Partial<ControllerOptions> & { columns?: number; rows?: number } = {}): Promise<Ui> {
  const quit = { count: 0 };
  const controller = new Controller({
    session: new Session(),
    entries: catalog(dir, files),
    columns: options.columns ?? 80,
    rows: options.rows ?? 24,
    onQuit: () => void quit.count++,
    longRun: options.longRun ?? ensembleRunner,
  });
  controller.start(files);
  const r = render(<App controller={controller} followTerminal={false} />);
  const frame = (): string => r.lastFrame() ?? '';
  const waitFor = async (predicate: (f: string) => boolean, what = 'the frame'): Promise<string> => {
    const deadline = Date.now() + 10_000;
    while (!predicate(frame())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
      await new Promise((res) => setTimeout(res, 5));
    }
    return frame();
  };
  await waitFor((f) => f.includes('corridor'), 'the first frame');
  // A frame on screen does not mean useInput listens yet: one more turn of the loop.
  await tick();
  await tick();
  return {
    controller,
    frame,
    lines: () => frame().split('\n'),
    press: async (...keys: string[]) => {
      for (const k of keys) {
        r.stdin.write(k);
        await tick();
        await tick();
      }
    },
    waitFor,
    quit,
    unmount: () => r.unmount(),
  };
}

/** Display width of a frame line (braille, box and block characters are one column each). */
export function width(line: string): number {
  // eslint-disable-next-line no-control-regex
  return [...line.replace(/\u001b\[[0-9;]*m/g, '')].length;
}
