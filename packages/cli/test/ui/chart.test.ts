import { describe, expect, it } from 'vitest';
import { dateAxis } from '../../src/ui/chart/axis.js';
import { eventRow, plot } from '../../src/ui/chart/braille.js';
import { niceStep, nudge } from '../../src/ui/state/knobs.js';
import type { Knob } from '../../src/ui/state/knobs.js';

describe('braille charts', () => {
  it('draws a rising line from the bottom-left dot to the top-right dot', () => {
    const p = plot([{ x: [0, 1, 2, 3], y: [0, 1, 2, 3], slot: 0 }], 2, 1);
    expect(p.rows).toHaveLength(1);
    // Dot 7 (bottom-left, 0x40) in the first cell, dot 4 (top-right, 0x08) in the last.
    expect(p.rows[0]!.codePointAt(0)! & 0x40).toBe(0x40);
    expect(p.rows[0]!.codePointAt(1)! & 0x08).toBe(0x08);
    expect(p.owner[0]).toEqual([0, 0]);
    expect([p.yMin, p.yMax]).toEqual([0, 3]);
  });

  it('joins a cliff with a vertical run of dots, so a convoy arriving reads as a line', () => {
    const p = plot([{ x: [0, 1], y: [0, 10], slot: 0 }], 1, 2);
    // One cell, two rows: the left column filled from the bottom up to the row below the top,
    // where the line steps into the right column's top dot (0x08).
    expect(p.rows.map((r) => r.codePointAt(0)! - 0x2800)).toEqual([0x08 | 0x02 | 0x04 | 0x40, 0x01 | 0x02 | 0x04 | 0x40]);
  });

  it('puts a flat series in the middle of a padded range, and leaves empty cells blank', () => {
    const p = plot([{ x: [0, 10], y: [5, 5], slot: 1 }], 4, 3);
    expect(p.yMin).toBeLessThan(5);
    expect(p.yMax).toBeGreaterThan(5);
    expect(p.rows[0]).toBe('    ');
    expect(p.rows[1]!.trim()).not.toBe('');
    expect(p.owner[1]!.every((o) => o === 1)).toBe(true);
  });

  it('marks event periods and one-day events on the events row', () => {
    expect(eventRow([{ from: 10, to: 20 }], 11, 0, 100)).toBe(' ━━        ');
    expect(eventRow([{ from: 50, to: 50.5 }], 11, 0, 100)).toBe('     │     ');
    // Open-ended: to the end of the chart.
    expect(eventRow([{ from: 80 }], 11, 0, 100)).toBe('        ━━━');
  });

  it('writes dates under the chart: first and last, and the middle when there is room', () => {
    const start = Date.UTC(2025, 8, 1) / 86_400_000;
    expect(dateAxis(start, start + 120, 26)).toBe('2025-09-01      2025-12-30');
    expect(dateAxis(start, start + 120, 40)).toBe('2025-09-01     2025-10-31     2025-12-30');
    expect(dateAxis(start, start + 120, 12)).toBe('2025-09-01  ');
  });
});

describe('what-if steps', () => {
  it('are 1, 2 or 5 times a power of ten', () => {
    expect([0.08, 0.3, 345, 14, 4000].map(niceStep)).toEqual([0.1, 0.2, 200, 10, 5000]);
  });

  it('stay in range and free of floating-point dust', () => {
    const knob = { step: 0.1, min: 0, max: 1 } as Knob;
    expect(nudge(knob, 0.7, 1)).toBe(0.8);
    expect(nudge(knob, 1, 1)).toBe(1);
    expect(nudge(knob, 0.05, -1)).toBe(0);
  });
});
