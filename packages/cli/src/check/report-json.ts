import { SCHEMA_VERSION } from '../output/records.js';
import type { Comparison } from './compare.js';
import { byDrift, byVariable } from './drift.js';
import type { CheckResult } from './result.js';
import { passed } from './result.js';

/** The drift report for programs: every drifted point, every expectation, with numbers in full. */
export function driftJson(result: CheckResult): string {
  const variables = result.scenarios.flatMap((s) => byVariable(s.comparisons));
  const drifted = byDrift(variables.filter((v) => !v.ok));
  const doc = {
    schemaVersion: SCHEMA_VERSION,
    ok: passed(result),
    seconds: round(result.seconds),
    scenarios: result.scenarios.map((s) => ({
      name: s.name,
      file: s.file,
      seconds: round(s.seconds),
      compared: s.comparisons.length,
      drifted: s.comparisons.filter((c) => !c.ok).length,
    })),
    drift: drifted.map((v) => ({
      scenario: v.scenario,
      variable: v.variable,
      kind: v.kind,
      compared: v.compared,
      drifted: v.drifted,
      worst: point(v.worst),
      points: v.failing.map(point),
    })),
    staleGoldens: result.orphans,
    expectations: result.expectations.map((o) => ({
      name: o.expectation.name ?? null,
      description: o.expectation.description,
      scenario: o.expectation.subject.scenario,
      ok: o.ok,
      expected: o.expected,
      found: o.found,
      actual: finite(o.actual),
      ...(o.date !== undefined ? { date: o.date, day: o.day } : {}),
      ...(o.points !== undefined ? { held: o.held, points: o.points } : {}),
      location: `${o.expectation.file}:${o.expectation.line}:${o.expectation.column}`,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function point(c: Comparison): Record<string, unknown> {
  return {
    ...(c.kind === 'series' ? { date: c.date, day: c.day } : {}),
    expected: finite(c.expected),
    actual: finite(c.actual),
    presence: c.presence,
    absDiff: finite(c.abs),
    relDiff: finite(c.rel),
    rtol: c.tolerance.rtol,
    atol: c.tolerance.atol,
    unit: c.unit ?? null,
    driftOverTolerance: finite(c.ratio),
  };
}

function finite(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
