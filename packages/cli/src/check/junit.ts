import { byVariable } from './drift.js';
import type { VariableDrift } from './drift.js';
import type { Outcome } from './expectations/model.js';
import { presenceNote, timeCell, toleranceCell } from './format-cells.js';
import { reportNumber } from './number-text.js';
import type { CheckResult } from './result.js';

/**
 * JUnit XML for CI dashboards: one testsuite per scenario, one testcase per variable compared
 * with its golden and per expectation about the scenario; drift and failed expectations are
 * failures with a message. Stale goldens make a suite of their own.
 */
export function junitXml(result: CheckResult): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const s of result.scenarios) {
    const variables = byVariable(s.comparisons);
    const outcomes = result.expectations.filter((o) => o.expectation.subject.scenario === s.name);
    const cases = [...variables.map((v) => variableCase(s.name, v)), ...outcomes.map((o) => expectationCase(s.name, o))];
    const failed = variables.filter((v) => !v.ok).length + outcomes.filter((o) => !o.ok).length;
    tests += cases.length;
    failures += failed;
    suites.push(suite(s.name, cases, failed, s.seconds, s.file));
  }
  if (result.orphans.length > 0) {
    const cases = result.orphans.map((name) =>
      testcase('stale-goldens', name, failure(`no scenario ${name}`, `${result.goldenDir}/${name}.kpis.csv and .series.csv have no scenario; run corridor check --update to remove them`, 'stale')),
    );
    tests += cases.length;
    failures += cases.length;
    suites.push(suite('stale-goldens', cases, cases.length, 0));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="corridor check" tests="${tests}" failures="${failures}" errors="0" time="${seconds(result.seconds)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(name: string, cases: readonly string[], failed: number, time: number, file?: string): string {
  const fileAttr = file !== undefined ? ` file="${attr(file)}"` : '';
  return [`  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(time)}"${fileAttr}>`, ...cases, '  </testsuite>'].join('\n');
}

function variableCase(scenario: string, v: VariableDrift): string {
  const name = `${v.kind === 'kpi' ? 'kpi' : 'series'} ${v.variable}`;
  if (v.ok) return testcase(scenario, name);
  const c = v.worst;
  const note = presenceNote(c);
  const message = note
    ? `${v.variable} at ${timeCell(c)}: ${note}`
    : `${v.variable} drifted${c.kind === 'kpi' ? '' : ` at ${timeCell(c)}`}: expected ${reportNumber(c.expected)}, found ${reportNumber(c.actual)} (${toleranceCell(c.tolerance, c.unit)})`;
  const detail = v.failing
    .map((p) => `${timeCell(p)}: expected ${reportNumber(p.expected)}, actual ${reportNumber(p.actual)}${presenceNote(p) ? ` (${presenceNote(p)})` : ''}`)
    .join('\n');
  return testcase(scenario, name, failure(message, `${v.drifted} of ${v.compared} points outside tolerance\n${detail}`, 'drift'));
}

function expectationCase(scenario: string, o: Outcome): string {
  const e = o.expectation;
  const name = `expectation: ${e.name ?? e.description}`;
  if (o.ok) return testcase(scenario, name);
  return testcase(scenario, name, failure(`expected ${o.expected}, found ${o.found}`, `${e.description}\nat ${e.file}:${e.line}:${e.column}`, 'expectation'));
}

function testcase(classname: string, name: string, body?: string): string {
  const head = `    <testcase classname="${attr(classname)}" name="${attr(name)}" time="0"`;
  return body === undefined ? `${head}/>` : `${head}>\n${body}\n    </testcase>`;
}

function failure(message: string, detail: string, type: string): string {
  return `      <failure message="${attr(message)}" type="${type}">${text(detail)}</failure>`;
}

function seconds(s: number): string {
  return s.toFixed(3);
}

/** XML 1.0 allows no control characters but tab and line breaks, escaped or not. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
