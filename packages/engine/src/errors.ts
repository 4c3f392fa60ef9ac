/**
 * Engine errors are data: a `code` a program can switch on, a `path` into the model
 * (`['auxiliaries', 'fuel_cover', 'equation']`), and the facts a front end needs to say
 * where the problem is. The message is a plain default; the CLI owns colour and file:line:col.
 */
export type EngineErrorCode =
  | 'invalid_model'
  | 'parse_error'
  | 'forbidden_syntax'
  | 'unknown_name'
  | 'unknown_function'
  | 'bad_arguments'
  | 'duplicate_name'
  | 'reserved_name'
  | 'cycle'
  | 'unit_mismatch'
  | 'unknown_unit'
  | 'flow_wiring'
  | 'bad_time_spec'
  | 'bad_override'
  | 'negative_initial'
  | 'not_finite';

export interface EngineIssue {
  code: EngineErrorCode;
  message: string;
  /** Where in the model data the problem is, e.g. ['stocks', 'depot', 'initial']. */
  path: (string | number)[];
  /** Which file the path is in, when the data came from several (a scenario and what it extends). */
  file?: string;
  /** Point at the key of the path (an unknown name) rather than its value (a bad value). */
  at?: 'key' | 'value';
  /** The variable whose definition is at fault, when there is one. */
  variable?: string;
  /** The equation text, and the 0-based character offset into it, when known. */
  expression?: string;
  position?: number;
  /** Simulation time of a run-time failure, in the model's time unit. */
  time?: number;
  /** In an ensemble: the run that failed (its index, which fixes its inputs and its draws). */
  run?: number;
  /** A likely intended name ("did you mean …"). */
  suggestion?: string;
  /** For cycles: the names around the loop, first name repeated at the end. */
  cycle?: string[];
  /** For unit mismatches: what was expected and what the equation gives. */
  expected?: string;
  found?: string;
}

/** One or more problems with a model; compile reports all it finds, not just the first. */
export class ModelError extends Error {
  readonly issues: EngineIssue[];
  constructor(issues: EngineIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'ModelError';
    this.issues = issues;
  }
}

/** A run that produced NaN or ±Infinity, or was given overrides it cannot use. */
export class SimulationError extends Error {
  readonly issue: EngineIssue;
  constructor(issue: EngineIssue) {
    super(issue.message);
    this.name = 'SimulationError';
    this.issue = issue;
  }
}

export function issue(code: EngineErrorCode, message: string, path: (string | number)[], extra: Partial<EngineIssue> = {}): EngineIssue {
  return { code, message, path, ...extra };
}
