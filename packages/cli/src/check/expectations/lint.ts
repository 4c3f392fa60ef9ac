import type { ResolvedScenario } from '@corridor/engine';
import { nearest } from '@corridor/engine';
import type { Diagnostic } from '../../files/diagnostic.js';
import { diagnosticAt } from '../../files/index.js';
import type { DataPath, YamlSource } from '../../files/index.js';
import { isKpiName, KPI_NAMES } from '../kpi-names.js';
import type { RunKey } from '../runner.js';
import { describeExpectation } from './describe.js';
import type { Ensemble, Expectation, Target, Value } from './model.js';
import { PREDICATES } from './schema.js';
import type { ExpectationSpec, Operand, PredicateName } from './schema.js';
import { coversDates, resolveWindow } from './window.js';

export interface LintContext {
  /** Every scenario an expectation may name. */
  scenarios: ReadonlySet<string>;
  /** The resolved scenario of a name in `scenarios` (loading it if needed). */
  resolve(name: string): ResolvedScenario;
  /** Whether to check and keep an expectation about this scenario (all when not given). */
  include?(scenario: string): boolean;
}

export const APPROX_DEFAULT_RTOL = 0.01;

/**
 * Checks what the schema cannot: that names exist, that exactly one predicate is given, that
 * a window lies within the run and fits the kind of value. Every problem is reported at its
 * key, all at once; the expectations are returned only when there is none.
 */
export function lintExpectations(source: YamlSource, items: readonly { index: number; spec: ExpectationSpec }[], ctx: LintContext): { expectations: Expectation[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const expectations: Expectation[] = [];
  items.forEach(({ index: i, spec: e }) => {
    if (ctx.include && ctx.scenarios.has(e.scenario) && !ctx.include(e.scenario)) return;
    const problems: Diagnostic[] = [];
    const at = (path: DataPath, message: string, which: 'key' | 'value' = 'key'): void => {
      problems.push({ ...diagnosticAt(source, ['expectations', i, ...path], message, which), code: 'invalid_expectation' });
    };
    const result = lintOne(e, ctx, at);
    diagnostics.push(...problems);
    if (result !== undefined && problems.length === 0) {
      const { line, column } = source.locate(['expectations', i]);
      expectations.push({ ...result, file: source.file, line, column, description: describeExpectation(result) });
    }
  });
  return { expectations, diagnostics };
}

type At = (path: DataPath, message: string, which?: 'key' | 'value') => void;
type Linted = Omit<Expectation, 'file' | 'line' | 'column' | 'description'>;

function lintOne(e: ExpectationSpec, ctx: LintContext, at: At): Linted | undefined {
  if (!ctx.scenarios.has(e.scenario)) {
    at(['scenario'], unknown('scenario', e.scenario, ctx.scenarios), 'value');
    return undefined;
  }
  const scenario = ctx.resolve(e.scenario);

  let subject: Target | undefined;
  if (e.variable !== undefined && e.kpi !== undefined) at(['kpi'], 'give either variable or kpi, not both');
  else if (e.variable === undefined && e.kpi === undefined) at([], 'missing key "variable" or "kpi": what the expectation is about', 'value');
  else if (e.kpi !== undefined) {
    if (isKpiName(e.kpi)) subject = { scenario: e.scenario, kind: 'kpi', name: e.kpi };
    else at(['kpi'], unknown('KPI', e.kpi, KPI_NAMES), 'value');
  } else if (e.variable !== undefined) {
    if (hasVariable(scenario, e.variable)) subject = { scenario: e.scenario, kind: 'variable', name: e.variable };
    else at(['variable'], unknownVariable(e.variable, scenario), 'value');
  }

  const given = PREDICATES.filter((p) => e[p] !== undefined);
  if (given.length === 0) at([], `missing a predicate: give one of ${PREDICATES.join(', ')}`, 'value');
  for (const extra of given.slice(1)) at([extra], `give one predicate per expectation; this one already has ${given[0]}`);
  const predicate: PredicateName | undefined = given[0];
  if (predicate !== 'approx') for (const k of ['rtol', 'atol'] as const) if (e[k] !== undefined) at([k], `${k} goes with approx only`);

  const ensembleKeys = ensembleOf(e);
  if (e.seeds !== undefined && e.runs !== undefined) at(['runs'], 'give either seeds or runs, not both');
  if (e.statistic !== undefined && ensembleKeys === undefined) at(['statistic'], 'statistic goes with seeds or runs: a single run has one value');
  if (ensembleKeys !== undefined && e.variable !== undefined) at([e.seeds !== undefined ? 'seeds' : 'runs'], 'seeds and runs test a KPI: use kpi, not variable');
  const statistic = e.statistic ?? 'median';
  if (/^p/.test(statistic) && Number(statistic.slice(1)) > 100) at(['statistic'], 'a percentile from p0 to p100', 'value');

  let window: Expectation['window'];
  const windowKeys = (['from', 'to', 'at'] as const).filter((k) => e[k] !== undefined);
  if (e.kpi !== undefined) {
    for (const k of windowKeys) at([k], `a KPI has one value for the whole run: leave out ${k}`);
  } else if (e.at !== undefined && (e.from !== undefined || e.to !== undefined)) {
    at(['at'], 'give either at or from/to, not both');
  } else {
    const w = resolveWindow(e, scenario);
    if (w.ok) window = w.window;
    else at([w.key], w.message, 'value');
  }

  const [low, high] = e.between ?? [];
  if (predicate === 'between' && typeof low === 'number' && typeof high === 'number' && low > high) {
    at(['between'], `between: the low bound ${low} is above the high bound ${high}`, 'value');
  }
  if (subject === undefined || predicate === undefined) return undefined;
  const raw: Operand[] = predicate === 'between' ? [...e.between!] : [e[predicate] as Operand];
  const operands: Value[] = [];
  raw.forEach((operand, j) => {
    const path = predicate === 'between' ? [predicate, j] : [predicate];
    const v = operandValue(operand, subject, ensembleKeys !== undefined, ctx, (p, m, w) => at([...path, ...p], m, w));
    if (v === undefined) return;
    if (v.kind === 'ref' && v.target.kind === 'variable' && window !== undefined && v.target.scenario !== subject.scenario) {
      const o = ctx.resolve(v.target.scenario);
      if (!coversDates(window, scenario, o)) {
        at(path, `${v.target.scenario} runs from ${o.start} for ${o.horizon} days, which does not cover the window ${window.text}`, 'value');
        return;
      }
    }
    operands.push(v);
  });
  if (operands.length !== raw.length) return undefined;
  if (e.kpi === undefined && window === undefined) return undefined;
  const ensemble: Ensemble | undefined = ensembleKeys === undefined ? undefined : { keys: ensembleKeys.keys, statistic, label: ensembleKeys.label };
  return {
    ...(e.name !== undefined ? { name: e.name } : {}),
    subject,
    predicate,
    operands,
    rtol: e.rtol ?? (predicate === 'approx' && e.atol !== undefined ? 0 : APPROX_DEFAULT_RTOL),
    atol: e.atol ?? 0,
    ...(window ? { window } : {}),
    ...(ensemble ? { ensemble } : {}),
  };
}

/** A number, or a reference made whole: the subject's scenario and name fill what it leaves out. */
function operandValue(operand: Operand, subject: Target, ensemble: boolean, ctx: LintContext, at: At): Value | undefined {
  if (typeof operand === 'number') return { kind: 'number', value: operand };
  if (operand.variable !== undefined && operand.kpi !== undefined) {
    at(['kpi'], 'give either variable or kpi, not both');
    return undefined;
  }
  if (operand.scenario === undefined && operand.variable === undefined && operand.kpi === undefined) {
    at([], 'name a scenario, a variable or a kpi to compare with', 'value');
    return undefined;
  }
  const scenario = operand.scenario ?? subject.scenario;
  if (!ctx.scenarios.has(scenario)) {
    at(['scenario'], unknown('scenario', scenario, ctx.scenarios), 'value');
    return undefined;
  }
  const kind: Target['kind'] = operand.kpi !== undefined ? 'kpi' : operand.variable !== undefined ? 'variable' : subject.kind;
  const name = operand.kpi ?? operand.variable ?? subject.name;
  if (kind === 'kpi' && !isKpiName(name)) {
    at(['kpi'], unknown('KPI', name, KPI_NAMES), 'value');
    return undefined;
  }
  if (kind === 'variable') {
    const s = ctx.resolve(scenario);
    if (!hasVariable(s, name)) {
      at([operand.variable !== undefined ? 'variable' : 'scenario'], unknownVariable(name, s), 'value');
      return undefined;
    }
    if (subject.kind === 'kpi') {
      at(['variable'], 'a KPI is compared with a number or a KPI, not with a series', 'key');
      return undefined;
    }
    if (ensemble) {
      at(['variable'], 'with seeds or runs, compare with a number or a KPI', 'key');
      return undefined;
    }
  }
  return { kind: 'ref', target: { scenario, kind, name } };
}

function ensembleOf(e: ExpectationSpec): { keys: RunKey[]; label: string } | undefined {
  if (e.seeds !== undefined) return { keys: e.seeds.map((seed) => ({ kind: 'seed', seed })), label: `over seeds ${seedList(e.seeds)}` };
  if (e.runs !== undefined) return { keys: Array.from({ length: e.runs }, (_, runIndex) => ({ kind: 'run', runIndex })), label: `over ${e.runs} runs` };
  return undefined;
}

function seedList(seeds: readonly number[]): string {
  const consecutive = seeds.length > 3 && seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  return consecutive ? `${seeds[0]}–${seeds[seeds.length - 1]}` : seeds.join(', ');
}

function hasVariable(s: ResolvedScenario, name: string): boolean {
  const v = s.model.variables.get(name);
  return v !== undefined && !v.hidden;
}

function unknownVariable(name: string, s: ResolvedScenario): string {
  const names = [...s.model.variables.values()].filter((v) => !v.hidden).map((v) => v.name);
  const kpi = isKpiName(name) ? ` (${name} is a KPI: use kpi: ${name})` : '';
  return kpi ? `unknown variable "${name}"${kpi}` : unknown('variable', name, names);
}

function unknown(what: string, name: string, known: Iterable<string>): string {
  const suggestion = nearest(name, [...known]);
  return `unknown ${what} "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}
