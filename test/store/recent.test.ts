import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEvents } from '../../src/core/progress.js';
import { appendRecent, trimRecent } from '../../src/store/recent.js';
import { BASE, eventsArb, review } from '../fixtures/store/events.js';

const HOUR = 3_600_000;

describe('recent window', () => {
  it('keeps the events of the 48 hours before the newest, each id once, in order', () => {
    const old = review('old', BASE, 'x', 1);
    const edge = review('edge', BASE + HOUR, 'x', 2);
    const a = review('a', BASE + 49 * HOUR, 'y', 3);
    const b = review('b', BASE + 2 * HOUR, 'z', 4);
    expect(trimRecent([a, old, b, edge, a]).map((e) => e.id)).toEqual(['edge', 'b', 'a']);
    expect(trimRecent([])).toEqual([]);
  });

  it('appending gives the window a full trim would give (property)', () => {
    fc.assert(
      fc.property(eventsArb(40), fc.nat(40), (events, cut) => {
        const at = cut % (events.length + 1);
        const window = trimRecent(events.slice(0, at));
        const appended = appendRecent(window, events.slice(at));
        expect(appended).toEqual(trimRecent(events));
        expect([...appended].sort(compareEvents)).toEqual(appended);
      }),
      { numRuns: 200 },
    );
  });
});
