import { Box, Text } from 'ink';
import { KPI_NAMES } from '@corridor/engine';
import type { EnsembleSummary, ScenarioRun } from '@corridor/engine';
import type { ReactElement } from 'react';
import { formatNumber, formatUnit } from '../../output/numbers.js';
import type { ChartSeries } from '../chart/braille.js';
import { BASE_SLOT, Chart } from '../components/chart.js';
import { Table } from '../components/table.js';
import { shortName } from '../state/catalog.js';
import type { Cell, Column } from '../components/table.js';
import type { Opened } from '../state/session.js';
import { CHARTS, eventSpans, seriesOf, startDay, unitOf } from './series.js';

export interface DashboardProps {
  opened: Opened | undefined;
  chart: number;
  width: number;
  height: number;
  /** The scenario's ensemble, when it has more than one run and they are done. */
  ensemble?: EnsembleSummary | undefined;
}

/** What a view shows when it has no scenario, or the scenario has problems. */
export function Problems({ opened, width }: { opened: Opened | undefined; width: number }): ReactElement | null {
  if (opened === undefined) return <Text dimColor>No scenario yet: pick one in the list (1) and press Enter.</Text>;
  if (opened.ok) return null;
  return (
    <Box flexDirection="column" width={width}>
      <Text color="red" bold>
        {`${opened.file} has problems (as corridor validate reports them):`}
      </Text>
      {opened.problems.map((p, i) => (
        <Text key={i} wrap="wrap">
          {p}
        </Text>
      ))}
    </Box>
  );
}

export function Title({ run, width, extra }: { run: ScenarioRun; width: number; extra?: string }): ReactElement {
  const s = run.scenario;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>{shortName(s.file)}</Text>
        {s.question ? <Text>{`  ${s.question}`}</Text> : null}
      </Text>
      <Text dimColor wrap="truncate">{`from ${s.start}, ${formatNumber(s.horizon)} days, seed ${run.meta.seed}${extra ? `, ${extra}` : ''} · ${s.file}`}</Text>
    </Box>
  );
}

/** A KPI's value in the nominal run and, for an ensemble, its P5–P95 over the runs. */
export function kpiRows(run: ScenarioRun, ensemble?: EnsembleSummary): Cell[][] {
  return KPI_NAMES.map((name) => {
    const k = run.kpis[name];
    const band = ensemble?.kpis[name];
    const range = band?.p5 !== undefined && band.p95 !== undefined ? `${formatNumber(band.p5)}–${formatNumber(band.p95)}` : '—';
    return [{ text: name }, { text: formatNumber(k.value), bold: true }, ...(ensemble ? [{ text: range }] : []), { text: formatUnit(k.unit), dim: true }];
  });
}

/**
 * The first day each threshold is crossed: the date in the nominal run and, for an ensemble,
 * the P5–P95 dates over the runs that cross and the share of runs that never do.
 */
export function crossingRows(run: ScenarioRun, ensemble?: EnsembleSummary): Cell[][] {
  return Object.entries(run.crossings).map(([name, c]) => {
    const stats = ensemble?.crossings[name];
    const nominal: Cell = { text: c.date ?? 'never', bold: c.date !== null, dim: c.date === null };
    if (!ensemble) return [{ text: name }, nominal];
    // Month-day keeps the column narrow; a range that leaves the start's year shows the years.
    const year = run.scenario.start.slice(0, 4);
    const short = stats?.date !== undefined && stats.date.p5.startsWith(year) && stats.date.p95.startsWith(year);
    const range = stats?.date === undefined ? '—' : short ? `${stats.date.p5.slice(5)}–${stats.date.p95.slice(5)}` : `${stats.date.p5}–${stats.date.p95}`;
    const never = stats === undefined ? '—' : `${Math.round(stats.neverShare * 100)}%`;
    return [{ text: name }, nominal, { text: range }, { text: never, dim: true }];
  });
}

const CROSSING_COLUMNS: Column[] = [{ header: 'first crossing', shrink: true }, { header: 'date', align: 'right' }];
// Beside an ensemble's P5–P95, "value" read as one more statistic of the runs (a median, say)
// and a value outside the band as a mistake: it is the run with every uncertain parameter at its
// nominal value, not drawn from its distribution, which the runs need not straddle evenly.
const CROSSING_BAND_COLUMNS: Column[] = [{ header: 'first crossing', shrink: true }, { header: 'nominal', align: 'right' }, { header: 'P5–P95', align: 'right' }, { header: 'never', align: 'right' }];

export const KPI_COLUMNS: Column[] = [{ header: 'KPI', shrink: true }, { header: 'value', align: 'right' }, { header: 'unit' }];
const BAND_COLUMNS: Column[] = [{ header: 'KPI', shrink: true }, { header: 'nominal', align: 'right' }, { header: 'P5–P95', align: 'right' }, { header: 'unit' }];

/** One run: its KPIs on the left, charts of the key series on the right, as many as fit. */
export function DashboardView({ opened, chart, width, height, ensemble }: DashboardProps): ReactElement {
  if (!opened?.ok) return <Problems opened={opened} width={width} />;
  const run = opened.run;
  const rows = kpiRows(run, ensemble);
  const crossings = crossingRows(run, ensemble);
  // Title and a blank line, the KPI table with its header, then the crossings with theirs: a
  // blank line between the tables only where there is room for it (not in 80×24).
  const left = 3 + rows.length + 1 + crossings.length + 1;
  const crossingsFit = crossings.length > 0 && left <= height;
  const crossingsGap = left + 1 <= height ? 1 : 0;
  // An ensemble's table has a P5–P95 column and a header "nominal" wider than its numbers: two
  // more columns of the screen, so that the KPI names keep the width they have without runs.
  const kpiWidth = Math.min(ensemble ? 60 : 44, Math.floor(width * (ensemble ? 0.58 : 0.55)));
  const chartWidth = width - kpiWidth - 2;
  const bodyHeight = height - 3;
  // Each chart takes its plot rows and three more (title, events, dates).
  const count = Math.max(1, Math.min(CHARTS.length, Math.floor(bodyHeight / 8)));
  const plotHeight = Math.max(3, Math.floor(bodyHeight / count) - 3);
  const spans = eventSpans(run.scenario);
  const charts = Array.from({ length: count }, (_, i) => CHARTS[(((chart + i) % CHARTS.length) + CHARTS.length) % CHARTS.length]!);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Title run={run} width={width} extra={`${ensemble ? `${ensemble.runs} runs (grey: P5–P95), ` : ''}${run.scenario.events.length} event${run.scenario.events.length === 1 ? '' : 's'}`} />
      <Text> </Text>
      <Box>
        <Box width={kpiWidth} marginRight={2} flexDirection="column">
          <Table columns={ensemble ? BAND_COLUMNS : KPI_COLUMNS} rows={rows} width={kpiWidth} />
          {crossingsFit ? (
            <Box marginTop={crossingsGap}>
              <Table columns={ensemble ? CROSSING_BAND_COLUMNS : CROSSING_COLUMNS} rows={crossings} width={kpiWidth} />
            </Box>
          ) : null}
        </Box>
        <Box flexDirection="column" width={chartWidth}>
          {charts.map((c, i) => {
            const series: ChartSeries[] = [];
            const band = ensemble?.series[c.series[0]!];
            if (c.series.length === 1 && band && ensemble) {
              // An ensemble's P5 and P95 in grey around the nominal run.
              const x = Array.from(ensemble.times, (t) => t + startDay(run.scenario));
              series.push({ x, y: band.p5, slot: BASE_SLOT }, { x, y: band.p95, slot: BASE_SLOT });
            } else if (c.series.length === 1) {
              const base = seriesOf(run, c.series[0]!, BASE_SLOT, 'baseline');
              if (base && run.scenario.events.length > 0) series.push(base);
            }
            c.series.forEach((name, slot) => {
              const s = seriesOf(run, name, slot);
              if (s) series.push(s);
            });
            const unit = unitOf(run.scenario, c.series[0]!);
            const legend = c.series.length > 1 ? c.series.map((name, slot) => ({ label: c.legend?.[slot] ?? name, slot })) : series.some((x) => x.slot === BASE_SLOT) ? [{ label: ensemble ? 'P5–P95' : 'no events', slot: BASE_SLOT }] : [];
            return <Chart key={c.title} title={c.title} {...(unit !== undefined ? { unit } : {})} legend={legend} series={series} events={spans} width={chartWidth} height={plotHeight} highlight={i === 0} />;
          })}
        </Box>
      </Box>
    </Box>
  );
}
