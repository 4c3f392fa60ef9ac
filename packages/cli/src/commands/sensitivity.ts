import { describeDistribution, nearest, rankSensitivity, resultInfo, resultNames, tornado } from '@corridor/engine';
import type { ResolvedScenario } from '@corridor/engine';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { ensemblesOf } from '../load/ensemble.js';
import { loadAll } from '../load/many.js';
import { finiteOrNull, SCHEMA_VERSION } from '../output/records.js';
import { rankText, tornadoText, wrap } from '../sensitivity/text.js';

export interface SensitivityOptions {
  kpi: string;
  runs?: number;
  seed?: number;
  workers?: number;
  format?: 'table' | 'json';
}

/** Runs of the ranking when the scenario is a single run and --runs is not given. */
export const DEFAULT_RUNS = 500;

/**
 * Which uncertain parameters move a KPI (or a first-crossing day) most: the one-at-a-time
 * tornado, then the rank correlations of an ensemble in which all of them vary at once.
 */
export async function sensitivityCommand(file: string, options: SensitivityOptions, ctx: Context): Promise<number> {
  const [loaded] = loadAll([file]);
  if (loaded === undefined) return EXIT.ok;
  const scenario = loaded.scenario;
  const names = resultNames(scenario);
  if (!names.includes(options.kpi)) {
    const guess = nearest(options.kpi, names);
    throw new CliError(`--kpi ${options.kpi}: not a KPI or crossing of ${scenario.file}${guess !== undefined ? `; did you mean ${guess}?` : ''} (one of: ${names.join(', ')})`);
  }
  if (scenario.uncertain.length === 0) {
    const skipped = scenario.uncertainSkipped.length > 0 ? ` (${scenario.uncertainSkipped.map((s) => s.name).join(', ')} change over time in it)` : '';
    throw new CliError(`${scenario.file} has no uncertain parameters${skipped}: give distributions in an uncertainty block of the scenario or of its model (see docs/model.md)`);
  }

  const { runs, runsFrom, runsNote } = runsOf(scenario, options.runs);
  const s: ResolvedScenario = { ...scenario, ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  const info = resultInfo(s, options.kpi)!;
  const bars = tornado(s, options.kpi);
  const [ensemble] = await ensemblesOf([s], { runs, ...(options.workers !== undefined ? { workers: options.workers } : {}) }, ctx);
  const rank = rankSensitivity(ensemble!.scenario, ensemble!.part, options.kpi);

  const format = options.format ?? (ctx.stdoutIsTTY ? 'table' : 'json');
  if (format === 'json') {
    const json = {
      schemaVersion: SCHEMA_VERSION,
      scenario: { file: s.file, question: s.question ?? null, start: s.start, horizon: s.horizon, seed: s.seed },
      kpi: options.kpi,
      unit: info.unit,
      description: info.description,
      method: 'tornado: each parameter at its P5 and P95, the others at their medians (run index 0); ranking: Spearman and standardised rank regression coefficients over the ensemble (a first-time result that never comes ranks after every run that gets there)',
      base: finiteOrNull(bars.base),
      bars: bars.bars.map((b) => ({
        name: b.name,
        unit: b.unit ?? null,
        low: { quantile: 0.05, input: b.low.input, value: finiteOrNull(b.low.value) },
        high: { quantile: 0.95, input: b.high.input, value: finiteOrNull(b.high.value) },
        swing: finiteOrNull(b.swing),
        swingAtLeast: b.swingAtLeast,
      })),
      // A first-time result that never comes within the horizon: its value is null, and it is
      // counted as this day (a lower bound) in the swings and as later than any day in the ranking.
      never: bars.never ?? null,
      runs,
      runsFrom,
      sampling: s.sampling,
      runsWithValue: rank.runs - rank.censored,
      runsRanked: rank.runs,
      runsNever: rank.censored,
      r2: rank.r2,
      rank: rank.rows,
      parameters: s.uncertain.map((u) => ({ name: u.name, unit: u.unit ?? null, distribution: describeDistribution(u.distribution), file: u.file })),
      skipped: s.uncertainSkipped,
    };
    ctx.out(`${JSON.stringify(json, null, 2)}\n`);
    return EXIT.ok;
  }

  const head = `${ctx.outStyle.bold(wrap(s.file))}\n${s.question ? `${wrap(s.question)}\n` : ''}${ctx.outStyle.dim(wrap(`${options.kpi}: ${info.description}; seed ${s.seed}`, '  '))}\n\n`;
  const skipped = s.uncertainSkipped.length > 0 ? `\n${ctx.outStyle.dim(wrap(`Not varied (they change over time in this scenario): ${s.uncertainSkipped.map((x) => x.name).join(', ')}`, '  '))}\n` : '';
  ctx.out(`${head}${tornadoText({ kpi: options.kpi, unit: info.unit, tornado: bars, style: ctx.outStyle })}\n${rankText({ rank, runs, runsNote, sampling: s.sampling, style: ctx.outStyle })}${skipped}`);
  return EXIT.ok;
}

function runsOf(s: ResolvedScenario, option: number | undefined): { runs: number; runsFrom: 'option' | 'scenario' | 'default'; runsNote: string } {
  if (option !== undefined) return { runs: option, runsFrom: 'option', runsNote: 'set by --runs' };
  if (s.runs > 1) return { runs: s.runs, runsFrom: 'scenario', runsNote: "the scenario's runs" };
  return { runs: DEFAULT_RUNS, runsFrom: 'default', runsNote: 'the default for a one-run scenario (--runs)' };
}
