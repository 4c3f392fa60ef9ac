import type { Expr } from './ir.js';

/**
 * The model after parsing and expansion: every variable the generated code computes,
 * including the hidden stocks and flows that smooth and delay calls expand into.
 */
export type VarKind = 'constant' | 'stock' | 'flow' | 'aux';

export interface Var {
  name: string;
  kind: VarKind;
  /** Made by expanding a built-in (smooth, delay…); `owner` is the variable it was written in. */
  hidden: boolean;
  owner?: string;
  /** Where the definition lives in the model data, for error messages. */
  path: (string | number)[];
  /** The equation as written, for messages; hidden variables show the call that made them. */
  text: string;
  /** Equation of a flow or auxiliary. */
  expr?: Expr;
  /** Initial value of a stock. */
  initial?: Expr;
  inflows: string[];
  outflows: string[];
  nonNegative: boolean;
  /** The declared unit, as written. */
  unit?: string;
  /** Constants: the value in the declared unit. */
  value?: number;
}

export interface LookupTable {
  name: string;
  xs: Float64Array;
  ys: Float64Array;
  xUnit?: string;
  yUnit?: string;
}

export interface ModelGraph {
  vars: Map<string, Var>;
  /** Declaration order: constants, stocks, auxiliaries and flows as written, then hidden ones. */
  order: string[];
  lookups: Map<string, LookupTable>;
}
