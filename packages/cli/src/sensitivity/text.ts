import type { RankSensitivity, Tornado } from '@corridor/engine';
import { formatNumber } from '../output/numbers.js';
import { renderTable } from '../output/table.js';
import type { Style } from '../style.js';

/**
 * The terminal's tornado: one parameter per pair of lines, widest swing first. The first line
 * names the parameter and its P5 and P95 (in the model's unit); the second draws the result
 * from its value at one end to its value at the other, on one axis for all bars, with the
 * base (every parameter at its median) as the vertical line they share. The P5 side is drawn
 * light (░), the P95 side solid (█), so a parameter that lowers the result as it rises shows
 * its solid half on the left. Everything fits in `WIDTH` columns.
 */
export const WIDTH = 80;
const LABEL = 9; // room either side of the axis for the value at a bar's end
const AXIS = WIDTH - 2 - 2 * LABEL;
const LOW = '░';
const HIGH = '█';
const BASE = '│';

/** Units as a reader writes them; a pure number's `1` says nothing. */
export function unitText(unit: string | undefined): string {
  if (unit === undefined || unit === '1') return '';
  if (unit === 'day' || unit === 'tanker') return `${unit}s`;
  return unit
    .replace(/\^2\b/g, '²')
    .replace(/\^3\b/g, '³')
    .replace(/_/g, ' ');
}

export interface TornadoText {
  kpi: string;
  unit: string;
  tornado: Tornado;
  style: Style;
}

export function tornadoText({ kpi, unit, tornado, style }: TornadoText): string {
  const u = unitText(unit);
  const never = tornado.never;
  const withUnit = (v: number | null): string => (v !== null ? `${formatNumber(v)}${u ? ` ${u}` : ''}` : never !== undefined ? `never (not within ${formatNumber(never)} days)` : 'no value');
  const lines: string[] = [];
  lines.push(style.bold(`Tornado: ${kpi}${u ? ` (${u})` : ''}, one parameter at a time`));
  lines.push(clip(`base ${withUnit(tornado.base)}: every uncertain parameter at its median`));
  lines.push(clip(`${LOW} the parameter at its P5   ${HIGH} at its P95   ${BASE} the base`));
  if (never !== undefined) lines.push(clip(`never: not within the ${formatNumber(never)} days; drawn at the horizon, its swing marked ≥`));
  lines.push('');

  // A first-time result that never comes is drawn at the horizon, labelled "never".
  const place = (v: number | null): number | null => v ?? never ?? null;
  const values = tornado.bars.flatMap((b) => [place(b.low.value), place(b.high.value)]).filter((v): v is number => v !== null);
  const base = place(tornado.base);
  if (base !== null) values.push(base);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const col = (v: number): number => (span > 0 ? Math.round(((v - min) / span) * (AXIS - 1)) : Math.floor(AXIS / 2));
  const label = (v: number | null): string => (v === null ? 'never' : formatNumber(v));

  tornado.bars.forEach((bar, i) => {
    const inputs = `P5 ${formatNumber(bar.low.input)} → P95 ${formatNumber(bar.high.input)}${unitText(bar.unit) ? ` ${unitText(bar.unit)}` : ''}`;
    const head = `${String(i + 1).padStart(2)} ${bar.name}`;
    const swing = bar.swing === null ? '' : `  swing ${bar.swingAtLeast ? '≥ ' : ''}${formatNumber(bar.swing)}`;
    const full = `${head}  ${inputs}${swing}`;
    lines.push(full.length <= WIDTH ? style.bold(head) + full.slice(head.length) : `${style.bold(head)}\n${clip(`     ${inputs}${swing}`)}`);
    const ends = { low: place(bar.low.value), high: place(bar.high.value), lowText: label(bar.low.value), highText: label(bar.high.value) };
    lines.push(barLine(ends, base, col, style));
  });
  return `${lines.join('\n')}\n`;
}

interface BarEnds {
  /** Where each end sits on the axis (null: no value to place). */
  low: number | null;
  high: number | null;
  /** What is written at each end. */
  lowText: string;
  highText: string;
}

/** One bar on the shared axis, the value at each end beside it. */
function barLine(ends: BarEnds, base: number | null, col: (v: number) => number, style: Style): string {
  const { low, high } = ends;
  // No bar without both ends and the base (a KPI with no value): the values as text.
  if (low === null || high === null || base === null) {
    const v = (x: number | null): string => (x === null ? 'none' : formatNumber(x));
    return `${' '.repeat(LABEL + 2)}at P5: ${v(low)}   at P95: ${v(high)}   base: ${v(base)}`;
  }
  const cells = new Array<string>(AXIS).fill(' ');
  const b = col(base);
  const paint = (v: number, glyph: string): void => {
    const c = col(v);
    for (let k = Math.min(c, b); k <= Math.max(c, b); k++) cells[k] = glyph;
  };
  // The end farther from the base first, so that both show when they lie on the same side.
  if (Math.abs(col(low) - b) >= Math.abs(col(high) - b)) {
    paint(low, LOW);
    paint(high, HIGH);
  } else {
    paint(high, HIGH);
    paint(low, LOW);
  }
  cells[b] = BASE;
  const left = Math.min(col(low), col(high), b);
  const right = Math.max(col(low), col(high), b);
  const lowFirst = col(low) <= col(high);
  // The values sit against the ends of the bar, in the margins when the bar reaches them.
  const line = new Array<string>(WIDTH).fill(' ');
  const put = (at: number, text: string): void => {
    [...text].forEach((ch, k) => {
      if (at + k >= 0 && at + k < WIDTH) line[at + k] = ch;
    });
  };
  const same = low === high && low === base;
  const lt = same ? '' : lowFirst ? ends.lowText : ends.highText;
  const rt = same ? 'no change' : lowFirst ? ends.highText : ends.lowText;
  const offset = 1 + LABEL;
  put(offset + left - 1 - [...lt].length, lt);
  put(offset + right + 2, rt);
  const bar = cells.slice(left, right + 1).join('');
  const painted = style.enabled ? bar.replace(/░+/g, (m) => style.yellow(m)).replace(/█+/g, (m) => style.red(m)) : bar;
  const before = line.slice(0, offset + left).join('');
  const after = line.slice(offset + right + 1).join('').trimEnd();
  return `${before}${painted}${after}`.trimEnd();
}

/** Words wrapped at `WIDTH` columns, each line after the first indented by `indent`. */
export function wrap(text: string, indent = ''): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line === '' ? word : `${line} ${word}`;
    if ([...next].length > WIDTH && line !== '') {
      out.push(line);
      line = `${indent}${word}`;
    } else line = next;
  }
  if (line !== '') out.push(line);
  return out.map(clip).join('\n');
}

function clip(text: string): string {
  return [...text].length <= WIDTH ? text : `${[...text].slice(0, WIDTH - 1).join('')}…`;
}

export interface RankText {
  rank: RankSensitivity;
  runs: number;
  runsNote: string;
  sampling: string;
  style: Style;
}

/** The ensemble's ranking: Spearman's ρ, the SRRC and its share of the explained variance, then R². */
export function rankText({ rank, runs, runsNote, sampling, style }: RankText): string {
  const lines: string[] = [];
  lines.push(style.bold('Ranking from the ensemble, all parameters varying at once'));
  lines.push(clip(`${runs} runs, ${sampling === 'latin_hypercube' ? 'Latin hypercube' : 'Monte Carlo'} sampling: ${runsNote}`));
  if (rank.runs < runs && rank.runs >= 3) lines.push(clip(`${rank.runs} of the ${runs} runs have a value and are ranked`));
  if (rank.censored > 0) lines.push(wrap(`${rank.censored} of the ${runs} runs never get there within the horizon: ranked together, after every run that does`));
  lines.push('');
  if (rank.runs < 3) {
    lines.push(clip(`Too few runs with a value to rank (${rank.runs} of ${runs}).`));
    return `${lines.join('\n')}\n`;
  }
  const rows = rank.rows.map((r, i) => [String(i + 1), r.name, fixed(r.spearman), fixed(r.srrc), `${(r.share * 100).toFixed(1)}%`]);
  lines.push(renderTable([{ header: '#', align: 'right' }, { header: 'parameter' }, { header: 'Spearman', align: 'right' }, { header: 'SRRC', align: 'right' }, { header: 'share', align: 'right' }], rows, style).trimEnd());
  lines.push('');
  lines.push(`R² of the rank regression ${rank.r2.toFixed(2)}: ${rank.r2 >= 0.7 ? 'the shares split most of the variance' : 'well below 1'}`);
  if (rank.r2 < 0.7) lines.push('(interactions or effects that are not monotonic: read the shares with care)');
  return `${lines.join('\n')}\n`;
}

function fixed(x: number): string {
  const t = x.toFixed(2);
  return t === '-0.00' ? '0.00' : t;
}
