import type { Diagnostic } from './files/diagnostic.js';

/** Exit codes as `diff` uses them, so that scripts can tell a finding from a mistake from a bug. */
export const EXIT = {
  ok: 0,
  /** A check found drift or a written expectation failed. */
  failed: 1,
  /** Bad usage or bad input: the user can fix it. */
  usage: 2,
  /** Our bug. */
  internal: 3,
} as const;

/** A mistake the user can fix, told in one line; never shown with a stack. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Problems in the user's files, each already located at its `file:line:col`. */
export class InputError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(`${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in the input`);
    this.name = 'InputError';
    this.diagnostics = diagnostics;
  }
}
