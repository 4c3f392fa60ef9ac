import { Command, InvalidArgumentError, Option } from 'commander';
import type { Context } from './context.js';
import { FORMATS } from './output/format.js';
import type { Format } from './output/format.js';

/**
 * The command line: names, options, help and examples. Actions import their command's module
 * when they run (see main.ts for why). `result.code` receives the action's exit code.
 */
export function buildProgram(ctx: Context, result: { code: number }): Command {
  const program = new Command('corridor')
    .description('Scenario simulation of blockades of the trade corridors that feed Mali.')
    .version(ctx.version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)')
    .exitOverride()
    .configureOutput({
      writeOut: ctx.out,
      writeErr: ctx.err,
      getOutHasColors: () => ctx.outStyle.enabled,
      getErrHasColors: () => ctx.errStyle.enabled,
    })
    .addHelpText(
      'after',
      `
Examples:
  $ corridor list
  $ corridor run scenarios/dakar-corridor-closed-60d.yaml
  $ corridor compare scenarios/baseline.yaml scenarios/dakar-corridor-closed-60d.yaml

Output: data on stdout, messages on stderr. --format table|json|ndjson|csv; the default is a
table on a terminal and JSON when stdout is a pipe or a file.

Exit codes: 0 ok, 1 a check failed, 2 bad usage or input, 3 internal error (a bug: please report it).
Environment: NO_COLOR (no colour), CORRIDOR_DEBUG=1 (stack traces of internal errors),
CORRIDOR_CACHE_DIR (where compiled models are kept; default ~/.cache/corridor; not used if
others can write to it), CORRIDOR_NO_CACHE=1.`,
    );

  const formatOption = (): Option =>
    new Option('--format <format>', 'output format (default: table on a terminal, json otherwise)').choices(FORMATS);

  program
    .command('ui')
    .description('the terminal UI: pick a scenario, read its dashboard, compare, try what-ifs (needs a terminal)')
    .argument('[scenarios...]', 'scenario files: one opens its dashboard, several open compare')
    .option('--dir <dir>', 'where the list of scenarios comes from', 'scenarios')
    .addHelpText('after', '\nExamples:\n  $ corridor ui\n  $ corridor ui scenarios/dakar-corridor-closed-60d.yaml\n\nKeys: ? for help, q to quit. See docs/ui.md.')
    .action(async (files: string[], options: { dir: string }) => {
      (await import('./ui/terminal.js')).requireTerminal();
      const { uiCommand } = await importUi();
      result.code = await uiCommand(files, options, ctx);
    });

  // `corridor` alone opens the UI on a terminal; anywhere else it prints help: a script that
  // forgot its subcommand should fail, not wait for keys.
  program.usage('[options] [command]').argument('[command]').action(async (command: string | undefined) => {
    if (command !== undefined) {
      program.error(`unknown command '${command}'`, { code: 'commander.unknownCommand', exitCode: 2 });
    }
    // Checked before Ink is loaded: printing the help should not cost loading React.
    const { canDraw } = await import('./ui/terminal.js');
    if (!canDraw()) {
      program.outputHelp({ error: true });
      result.code = 2;
      return;
    }
    const { uiCommand } = await importUi();
    result.code = await uiCommand([], { dir: 'scenarios' }, ctx);
  });

  program
    .command('list')
    .description('list the scenario files in a directory and the question each answers')
    .argument('[dir]', 'directory to search, with its subdirectories', 'scenarios')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExample:\n  $ corridor list scenarios --format json')
    .action(async (dir: string, options: { format: 'table' | 'json' }) => {
      const { listCommand } = await import('./commands/list.js');
      result.code = await listCommand(dir, options, ctx);
    });

  program
    .command('validate')
    .description('check scenario and model files; every problem as file:line:col: message')
    .argument('<files...>', 'scenario files (with the files they extend and their model) or model files')
    .addOption(new Option('--format <format>', 'text on stderr, or json on stdout').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExample:\n  $ corridor validate scenarios/*.yaml scenarios/model/mali-corridors.yaml\n\nExit code 2 when any file has a problem.')
    .action(async (files: string[], options: { format: 'text' | 'json' }) => {
      const { validateCommand } = await import('./commands/validate.js');
      result.code = await validateCommand(files, options, ctx);
    });

  program
    .command('run')
    .description('run scenarios and print their key outputs (KPIs)')
    .argument('<scenarios...>', 'scenario files')
    .option('--seed <n>', "random seed for every scenario (default: each scenario's own)", wholeNumber(0))
    .option('--runs <n>', "runs per scenario (default: each scenario's runs:); more than 1 runs an ensemble and prints P5–P95", wholeNumber(1))
    .option('--workers <n>', WORKERS_HELP, wholeNumber(1))
    .option('--shard <K/N>', "run only shard K of N of each ensemble and write a shard file for 'corridor merge' (auto/N: K from JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX, 0-based)")
    .addOption(formatOption())
    .option('--out <dir>', 'also write series.csv, kpis.json and manifest.json into DIR (created if needed); with --shard, the shard file (DIR or FILE.json)')
    .addHelpText(
      'after',
      `
Examples:
  $ corridor run scenarios/dakar-corridor-closed-60d.yaml
  $ corridor run scenarios/baseline.yaml scenarios/kayes-nioro-blockade.yaml --format json
  $ corridor run scenarios/baseline.yaml --format csv > series.csv
  $ corridor run scenarios/bamako-fuel-blockade-2025.yaml --seed 7 --out out/fuel
  $ corridor run scenarios/bamako-fuel-blockade-2025.yaml --runs 2000 --workers 2
  $ corridor run scenarios/bamako-fuel-blockade-2025.yaml --runs 100000 --shard 3/8 --out parts/

csv is the saved output series in long form: scenario,variable,date,day,value; for an ensemble,
scenario,variable,date,day,p5,p25,p50,p75,p95. The output is the same for any --workers, and
'corridor merge' of every shard prints what the whole run prints. See docs/scale.md.`,
    )
    .action(async (files: string[], options: { seed?: number; runs?: number; workers?: number; shard?: string; format?: Format; out?: string }) => {
      const { runCommand } = await import('./commands/run.js');
      result.code = await runCommand(files, options, ctx);
    });

  program
    .command('merge')
    .description("join the shard files of an ensemble ('corridor run --shard K/N') and print what the whole run prints")
    .argument('<shards...>', 'shard files, one of each shard 1..N, in any order')
    .addOption(formatOption())
    .option('--out <dir>', 'also write series.csv, kpis.json and manifest.json into DIR (created if needed)')
    .addHelpText(
      'after',
      `
Example:
  $ for k in 1 2 3 4; do corridor run scenarios/bamako-fuel-blockade-2025.yaml --runs 4000 --shard $k/4 --out parts/; done
  $ corridor merge parts/*.json --format json > ensemble.json

Shards of another scenario, seed, run count, model or version, a shard missing or given twice,
and a damaged file are refused (exit 2). See docs/scale.md.`,
    )
    .action(async (files: string[], options: { format?: Format; out?: string }) => {
      const { mergeCommand } = await import('./commands/merge.js');
      result.code = await mergeCommand(files, options, ctx);
    });

  program
    .command('compare')
    .description('KPIs of scenarios side by side with a baseline, with absolute and relative differences')
    .argument('<baseline>', 'the scenario to compare against')
    .argument('<scenarios...>', 'scenario files')
    .option('--seed <n>', "random seed for every scenario (default: each scenario's own)", wholeNumber(0))
    .option('--workers <n>', WORKERS_HELP, wholeNumber(1))
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nExample:\n  $ corridor compare scenarios/baseline.yaml scenarios/dakar-corridor-closed-60d.yaml scenarios/southern-corridor-cut.yaml\n\nA scenario with runs: more than 1 is run as an ensemble: its KPIs are medians with P5–P95,\nits first crossings dated at P5, P50 and P95 with the share of runs that never cross.',
    )
    .action(async (baseline: string, files: string[], options: { seed?: number; workers?: number; format?: Format }) => {
      const { compareCommand } = await import('./commands/compare.js');
      result.code = await compareCommand(baseline, files, options, ctx);
    });

  program
    .command('report')
    .description('a self-contained HTML report: the KPI table and charts of the key series, baseline against scenarios')
    .argument('<baseline>', 'the scenario to compare against')
    .argument('<scenarios...>', 'scenario files')
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--png <dir>', 'also write each chart as a PNG file in this directory')
    .option('--seed <n>', "random seed for every scenario (default: each scenario's own)", wholeNumber(0))
    .option('--workers <n>', WORKERS_HELP, wholeNumber(1))
    .addHelpText(
      'after',
      `
Example:
  $ corridor report scenarios/baseline.yaml scenarios/dakar-corridor-closed-60d.yaml scenarios/southern-corridor-cut.yaml --out report.html --png charts/

The page opens without a network (inline CSS and SVG, no script). --png writes one file per
chart, named after its series (fuel_days_cover.png, …). Nothing is written when an input is bad.
A scenario with runs: more than 1 is run as an ensemble: medians with P5–P95 in the KPI table,
P5–P95 and P25–P75 bands behind its median line on the charts (docs/report.md).`,
    )
    .action(async (baseline: string, files: string[], options: { out: string; png?: string; seed?: number; workers?: number }) => {
      const { reportCommand } = await import('./commands/report.js');
      result.code = await reportCommand(baseline, files, options, ctx);
    });

  program
    .command('sensitivity')
    .description('which uncertain parameters move a KPI most: a tornado (one at a time) and a ranking from an ensemble')
    .argument('<scenario>', 'scenario file')
    .requiredOption('--kpi <name>', 'the KPI, or a first-crossing name such as fuel_cover_below_1_day')
    .option('--runs <n>', "runs of the ensemble for the ranking (default: the scenario's runs, or 500 when it has one)", wholeNumber(10))
    .option('--seed <n>', "random seed (default: the scenario's own)", wholeNumber(0))
    .option('--workers <n>', WORKERS_HELP, wholeNumber(1))
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, json otherwise)').choices(['table', 'json']))
    .addHelpText(
      'after',
      `
Examples:
  $ corridor sensitivity scenarios/bamako-fuel-blockade-2025.yaml --kpi fuel_shortage_days
  $ corridor sensitivity scenarios/bamako-fuel-blockade-2025.yaml --kpi fuel_cover_below_1_day --runs 2000
  $ corridor sensitivity scenarios/dakar-corridor-closed-60d.yaml --kpi gold_output_loss_kg --format json

The tornado sets each uncertain parameter to its P5 and its P95 with the others at their
medians; the ranking gives Spearman's rho, standardised rank regression coefficients (SRRC)
and each one's share of the explained variance, with the regression's R². The uncertain
parameters are the model's uncertainty block with the scenario's on top.`,
    )
    .action(async (scenario: string, options: { kpi: string; runs?: number; seed?: number; workers?: number; format?: 'table' | 'json' }) => {
      const { sensitivityCommand } = await import('./commands/sensitivity.js');
      result.code = await sensitivityCommand(scenario, options, ctx);
    });

  program
    .command('explain')
    .description("where a parameter's value comes from, or what a variable is computed from")
    .argument('<scenario>', 'scenario file')
    .argument('<name>', 'a parameter, lookup table or variable of the model')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ corridor explain scenarios/bamako-fuel-blockade-2025.yaml kayes_capacity
  $ corridor explain scenarios/dakar-corridor-closed-60d.yaml fuel_days_cover`,
    )
    .action(async (scenario: string, name: string, options: { format: 'text' | 'json' }) => {
      const { explainCommand } = await import('./commands/explain.js');
      result.code = await explainCommand(scenario, name, options, ctx);
    });

  program
    .command('check')
    .description('re-run scenarios and compare their outputs with recorded goldens and written expectations')
    .argument('[scenarios...]', 'scenario files (default: every scenario under --scenarios-dir)')
    .option('--update', 'record the goldens of the scenarios anew (the only way they change) and print what changed')
    .option('--golden-dir <dir>', 'where the goldens are kept', 'tests/golden')
    .option('--tolerances <file>', 'tolerances (default: <golden-dir>/tolerances.yaml; rtol 1e-6, atol 1e-9 when there is none)')
    .option('--expectations <file>', 'written expectations (default: checks/expectations.yaml, when it exists)')
    .option('--scenarios-dir <dir>', 'where scenarios are found, by name, for expectations and the default set', 'scenarios')
    .addOption(new Option('--format <format>', 'report format').choices(['table', 'json']).default('table'))
    .option('--junit <file>', 'also write the results as JUnit XML to FILE (one testsuite per scenario)')
    .option('--limit <n>', 'rows of the drift table and of the changes --update lists (0: all)', wholeNumber(0), 20)
    .addHelpText(
      'after',
      `
Examples:
  $ corridor check
  $ corridor check --junit reports/corridor.xml
  $ corridor check scenarios/baseline.yaml --format json
  $ corridor check --update                     # after a change on purpose: review the diff of tests/golden/

Exit codes: 0 all within tolerance and every expectation holds; 1 drift or a failed expectation;
2 bad input (a missing golden, a malformed tolerances or expectations file). See docs/ci.md.`,
    )
    .action(async (files: string[], options: { update?: boolean; goldenDir: string; tolerances?: string; expectations?: string; scenariosDir: string; format: 'table' | 'json'; junit?: string; limit: number }) => {
      const { checkCommand } = await import('./commands/check.js');
      result.code = await checkCommand(files, options, ctx);
    });

  // Each command's errors name the command, so the hint points at the help that would have helped.
  for (const command of [program, ...program.commands]) {
    const path = command === program ? 'corridor' : `corridor ${command.name()}`;
    command.configureOutput({ outputError: (text, write) => write(oneLine(text, path)) });
  }
  return program;
}

/**
 * The UI's module, with React's production build: React picks its build from NODE_ENV when it
 * is first loaded, and its development build makes every frame several times slower.
 */
/** --workers, as every command that runs ensembles explains it. */
const WORKERS_HELP = 'threads for ensembles, this one included (default: every core, or 1 for a small ensemble; 1 runs in this thread alone)';

function importUi(): Promise<typeof import('./ui/launch.js')> {
  process.env.NODE_ENV ??= 'production';
  return import('./ui/launch.js');
}

/** Commander's messages can run over two lines ("… \n(Did you mean …?)"); a user's mistake gets one. */
function oneLine(text: string, path: string): string {
  const message = text
    .replace(/^error:\s*/i, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\.$/, '');
  return `${path}: ${message}; see '${path} --help'\n`;
}

function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`Expected a whole number of at least ${min}.`);
    return n;
  };
}
