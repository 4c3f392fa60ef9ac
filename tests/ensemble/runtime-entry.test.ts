import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/helpers.js';

/**
 * An ensemble worker thread loads @corridor/engine/runtime, not the whole engine: it runs
 * models that the main thread has parsed, checked and compiled, and each library it loads
 * for nothing delays its first run (zod alone took 0.1 s of a worker's 0.15 s import, 4 Dec).
 * The module graph is esbuild's, as the CLI's bundle sees it: type-only imports do not count.
 */
// esbuild from the CLI's own dependencies (it bundles the CLI); the little of its API used here.
interface Built {
  metafile: { inputs: Record<string, unknown> };
}
const { build } = createRequire(join(repoRoot, 'packages/cli/package.json'))('esbuild') as { build(options: object): Promise<Built> };

async function inputsOf(entry: string): Promise<string[]> {
  const r = await build({ entryPoints: [join(repoRoot, entry)], bundle: true, format: 'esm', platform: 'node', write: false, metafile: true, outdir: 'out', logLevel: 'silent', conditions: ['source'] });
  return Object.keys(r.metafile.inputs).map((p) => relative(repoRoot, join(process.cwd(), p)));
}

const packageOf = (path: string): string | undefined => /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];

describe('the runtime entry of the engine', () => {
  it('loads the simulation, the sketches and the random streams, and no schema, units or parser library', async () => {
    const inputs = await inputsOf('packages/engine/src/runtime.ts');
    const packages = new Set(inputs.map(packageOf).filter((p) => p !== undefined));
    expect([...packages]).toEqual(['seedrandom']);
    const own = inputs.filter((p) => packageOf(p) === undefined);
    expect(own).toContain('packages/engine/src/simulate/simulate.ts');
    expect(own).toContain('packages/engine/src/ensemble/sketch.ts');
    expect(own.filter((p) => /schema|units|parse|validate/.test(p))).toEqual([]);
  });

  it('is what the ensemble worker imports: the whole engine would bring zod back', async () => {
    const inputs = await inputsOf('packages/cli/src/ensemble/worker.ts');
    expect(inputs.map(packageOf).filter((p) => p !== undefined && p !== 'seedrandom')).toEqual([]);
    // The whole engine, for contrast: the check above would see zod if the worker imported it.
    const whole = await inputsOf('packages/engine/src/index.ts');
    expect(whole.map(packageOf)).toContain('zod');
  });
});
