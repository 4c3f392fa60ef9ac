/**
 * Bundles the built CLI (dist/, from `tsc -b packages/cli`) into bundle/corridor.js, the file
 * the `corridor` bin runs. Start-up is part of the product: loaded module by module, a run
 * reads some 300 files (zod alone is about 100, yaml 70) and Node's loader spends more time on
 * them than the run spends computing; one bundle, with each subcommand in a chunk of its own
 * loaded when it runs, takes about a third off `corridor run` (see bench/cli.bench.ts).
 *
 *   node packages/cli/scripts/bundle.mjs
 *
 * Bundled: our code and the few pure-JavaScript packages every command loads. Everything else
 * stays a package loaded from node_modules as before: native code (@resvg/resvg-js), large
 * libraries only some commands use (vega), and mathjs, which the engine loads with `require`
 * only when it must parse something.
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const BUNDLED = ['@corridor/engine', 'commander', 'seedrandom', 'yaml', 'zod'];
const builtins = new Set(builtinModules);

/** A bare import of a package not in BUNDLED stays an import, resolved at run time. */
const externals = {
  name: 'corridor-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || builtins.has(args.path)) return { external: true };
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED.includes(name) ? undefined : { external: true };
    });
  },
};

function same(a, b) {
  try {
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

/**
 * zod's namespace carries every locale it has (some 60 files, a third of the bundle), all of
 * which Node would parse at each start. We use English only (the one zod installs by
 * default): `z.locales` keeps `en` and nothing else.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-english-only' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

// Built beside the bundle, then moved in file by file (each rename is atomic), the entry last,
// so that a run starting meanwhile loads the old bundle or the new one, never half of one.
const out = join(root, 'bundle');
const next = join(root, `.bundle-${process.pid}`);
rmSync(next, { recursive: true, force: true });
try {
  await build({
    // The ensemble's worker threads load a file of their own (src/ensemble/worker.ts), sharing chunks with the CLI.
    entryPoints: { corridor: join(root, 'dist', 'main.js'), 'ensemble-worker': join(root, 'dist', 'ensemble', 'worker.js') },
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    // Less text for Node to parse at each start; names are kept, so stack traces still read,
    // and NODE_OPTIONS=--enable-source-maps maps them back to the TypeScript.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    plugins: [externals, zodEnglishOnly],
    // CommonJS packages in the bundle (commander, yaml, seedrandom) call require() for Node's
    // own modules; an ES module has none of its own.
    banner: { js: "import { createRequire as __corridorRequire } from 'node:module'; const require = __corridorRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  chmodSync(join(next, 'corridor.js'), 0o755);
  mkdirSync(out, { recursive: true });
  const entry = ['ensemble-worker.js.map', 'ensemble-worker.js', 'corridor.js.map', 'corridor.js'];
  const files = readdirSync(next);
  for (const f of [...files.filter((f) => !entry.includes(f)), ...entry]) {
    // A file that did not change keeps its modification time: the compiled-model cache keys
    // its entries by the bundle's files, and an unchanged bundle should keep its entries.
    if (same(join(next, f), join(out, f))) continue;
    renameSync(join(next, f), join(out, f));
  }
  // Chunks of earlier builds: their names are hashes of their contents, so none is in use by the new entry.
  for (const f of readdirSync(out)) if (!files.includes(f)) rmSync(join(out, f), { force: true });
} finally {
  rmSync(next, { recursive: true, force: true });
}
