#!/usr/bin/env node
/**
 * The `corridor` command. This module loads only commander and a few small modules of ours:
 * each subcommand's code (and with it the engine and mathjs) is imported when it runs, so that
 * `--help`, `--version` and `list` start at once.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import type { Context } from './context.js';
import { CliError, EXIT, InputError } from './exit.js';
import { buildProgram } from './program.js';
import { colorWanted, makeStyle } from './style.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const env = process.env;
  const outColor = colorWanted(process.stdout.isTTY, argv, env);
  const errColor = colorWanted(process.stderr.isTTY, argv, env);
  // Ink and chalk ignore NO_COLOR but honour FORCE_COLOR=0; set it before either loads.
  if (!outColor) env.FORCE_COLOR = '0';
  const ctx: Context = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    outStyle: makeStyle(outColor),
    errStyle: makeStyle(errColor),
    argv,
    version: version(),
  };
  const result = { code: EXIT.ok as number };
  const program = buildProgram(ctx, result);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    return report(error, ctx);
  }
}

/** Turns what went wrong into the exit code and the few lines a person needs to act on it. */
function report(error: unknown, ctx: Context): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (see program.ts); help and version are not errors.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    return EXIT.usage;
  }
  if (error instanceof InputError) {
    const style = ctx.errStyle;
    for (const d of error.diagnostics) ctx.err(`${style.bold(`${d.file}:${d.line}:${d.column}:`)} ${d.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    ctx.err(`corridor: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  const debug = process.env.CORRIDOR_DEBUG === '1';
  ctx.err(`corridor: internal error: ${message}; please report it with the command you ran${debug ? '' : ' (CORRIDOR_DEBUG=1 shows where it happened)'}\n`);
  if (debug && error instanceof Error && error.stack) ctx.err(`${error.stack}\n`);
  return EXIT.internal;
}

// `corridor run … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode rather than exit(): output still in a pipe's buffer is written before Node ends.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`corridor: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.internal;
  },
);
