// The few things of the platform the engine uses beyond the ECMAScript library it compiles
// with. Its compiler options leave Node's types out on purpose: nothing in it does I/O.

// To load mathjs's single-file bundle (lib/browser/math.js) when first needed; see mathjs.ts.
// The bundle loads in ~0.1–0.25 s where `import 'mathjs'` takes over 1 s (Node 20 here).
declare module 'node:module' {
  export function createRequire(path: string): (id: string) => unknown;
}
interface ImportMeta {
  readonly url: string;
}
