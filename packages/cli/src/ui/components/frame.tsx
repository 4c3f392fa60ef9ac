import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { HELP } from '../keys.js';
import type { View } from '../state/controller.js';

const TITLES: Record<View, string> = { scenarios: 'Scenarios', dashboard: 'Dashboard', compare: 'Compare', whatif: 'What-if' };

/** The top line: the four views, the current one highlighted, with their number keys. */
export function Tabs({ view, width }: { view: View; width: number }): ReactElement {
  const views = Object.keys(TITLES) as View[];
  return (
    <Text wrap="truncate">
      <Text bold color="green">
        corridor{' '}
      </Text>
      {views.map((v, i) => (
        // Brackets as well as reverse video: without colour (NO_COLOR) reverse video is gone too.
        <Text key={v} inverse={v === view} bold={v === view}>
          {v === view ? `[${i + 1} ${TITLES[v]}]` : ` ${i + 1} ${TITLES[v]} `}
        </Text>
      ))}
      {width > 80 ? <Text dimColor> ? help</Text> : null}
    </Text>
  );
}

/** The bottom line: the keys that work here, cut to the terminal's width. */
export function Footer({ keys, width }: { keys: readonly [string, string][]; width: number }): ReactElement {
  const parts: ReactElement[] = [];
  let used = 0;
  for (const [k, what] of keys) {
    const gap = parts.length > 0 ? 2 : 0;
    const len = gap + k.length + 1 + what.length;
    if (used + len > width) break;
    used += len;
    parts.push(
      <Text key={k}>
        {' '.repeat(gap)}
        <Text bold color="cyan">
          {k}
        </Text>
        {` ${what}`}
      </Text>,
    );
  }
  return <Text wrap="truncate">{parts}</Text>;
}

/** The `?` overlay: every key, grouped by the view it works in. */
export function Help({ width, height }: { width: number; height: number }): ReactElement {
  const lines: { key: string; what: string; title?: boolean }[] = [];
  for (const group of HELP) {
    lines.push({ key: group.title, what: '', title: true });
    for (const [key, what] of group.keys) lines.push({ key, what });
  }
  // In a small terminal the two columns of groups sit side by side.
  const perColumn = Math.max(1, height - 2);
  const columns: (typeof lines)[] = [];
  for (let i = 0; i < lines.length; i += perColumn) columns.push(lines.slice(i, i + perColumn));
  const colWidth = Math.floor((width - 2) / Math.max(1, columns.length));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Keys (? or Esc closes)</Text>
      <Box>
        {columns.map((col, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {col.map((l, i) =>
              l.title ? (
                <Text key={i} bold color="green" wrap="truncate">
                  {l.key}
                </Text>
              ) : (
                <Text key={i} wrap="truncate">
                  <Text bold color="cyan">
                    {l.key.padEnd(10)}
                  </Text>
                  {l.what}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/** A progress bar of block characters with the count, for long work. */
export function Progress({ label, done, total, width }: { label: string; done: number; total: number; width: number }): ReactElement {
  const bar = Math.max(10, Math.min(50, width - 30));
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(share * bar);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">{label}</Text>
      <Text wrap="truncate">
        <Text color="cyan">{'█'.repeat(full)}</Text>
        <Text dimColor>{'░'.repeat(bar - full)}</Text>
        {` ${done}/${total} (${Math.round(share * 100)}%)`}
      </Text>
      <Text dimColor>Esc cancels</Text>
    </Box>
  );
}
