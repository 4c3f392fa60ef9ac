import { Box, Text } from 'ink';
import { KPI_NAMES } from '@corridor/engine';
import type { ReactElement } from 'react';
import { formatNumber, formatSigned, formatUnit } from '../../output/numbers.js';
import { BASE_SLOT, Chart } from '../components/chart.js';
import { fit, Table } from '../components/table.js';
import type { Cell, Column } from '../components/table.js';
import type { SavePrompt, WhatIfState } from '../state/controller.js';
import type { Opened } from '../state/session.js';
import { Problems, Title } from './dashboard.js';
import { eventSpans, seriesOf, unitOf } from './series.js';

export interface WhatIfProps {
  opened: Opened | undefined;
  whatif: WhatIfState | undefined;
  save: SavePrompt | undefined;
  width: number;
  height: number;
}

const COLUMNS: Column[] = [{ header: 'KPI', shrink: true }, { header: 'in the file', align: 'right' }, { header: 'now', align: 'right' }, { header: 'Δ', align: 'right' }, { header: 'unit' }];

/** Knobs on the scenario's events and parameters; each change re-runs and shows the KPIs against the start. */
export function WhatIfView({ opened, whatif, save, width, height }: WhatIfProps): ReactElement {
  if (!opened?.ok || !whatif) return <Problems opened={opened} width={width} />;
  const { knobs, values, cursor, run, startRun } = whatif;
  const knobRows = Math.max(3, Math.min(knobs.length, height - 2 - 1 - 13 - 2));
  const top = Math.max(0, Math.min(cursor - Math.floor(knobRows / 2), knobs.length - knobRows));
  const rows: Cell[][] = KPI_NAMES.map((name) => {
    const a = startRun.kpis[name].value;
    const b = run.kpis[name].value;
    const d = a !== null && b !== null ? b - a : null;
    const changed = d !== null && Math.abs(d) > 1e-9 * Math.max(1, Math.abs(a ?? 0));
    return [{ text: name }, { text: formatNumber(a), dim: true }, { text: formatNumber(b), bold: true }, { text: changed ? formatSigned(d) : '·', ...(changed ? { color: 'yellow' } : { dim: true }) }, { text: formatUnit(startRun.kpis[name].unit), dim: true }];
  });
  const used = 2 + 1 + knobRows + 1 + 13 + 1;
  const chartRoom = height - used;
  const status = whatif.error ? { text: `cannot run this: ${whatif.error}`, color: 'red' } : { text: whatif.ms !== undefined ? `re-run in ${formatNumber(Math.round(whatif.ms * 10) / 10)} ms` : 'change a knob with ←/→: the run is redone at once', color: undefined };
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Title run={startRun} width={width} extra="what-if" />
      <Text bold>{`Knobs ${cursor + 1}/${knobs.length}`}</Text>
      {knobs.slice(top, top + knobRows).map((k, i) => {
        const at = top + i;
        const v = values[at]!;
        const changed = v !== k.initial;
        const value = `◂ ${k.format(v)} ▸`;
        const head = `${at === cursor ? '›' : ' '} ${k.group === 'parameter' ? 'parameter' : k.group}: ${k.label}`;
        const tail = changed ? ` (was ${(k.brief ?? k.format)(k.initial)})` : '';
        const room = Math.max(8, width - value.length - tail.length - 2);
        return (
          <Text key={k.id} wrap="truncate" inverse={at === cursor}>
            {fit(head, room).padEnd(room)}
            <Text bold color={changed ? 'yellow' : undefined}>{` ${value}`}</Text>
            <Text dimColor>{tail}</Text>
          </Text>
        );
      })}
      {save ? (
        <Text color="yellow" wrap="truncate">
          {save.confirm ? `${save.name} exists: replace it? (y/n)` : `save as: ${save.name}█  (Enter saves, Esc cancels)`}
        </Text>
      ) : (
        <Text wrap="truncate" {...(status.color !== undefined ? { color: status.color } : { dimColor: true })}>
          {status.text}
        </Text>
      )}
      <Table columns={COLUMNS} rows={rows} width={width} />
      {chartRoom >= 7 ? <Chart title="Fuel: days of cover, in the file (grey) and now" {...(unitOf(run.scenario, 'fuel_days_cover') ? { unit: unitOf(run.scenario, 'fuel_days_cover')! } : {})} series={[seriesOf(startRun, 'fuel_days_cover', BASE_SLOT), seriesOf(run, 'fuel_days_cover', 0)].flatMap((s) => (s ? [s] : []))} events={eventSpans(run.scenario)} width={width} height={chartRoom - 4} /> : null}
    </Box>
  );
}
