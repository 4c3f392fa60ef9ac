import type { Style } from './style.js';

/**
 * What a command may touch of the outside world besides files: the two output streams and
 * how to style for each. Data goes to `out`, progress and problems to `err`.
 */
export interface Context {
  out(text: string): void;
  err(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  outStyle: Style;
  errStyle: Style;
  /** The arguments after `corridor`, as given: a manifest records them to re-run. */
  argv: readonly string[];
  version: string;
}
