import type { Context } from '../context.js';
import { EXIT } from '../exit.js';
import { loadAll } from '../load/many.js';
import { formatNumber, formatUnit } from '../output/numbers.js';
import type { Style } from '../style.js';
import { explainName } from './explain-model.js';
import type { Explanation, LookupExplanation, ParameterExplanation, VariableExplanation } from './explain-model.js';

export interface ExplainOptions {
  format?: 'text' | 'json';
}

export async function explainCommand(file: string, name: string, options: ExplainOptions, ctx: Context): Promise<number> {
  const [only] = loadAll([file]);
  const { scenario, loaded } = only!;
  if (!loaded.model || !loaded.docs) throw new Error('a resolved scenario without its model or chain');
  const explanation = explainName(name, { scenario, docs: loaded.docs, sources: loaded.sources, model: loaded.model });
  if (options.format === 'json') ctx.out(`${JSON.stringify({ schemaVersion: 1, scenario: scenario.file, ...explanation }, null, 2)}\n`);
  else ctx.out(renderText(explanation, ctx.outStyle));
  return EXIT.ok;
}

/** Label and value pairs, the labels in one column; a value may run over several lines. */
type Fields = [string, string | undefined | null][];

function renderText(e: Explanation, style: Style): string {
  switch (e.kind) {
    case 'parameter':
      return block(`${e.name}  ${style.dim('parameter')}`, parameterFields(e), style);
    case 'lookup':
      return block(`${e.name}  ${style.dim('lookup table')}`, lookupFields(e), style);
    case 'stock':
    case 'flow':
    case 'auxiliary':
      return block(`${e.name}  ${style.dim(e.kind)}`, variableFields(e), style);
  }
}

function block(title: string, fields: Fields, style: Style): string {
  const shown = fields.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== null && f[1] !== '');
  const width = Math.max(...shown.map(([label]) => label.length));
  const lines = shown.map(([label, value]) => {
    const [first, ...rest] = value.split('\n');
    const indent = ' '.repeat(width + 4);
    return [`  ${style.bold(label.padEnd(width))}  ${first}`, ...rest.map((r) => `${indent}${r}`)].join('\n');
  });
  return `${style.bold(title)}\n${lines.join('\n')}\n`;
}

function withUnit(value: number, unit: string | null): string {
  const u = unit === null ? '' : formatUnit(unit);
  return u === '' ? formatNumber(value) : `${formatNumber(value)} ${u}`;
}

function parameterFields(e: ParameterExplanation): Fields {
  const valueText = e.value === null ? 'varies over time (below)' : withUnit(e.value, e.unit);
  const written = typeof e.written === 'string' || typeof e.written === 'number' ? String(e.written) : JSON.stringify(e.written);
  return [
    ['value', valueText],
    ['unit', e.unit === null ? null : e.unit === '1' ? '1 (a pure number or share)' : e.unit],
    ['set by', e.setByModel ? `model default (${e.setBy})` : `${e.setBy} as ${written}`],
    ['model value', e.setByModel && e.overTime === null ? null : withUnit(e.modelValue, e.unit)],
    ['source', e.source],
    ['assumption', e.assumption],
    ['description', e.description],
    ['range', e.range ? `${formatNumber(e.range[0])} to ${formatNumber(e.range[1])}` : null],
    ['changed by', e.events.length > 0 ? e.events.map((ev) => `${ev.at} ${ev.label}, day ${formatNumber(ev.from)}${ev.to !== null ? ` to ${formatNumber(ev.to)}` : ''}`).join('\n') : null],
    ['over time', e.overTime ? overTime(e.overTime, e.unit) : null],
    ['used by', e.usedBy.join(', ')],
  ];
}

/** Long schedules (a weekly convoy for a year) are cut: the first points tell the pattern. */
function overTime(points: readonly [number, string, number][], unit: string | null): string {
  const LIMIT = 16;
  const lines = points.slice(0, LIMIT).map(([day, date, value]) => `day ${formatNumber(day).padStart(5)}  ${date}  ${withUnit(value, unit)}`);
  if (points.length > LIMIT) lines.push(`… ${points.length - LIMIT} more points`);
  return lines.join('\n');
}

function lookupFields(e: LookupExplanation): Fields {
  return [
    ['points', e.points.map(([x, y]) => `(${formatNumber(x)}, ${formatNumber(y)})`).join(' ')],
    ['set by', e.setByModel ? `model default (${e.setBy})` : e.setBy],
    ['description', e.description],
    ['used by', e.usedBy.join(', ')],
  ];
}

function variableFields(e: VariableExplanation): Fields {
  return [
    [e.kind === 'stock' ? 'initial' : 'equation', e.equation],
    ['unit', e.unit],
    ['inflows', e.inflows.join(', ')],
    ['outflows', e.outflows.join(', ')],
    ['depends on', e.kind === 'stock' ? null : e.dependsOn.join(', ')],
    ['used by', e.usedBy.join(', ')],
    ['description', e.description],
    ['source', e.source],
    ['assumption', e.assumption],
    ['in outputs', e.recorded ? 'yes (saved in the series of a run)' : null],
  ];
}
