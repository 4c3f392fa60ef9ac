import { Box, Text } from 'ink';
import type { ReactElement } from 'react';

export interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** The first column with `shrink` gives up width when the table would be too wide. */
  shrink?: boolean;
}

/** Cuts text to `width` columns, marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Column widths that fit `maxWidth` (with one space between columns). */
export function columnWidths(columns: readonly Column[], rows: readonly (readonly Cell[])[], maxWidth: number): number[] {
  const widths = columns.map((c, i) => Math.max([...c.header].length, ...rows.map((r) => [...(r[i]?.text ?? '')].length)));
  const total = (): number => widths.reduce((a, b) => a + b, 0) + Math.max(0, widths.length - 1);
  const shrinking = columns.findIndex((c) => c.shrink);
  if (shrinking >= 0 && total() > maxWidth) widths[shrinking] = Math.max(4, widths[shrinking]! - (total() - maxWidth));
  return widths;
}

/** A plain table: a bold header, aligned columns, each cell cut to its column. */
export function Table({ columns, rows, width, selected }: { columns: readonly Column[]; rows: readonly (readonly Cell[])[]; width: number; selected?: number }): ReactElement {
  const widths = columnWidths(columns, rows, width);
  const pad = (text: string, i: number): string => {
    const w = widths[i]!;
    const t = fit(text, w);
    return columns[i]?.align === 'right' ? t.padStart(w) : t.padEnd(w);
  };
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {columns.map((c, i) => pad(c.header, i)).join(' ')}
      </Text>
      {rows.map((row, r) => (
        <Text key={r} wrap="truncate" inverse={selected === r}>
          {row.map((cell, i) => (
            <Text key={i} {...(cell.color !== undefined ? { color: cell.color } : {})} bold={cell.bold === true} dimColor={cell.dim === true}>
              {(i > 0 ? ' ' : '') + pad(cell.text, i)}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
