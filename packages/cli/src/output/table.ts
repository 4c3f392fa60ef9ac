import type { Style } from '../style.js';

export interface Column {
  header: string;
  /** Numbers line up on the right. */
  align?: 'left' | 'right';
}

/**
 * A plain aligned table: a header, a rule, rows. Widths are measured before styling, since
 * colour codes take no room on the screen.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], style: Style): string {
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[], paint: (s: string) => string = (s) => s): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
        return c.align === 'right' ? pad + paint(cell) : paint(cell) + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header), style.bold), style.dim(rule), ...rows.map((r) => line(r))].join('\n') + '\n';
}

/** Columns on a terminal: an accented letter or a dash is one column, like any other letter. */
function width(text: string): number {
  return [...text.normalize('NFC')].length;
}
