import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { App } from './app.js';
import { makeController } from './launch.js';

/**
 * The what-if loop as a person meets it, for bench/ui.bench.ts: the real app drawn by Ink into
 * stand-in terminal streams, a key written to its input, the time until Ink writes the frame
 * that shows the new run. No terminal is involved, so the number is ours, not the terminal's.
 */

class Input extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  write(data: string): void {
    this.pending = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read(): string | null {
    const d = this.pending;
    this.pending = null;
    return d;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

class Output extends EventEmitter {
  // Not a terminal, or Ink hides the process's cursor and a hook shows it again at exit.
  readonly isTTY = false;
  frames = 0;
  last = '';
  lastAt = 0;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write(chunk: string): boolean {
    // Ink also writes bare cursor sequences; a frame is a write with text of the screen in it.
    if (chunk.includes('corridor')) {
      this.frames++;
      this.last = chunk;
      this.lastAt = performance.now();
    }
    return true;
  }
}

export interface WhatIfTiming {
  /** Keypress to frame, one per press after the warm-up, in ms. */
  samples: number[];
  /** The last frame drawn, for a look at what was measured. */
  frame: string;
}

const LEFT = '\u001b[D';
const RIGHT = '\u001b[C';

/**
 * Opens `file` in the what-if view and presses ← and → in turn on its first knob, `presses`
 * times after `warmup` presses. Presses are spaced past Ink's frame throttle (30 a second), so
 * each frame is drawn as soon as its key is read, as for a person pressing keys.
 */
export async function measureWhatIf(file: string, dir: string, options: { presses: number; warmup: number; columns?: number; rows?: number }): Promise<WhatIfTiming> {
  const controller = makeController([file], { dir });
  const stdin = new Input();
  const stdout = new Output(options.columns ?? 80, options.rows ?? 24);
  const app = render(<App controller={controller} followTerminal={false} />, {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  await pause(50);
  stdin.write('4');
  await pause(50);
  const samples: number[] = [];
  for (let i = 0; i < options.warmup + options.presses; i++) {
    const before = stdout.frames;
    const started = performance.now();
    stdin.write(i % 2 === 0 ? LEFT : RIGHT);
    while (stdout.frames === before) await new Promise((r) => setImmediate(r));
    if (i >= options.warmup) samples.push(stdout.lastAt - started);
    await pause(100);
  }
  const frame = stdout.last;
  app.unmount();
  return { samples, frame };
}
