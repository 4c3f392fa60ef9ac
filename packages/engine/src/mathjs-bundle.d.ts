// mathjs's single-file bundle loads in ~0.25 s where `import 'mathjs'` takes over 1 s
// (measured on Node 20 here); it has no type declarations of its own.
declare module 'mathjs/lib/browser/math.js' {
  import type { MathJsInstance } from 'mathjs';
  const math: MathJsInstance;
  export default math;
}
