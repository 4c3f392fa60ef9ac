import { reportNumber as formatNumber } from '../number-text.js';
import type { Expectation, Target, Value } from './model.js';

type Described = Pick<Expectation, 'subject' | 'predicate' | 'operands' | 'rtol' | 'atol' | 'window' | 'ensemble'>;

const SYMBOL = { gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

/**
 * An expectation in one line, from its fields: "joint-patrols: median over 20 runs of KPI
 * tankers_lost < the same in bamako-fuel-blockade-2025".
 */
export function describeExpectation(e: Described): string {
  const stat = e.ensemble ? `${e.ensemble.statistic} ${e.ensemble.label} of ` : '';
  const what = `${stat}${e.subject.kind === 'kpi' ? 'KPI ' : ''}${e.subject.name}`;
  const window = e.window ? `, ${e.window.text}` : '';
  return `${e.subject.scenario}: ${what} ${predicateText(e, (v) => operandText(v, e.subject))}${window}`;
}

/** The predicate with its operands, each shown by `show`: "between 2 and 10", "≈ 10.3 (±1%)". */
export function predicateText(e: Pick<Expectation, 'predicate' | 'operands' | 'rtol' | 'atol'>, show: (v: Value) => string): string {
  const [a, b] = e.operands;
  if (a === undefined) return e.predicate;
  switch (e.predicate) {
    case 'between':
      return `between ${show(a)} and ${b === undefined ? '?' : show(b)}`;
    case 'approx':
      return `≈ ${show(a)} (${approxTolerance(e.rtol, e.atol)})`;
    default:
      return `${SYMBOL[e.predicate]} ${show(a)}`;
  }
}

export function approxTolerance(rtol: number, atol: number): string {
  const parts: string[] = [];
  if (rtol > 0) parts.push(`±${formatNumber(rtol * 100)}%`);
  if (atol > 0) parts.push(`±${formatNumber(atol)}`);
  return parts.length === 0 ? 'exactly' : parts.join(' + ');
}

/** A number as written, or a reference in words: "tankers_lost of bamako-fuel-blockade-2025". */
export function operandText(v: Value, subject: Target): string {
  if (v.kind === 'number') return formatNumber(v.value);
  const t = v.target;
  const name = t.kind === 'kpi' && subject.kind !== 'kpi' ? `KPI ${t.name}` : t.name;
  return t.scenario === subject.scenario ? name : `${name} of ${t.scenario}`;
}
