import { existsSync } from 'node:fs';
import { render } from 'ink';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { App } from './app.js';
import { requireTerminal } from './terminal.js';
import { catalog } from './state/catalog.js';
import { Controller } from './state/controller.js';
import { Session } from './state/session.js';
import { ensembleRunner } from './state/ensemble.js';

export interface UiOptions {
  dir: string;
}


/** Builds the controller the terminal and the tests drive: the catalog, and what to show first. */
export function makeController(files: readonly string[], options: UiOptions, size?: { columns: number; rows: number }): Controller {
  const controller = new Controller({ session: new Session(), entries: catalog(options.dir, files), longRun: ensembleRunner, ...size });
  controller.start(files);
  return controller;
}

/**
 * `corridor ui [scenario…]` and `corridor` alone on a terminal: opens the terminal UI on the
 * alternate screen and returns when the user quits. One scenario named opens its dashboard;
 * several open compare.
 */
export async function uiCommand(files: readonly string[], options: UiOptions, ctx: Context): Promise<number> {
  requireTerminal();
  for (const f of files) if (!existsSync(f)) throw new CliError(`ui: ${f}: no such file`);
  const stdout = process.stdout;
  // The first frame at the terminal's size, not a default one redrawn a moment later.
  const controller = makeController(files, options, { columns: stdout.columns || 80, rows: stdout.rows || 24 });
  // The alternate screen, as htop and k9s use: the shell's scrollback is left as it was.
  stdout.write('\u001b[?1049h\u001b[H');
  try {
    const app = render(<App controller={controller} />, { exitOnCtrlC: true, patchConsole: true });
    await app.waitUntilExit();
  } finally {
    stdout.write('\u001b[?1049l');
  }
  void ctx;
  return EXIT.ok;
}
