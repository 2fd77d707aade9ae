import { describe, expect, it } from 'vitest';
import { barChart, heatmapGrid, shade } from '../../src/ui/chart.js';
import { width } from '../../src/ui/term.js';

describe('barChart', () => {
  it('scales bars to the largest value, eight levels per row', () => {
    expect(barChart([0, 4, 8, 1], { height: 2, maxWidth: 80 })).toEqual([
      '8 ┤    █', //
      '  │  █ █ ▂',
      '0 └────────',
    ]);
  });

  it('shows a non-zero value however small, and zero as nothing', () => {
    const [row] = barChart([1000, 1, 0], { height: 1, maxWidth: 80 });
    expect(row).toBe('1000 ┤█ ▁');
  });

  it('packs bars together when two columns each would not fit', () => {
    const lines = barChart(
      Array.from({ length: 30 }, (_, i) => i),
      { height: 3, maxWidth: 40, labels: [{ at: 0, text: 'today' }] },
    );
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(40);
    expect(lines[0]).toMatch(/^29 ┤/);
    expect(lines.at(-2)).toBe(` 0 └${'─'.repeat(30)}`);
  });

  it('places labels by display width and drops one that would overlap', () => {
    const lines = barChart([1, 1, 1, 1], {
      height: 1,
      maxWidth: 80,
      labels: [
        { at: 0, text: '今天' },
        { at: 1, text: '+1' },
        { at: 3, text: '+3' },
      ],
    });
    // '今天' is four columns wide, so '+1' (two columns later) would overlap it.
    expect(lines.at(-1)).toBe('   今天  +3');
  });
});

describe('heatmapGrid', () => {
  it('draws one row per weekday, one column per week, blank after the last day', () => {
    const counts = [0, 1, 2, 3, 4, 0, 0, 4, 4];
    const lines = heatmapGrid(counts, { dayNames: ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'], maxWidth: 80 });
    expect(lines).toEqual(['Mo · █', 'Tu ░ █', 'We ▒', 'Th ▓', 'Fr █', 'Sa ·', 'Su ·']);
  });

  it('aligns the grid after wide (Chinese) weekday names', () => {
    const lines = heatmapGrid([1, 1, 1, 1, 1, 1, 1], {
      dayNames: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
      maxWidth: 80,
    });
    for (const l of lines) expect(width(l)).toBe(6);
  });

  it('puts labels over their week columns', () => {
    const lines = heatmapGrid(new Array(21).fill(1), {
      dayNames: ['M', 'T', 'W', 'T', 'F', 'S', 'S'],
      maxWidth: 80,
      labels: [{ at: 2, text: 'Mar' }],
    });
    expect(lines[0]).toBe('      Mar');
    expect(lines[1]).toBe('M █ █ █');
  });

  it('shades relative to the busiest day', () => {
    expect([0, 1, 25, 26, 50, 51, 99, 100].map((n) => shade(n, 100))).toEqual(['·', '░', '░', '▒', '▒', '▓', '█', '█']);
  });
});
