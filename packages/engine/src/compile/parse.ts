import type { MathNode } from 'mathjs';
import { mathjs } from '../mathjs.js';
import type { BinaryOp, Expr, UnaryOp } from './ir.js';

/** A problem found while reading one equation; `position` is a 0-based offset into its text. */
export interface ParseProblem {
  code: 'parse_error' | 'forbidden_syntax';
  message: string;
  position?: number;
}

export type ParseResult = { ok: true; expr: Expr } | { ok: false; problem: ParseProblem };

const BINARY: Readonly<Record<string, BinaryOp>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
  mod: '%',
  smaller: '<',
  smallerEq: '<=',
  larger: '>',
  largerEq: '>=',
  equal: '==',
  unequal: '!=',
  and: 'and',
  or: 'or',
  xor: 'xor',
};

const UNARY: Readonly<Record<string, UnaryOp>> = { unaryMinus: '-', unaryPlus: '+', not: 'not' };

class Forbidden extends Error {
  constructor(
    message: string,
    readonly token?: string,
  ) {
    super(message);
  }
}

/**
 * Parses an equation with mathjs and converts it into the engine's closed expression tree.
 * Any mathjs node outside the short list (assignments, blocks, property access, strings,
 * matrices, function definitions) is refused here, before anything could run.
 */
export function parseEquation(text: string | number): ParseResult {
  if (typeof text === 'number') {
    return Number.isFinite(text) ? { ok: true, expr: { kind: 'num', value: text } } : { ok: false, problem: { code: 'parse_error', message: `${text} is not a finite number` } };
  }
  let node: MathNode;
  try {
    node = mathjs().parse(text);
  } catch (e) {
    const err = e as Error & { char?: number };
    return { ok: false, problem: { code: 'parse_error', message: err.message, ...(err.char !== undefined ? { position: Math.max(0, err.char - 1) } : {}) } };
  }
  try {
    return { ok: true, expr: convert(node) };
  } catch (e) {
    if (e instanceof Forbidden) {
      const at = e.token !== undefined ? text.indexOf(e.token) : -1;
      return { ok: false, problem: { code: 'forbidden_syntax', message: e.message, ...(at >= 0 ? { position: at } : {}) } };
    }
    throw e;
  }
}

function convert(node: MathNode): Expr {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode': {
      const v = n['value'];
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new Forbidden(`${String(v)} is not a finite number`, String(v));
        return { kind: 'num', value: v };
      }
      if (typeof v === 'boolean') return { kind: 'num', value: v ? 1 : 0 };
      throw new Forbidden(`only numbers may appear as constants in an equation, not ${typeof v === 'string' ? `the string ${JSON.stringify(v)}` : String(v)}`, typeof v === 'string' ? v : undefined);
    }
    case 'SymbolNode': {
      const name = n['name'] as string;
      if (name === 'time') return { kind: 'time' };
      if (name === 'dt') return { kind: 'dt' };
      return { kind: 'ref', name };
    }
    case 'ParenthesisNode':
      return convert(n['content'] as MathNode);
    case 'OperatorNode': {
      const fn = n['fn'] as string;
      const args = n['args'] as MathNode[];
      const bop = BINARY[fn];
      if (bop !== undefined && args.length === 2) return { kind: 'binary', op: bop, left: convert(args[0]!), right: convert(args[1]!) };
      const uop = UNARY[fn];
      if (uop !== undefined && args.length === 1) return { kind: 'unary', op: uop, arg: convert(args[0]!) };
      throw new Forbidden(`the operator "${String(n['op'])}" is not allowed in an equation`, String(n['op']));
    }
    case 'ConditionalNode':
      return { kind: 'cond', test: convert(n['condition'] as MathNode), then: convert(n['trueExpr'] as MathNode), else: convert(n['falseExpr'] as MathNode) };
    case 'RelationalNode': {
      // a < b <= c reads as (a < b) and (b <= c), as mathjs evaluates it.
      const ops = n['conditionals'] as string[];
      const params = (n['params'] as MathNode[]).map(convert);
      let out: Expr | undefined;
      ops.forEach((fn, i) => {
        const op = BINARY[fn];
        if (op === undefined) throw new Forbidden(`the comparison "${fn}" is not allowed in an equation`);
        const c: Expr = { kind: 'binary', op, left: params[i]!, right: params[i + 1]! };
        out = out === undefined ? c : { kind: 'binary', op: 'and', left: out, right: c };
      });
      if (out === undefined) throw new Forbidden('an empty comparison');
      return out;
    }
    case 'FunctionNode': {
      const fnNode = n['fn'] as MathNode & { name?: string };
      if (fnNode.type !== 'SymbolNode' || typeof fnNode.name !== 'string') throw new Forbidden('only named functions may be called in an equation');
      return { kind: 'call', fn: fnNode.name, args: (n['args'] as MathNode[]).map(convert) };
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      throw new Forbidden('an equation cannot assign or define anything: write only the expression', '=');
    case 'BlockNode':
      throw new Forbidden('an equation is one expression: ";" and line breaks that separate statements are not allowed', ';');
    case 'AccessorNode':
    case 'IndexNode':
      throw new Forbidden('property access and indexing (x.y, x[i]) are not allowed in an equation');
    case 'ArrayNode':
    case 'ObjectNode':
    case 'RangeNode':
      throw new Forbidden(`${node.type.replace('Node', '').toLowerCase()}s are not allowed in an equation`);
    default:
      throw new Forbidden(`${node.type} is not allowed in an equation`);
  }
}
