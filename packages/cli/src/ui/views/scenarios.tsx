import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { fit } from '../components/table.js';
import type { CatalogEntry } from '../state/catalog.js';

export interface ScenariosProps {
  entries: readonly CatalogEntry[];
  total: number;
  cursor: number;
  filter: string;
  filtering: boolean;
  marked: readonly string[];
  width: number;
  height: number;
}

/** The scenario files and the question each answers; `/` filters, Enter runs, space marks. */
export function ScenariosView({ entries, total, cursor, filter, filtering, marked, width, height }: ScenariosProps): ReactElement {
  const listHeight = Math.max(1, height - 2);
  // The window of rows keeps the cursor in sight.
  const top = Math.max(0, Math.min(cursor - Math.floor(listHeight / 2), entries.length - listHeight));
  const shown = entries.slice(top, top + listHeight);
  const nameWidth = Math.min(36, Math.max(8, ...entries.map((e) => e.name.length)));
  const filterText = filtering ? `/${filter}█` : filter !== '' ? `/${filter}` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold>Scenarios</Text>
        <Text dimColor>{` ${entries.length} of ${total}`}</Text>
        {filterText !== '' ? <Text color="yellow">{`  filter ${filterText}`}</Text> : null}
        {marked.length > 0 ? <Text dimColor>{`  marked for compare: ${marked.length}`}</Text> : null}
      </Text>
      <Text> </Text>
      {entries.length === 0 ? <Text dimColor>{total === 0 ? 'No scenario files here (*.yaml): run corridor ui in a folder with scenarios/, or name files.' : 'No scenario matches the filter (Esc clears it).'}</Text> : null}
      {shown.map((e, i) => {
        const at = top + i;
        const mark = marked.includes(e.file) ? '●' : ' ';
        const line = `${at === cursor ? '›' : ' '}${mark} ${fit(e.name, nameWidth).padEnd(nameWidth)}  `;
        return (
          <Text key={e.file} wrap="truncate" inverse={at === cursor}>
            <Text bold={at === cursor}>{line}</Text>
            <Text dimColor={at !== cursor}>{fit(e.question, Math.max(0, width - line.length))}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
