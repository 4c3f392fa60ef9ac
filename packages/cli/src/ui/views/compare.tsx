import { Box, Text } from 'ink';
import { KPI_NAMES } from '@corridor/engine';
import type { ReactElement } from 'react';
import { kpiDeltas } from '../../output/deltas.js';
import { formatNumber, formatSigned } from '../../output/numbers.js';
import type { ChartSeries } from '../chart/braille.js';
import { Chart, SLOT_COLORS } from '../components/chart.js';
import { Table } from '../components/table.js';
import type { Cell, Column } from '../components/table.js';
import { shortName } from '../state/catalog.js';
import type { Opened } from '../state/session.js';
import { Problems } from './dashboard.js';
import { COMPARE_SERIES, eventSpans, seriesOf, unitOf } from './series.js';

export interface CompareProps {
  /** The reference first (the baseline when there is one), then the others. */
  opened: readonly Opened[];
  series: number;
  width: number;
  height: number;
}

/** Scenarios side by side: the reference's KPIs, the others' differences from it, one series overlaid. */
export function CompareView({ opened, series, width, height }: CompareProps): ReactElement {
  const bad = opened.find((o) => !o.ok);
  if (bad) return <Problems opened={bad} width={width} />;
  const runs = opened.flatMap((o) => (o.ok ? [o.run] : []));
  const ref = runs[0];
  if (ref === undefined || runs.length < 2) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>Compare</Text>
        <Text dimColor>Nothing to compare yet: in the list (1), mark scenarios with space (or open one with Enter), then press 3.</Text>
      </Box>
    );
  }
  const deltas = runs.map((r) => kpiDeltas(ref, r));
  const colWidth = Math.max(8, Math.min(28, Math.floor((width - 27) / runs.length) - 1));
  const columns: Column[] = [{ header: 'KPI', shrink: true }, ...runs.map((r, i) => ({ header: `${i === 0 ? '' : 'Δ '}${shortName(r.scenario.file)}`.slice(0, colWidth), align: 'right' as const }))];
  const rows: Cell[][] = KPI_NAMES.map((name) => [
    { text: name },
    ...runs.map((r, i): Cell => (i === 0 ? { text: formatNumber(r.kpis[name].value), dim: true } : { text: formatSigned(deltas[i]![name]?.delta ?? null), bold: true, color: SLOT_COLORS[i % SLOT_COLORS.length]! })),
  ]);
  const name = COMPARE_SERIES[((series % COMPARE_SERIES.length) + COMPARE_SERIES.length) % COMPARE_SERIES.length]!;
  const lines: ChartSeries[] = runs.flatMap((r, i) => {
    const s = seriesOf(r, name, i);
    return s ? [s] : [];
  });
  const spans = runs.slice(1).flatMap((r) => eventSpans(r.scenario));
  // The title, the table (a header and a row a KPI), then the chart's title, events and dates.
  const plotHeight = Math.max(3, height - 1 - (KPI_NAMES.length + 1) - 3);
  const unit = unitOf(ref.scenario, name);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold>Compare:</Text>
        <Text dimColor>{` Δ from ${shortName(ref.scenario.file)} `}</Text>
        {runs.slice(1).map((r, i) => (
          <Text key={r.scenario.file} color={SLOT_COLORS[(i + 1) % SLOT_COLORS.length]!}>{` ${shortName(r.scenario.file)}`}</Text>
        ))}
      </Text>
      <Table columns={columns} rows={rows} width={width} />
      <Chart title={`${name} (j/k: another series)`} {...(unit !== undefined ? { unit } : {})} series={lines} events={spans} width={width} height={plotHeight} />
    </Box>
  );
}
