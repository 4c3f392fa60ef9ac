import type { MathJsInstance } from 'mathjs';
import { createRequire } from 'node:module';

let instance: MathJsInstance | undefined;

/**
 * mathjs, loaded on the first call. Loading it costs more than anything else a command does
 * (about 0.1 s for the single-file bundle), and many runs never need it: a model restored
 * from its compiled form, a scenario with no units to read. The bundle is UMD, so `require`
 * loads it synchronously, without the scan for named exports that an ESM `import` of
 * CommonJS makes Node do (another 0.06 s or so for a file this size).
 */
export function mathjs(): MathJsInstance {
  if (instance === undefined) instance = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance;
  return instance;
}

/** Whether mathjs has been loaded in this process; for tests that check what a path needs. */
export function mathjsLoaded(): boolean {
  return instance !== undefined;
}
