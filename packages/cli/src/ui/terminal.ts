import { CliError } from '../exit.js';

/** Whether the UI can draw: Ink needs a terminal on both sides (raw mode in, cursor moves out). */
export function canDraw(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

/** `corridor ui` in a pipe or a script: one line and exit 2, before Ink and React are loaded. */
export function requireTerminal(): void {
  if (!canDraw()) throw new CliError("ui needs a terminal (stdin and stdout); in scripts use 'corridor run' or 'corridor compare'");
}
