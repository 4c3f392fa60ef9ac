/**
 * The engine's own small expression tree. mathjs parses; everything after parsing works on
 * this closed union, so the code generator can only ever emit what is listed here.
 */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or' | 'xor';
export type UnaryOp = '-' | '+' | 'not';

export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'ref'; name: string }
  | { kind: 'time' }
  | { kind: 'dt' }
  | { kind: 'unary'; op: UnaryOp; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'cond'; test: Expr; then: Expr; else: Expr }
  /** A call of a built-in function; `lookup` calls have the table name in `table`. */
  | { kind: 'call'; fn: string; args: Expr[]; table?: string; site?: number };

/** Every name an expression refers to, in the order met. */
export function references(e: Expr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'ref':
      out.push(e.name);
      break;
    case 'unary':
      references(e.arg, out);
      break;
    case 'binary':
      references(e.left, out);
      references(e.right, out);
      break;
    case 'cond':
      references(e.test, out);
      references(e.then, out);
      references(e.else, out);
      break;
    case 'call':
      for (const a of e.args) references(a, out);
      break;
    case 'num':
    case 'time':
    case 'dt':
      break;
  }
  return out;
}

/** Rebuilds a tree bottom-up; `f` may replace any node after its children were mapped. */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'unary':
      return f({ ...e, arg: mapExpr(e.arg, f) });
    case 'binary':
      return f({ ...e, left: mapExpr(e.left, f), right: mapExpr(e.right, f) });
    case 'cond':
      return f({ ...e, test: mapExpr(e.test, f), then: mapExpr(e.then, f), else: mapExpr(e.else, f) });
    case 'call':
      return f({ ...e, args: e.args.map((a) => mapExpr(a, f)) });
    default:
      return f(e);
  }
}

export const num = (value: number): Expr => ({ kind: 'num', value });
export const ref = (name: string): Expr => ({ kind: 'ref', name });
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
