/**
 * What-if latency of the terminal UI (acceptance point 3 of the UI issue): from the keypress
 * that changes a figure to the frame that shows the new run, for the reference model over a
 * year (the Dakar closure of scenarios/, run for 365 days).
 *
 *   npx -y pnpm@10 bench:ui
 *
 * The app is the real one (packages/cli/dist/ui), drawn by Ink into stand-in terminal
 * streams (see packages/cli/src/ui/measure.tsx). The goal is under 50 ms. The last line is
 * the median.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { measureWhatIf as Measure } from '../packages/cli/dist/ui/measure.js';

const PRESSES = Number(process.env.CORRIDOR_BENCH_RUNS ?? 60);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// As `corridor ui` does (program.ts): React's production build.
process.env.NODE_ENV ??= 'production';
const { measureWhatIf } = (await import(pathToFileURL(join(root, 'packages', 'cli', 'dist', 'ui', 'measure.js')).href)) as { measureWhatIf: typeof Measure };

const scratch = mkdtempSync(join(tmpdir(), 'corridor-bench-ui-'));
try {
  const dir = join(scratch, 'scenarios');
  cpSync(join(root, 'scenarios'), dir, { recursive: true });
  const file = join(dir, 'dakar-year.yaml');
  writeFileSync(file, 'extends: dakar-corridor-closed-60d.yaml\nhorizon: 365\n');
  const { samples, frame } = await measureWhatIf(file, dir, { presses: PRESSES, warmup: 10 });
  if (!frame.includes('severity')) {
    console.error(`the what-if view did not show up; last frame:\n${frame}`);
    process.exitCode = 1;
  } else {
    const sorted = [...samples].sort((a, b) => a - b);
    const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
    console.log(`reference model, 365 days (dt 0.25), ${samples.length} presses of ←/→ on a blockade's severity`);
    console.log(`keypress to frame: min ${q(0).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${q(1).toFixed(1)} ms`);
    console.log(`what-if rerun ms: ${q(0.5).toFixed(1)}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
