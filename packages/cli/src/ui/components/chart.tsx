import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { dateAxis, yLabel } from '../chart/axis.js';
import { eventRow, plot } from '../chart/braille.js';
import type { ChartSeries } from '../chart/braille.js';

/** Colours by series slot; slot 0 is the scenario, the others compared scenarios or bands. */
export const SLOT_COLORS = ['cyan', 'yellow', 'magenta', 'green', 'blue', 'red'] as const;
/** The slot of the no-event baseline and of percentile bands: drawn first, in grey. */
export const BASE_SLOT = 99;

export interface ChartProps {
  title: string;
  unit?: string;
  series: readonly ChartSeries[];
  /** Event periods in absolute days; a `to` of `from + 1` or less is a one-day mark. */
  events: readonly { from: number; to?: number }[];
  /** Total width in columns, axis labels included. */
  width: number;
  /** Rows of plot, not counting the title, event and date lines. */
  height: number;
  highlight?: boolean;
  /** Names of the lines, each in its colour, after the title. */
  legend?: readonly { label: string; slot: number }[];
}

const LABEL = 7;

function colorOf(slot: number): string | undefined {
  if (slot === BASE_SLOT) return 'gray';
  return slot < 0 ? undefined : SLOT_COLORS[slot % SLOT_COLORS.length];
}

/** A braille line chart with its y range on the left, the event periods and a date axis below. */
export function Chart({ title, unit, series, events, width, height, highlight, legend }: ChartProps): ReactElement {
  const plotWidth = Math.max(4, width - LABEL - 1);
  const p = plot(series, plotWidth, height);
  const heading = `${title}${unit ? ` (${unit})` : ''}`.slice(0, width);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold={highlight === true}>{heading}</Text>
        {(legend ?? []).map((l) => (
          <Text key={l.label} {...(colorOf(l.slot) !== undefined ? { color: colorOf(l.slot)! } : {})}>{` ${l.label}`}</Text>
        ))}
      </Text>
      {p.rows.map((row, r) => (
        <Text key={r} wrap="truncate">
          <Text dimColor>{r === 0 ? yLabel(p.yMax, LABEL) : r === p.rows.length - 1 ? yLabel(p.yMin, LABEL) : ' '.repeat(LABEL)}┤</Text>
          {runs(row, p.owner[r]!).map((run, i) => (
            <Text key={i} {...(run.color !== undefined ? { color: run.color } : {})}>
              {run.text}
            </Text>
          ))}
        </Text>
      ))}
      <Text wrap="truncate">
        <Text dimColor>{'events'.padStart(LABEL)} </Text>
        <Text color="red">{eventRow(events, plotWidth, p.xMin, p.xMax)}</Text>
      </Text>
      <Text dimColor wrap="truncate">
        {' '.repeat(LABEL + 1)}
        {dateAxis(p.xMin, p.xMax, plotWidth)}
      </Text>
    </Box>
  );
}

/** Neighbouring cells of one colour as one piece of text: fewer nodes for Ink to lay out. */
function runs(row: string, owner: readonly number[]): { text: string; color: string | undefined }[] {
  const out: { text: string; color: string | undefined }[] = [];
  const chars = [...row];
  chars.forEach((ch, i) => {
    const color = ch === ' ' ? undefined : colorOf(owner[i] ?? -1);
    const last = out[out.length - 1];
    if (last && last.color === color) last.text += ch;
    else out.push({ text: ch, color });
  });
  return out;
}
