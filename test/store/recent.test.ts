import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEvents, type ProgressEvent } from '../../src/core/progress.js';
import { appendRecent, RECENT_MS, trimRecent } from '../../src/store/recent.js';
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

  it('a session written a year ahead does not push out today’s events (today’s limits still count them)', () => {
    const now = BASE + 100 * HOUR;
    const ahead = review('ahead', now + 365 * 24 * HOUR, 'x', 1);
    const today = review('today', now - HOUR, 'y', 2);
    const yesterday = review('old', now - 60 * HOUR, 'z', 3);
    expect(trimRecent([ahead, today, yesterday], now).map((e) => e.id)).toEqual(['today', 'ahead']);
    // The same when today's answer is appended after the window already holds the future one.
    expect(appendRecent(trimRecent([ahead], now), [today], now).map((e) => e.id)).toEqual(['today', 'ahead']);
    // Without a clock ahead, nothing changes: 48 hours before the newest event.
    expect(trimRecent([today, yesterday], now + 365 * 24 * HOUR).map((e) => e.id)).toEqual(['today']);
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

/** The window as trimRecent made it before it knew a window read back needs no sort. */
function trimBySort(events: ProgressEvent[], now: number): ProgressEvent[] {
  if (events.length === 0) return [];
  let max = '';
  for (const e of events) if (e.t > max) max = e.t;
  const cutoff = new Date(Math.min(Date.parse(max), now) - RECENT_MS).toISOString();
  const byId = new Map<string, ProgressEvent>();
  for (const e of events) if (e.t >= cutoff) byId.set(e.id, e);
  return [...byId.values()].sort(compareEvents);
}

describe('recent window read back', () => {
  it('is the window a sort would give, whether or not the events are already one (property)', () => {
    let cut = 0;
    fc.assert(
      fc.property(eventsArb(40), fc.integer({ min: 0, max: 500 }), (minutes, hours) => {
        // A minute apart becomes ten hours apart: the 48-hour cut falls inside the events.
        const events = minutes.map((e) => ({ ...e, t: new Date(BASE + (Date.parse(e.t) - BASE) * 600).toISOString() }));
        const now = BASE + hours * HOUR;
        const window = trimBySort(events, now);
        if (window.length < events.length) cut++;
        expect(trimRecent(events, now)).toEqual(trimBySort(events, now));
        // A window in order (as the snapshot holds it), then trimmed again later.
        expect(trimRecent(window, now + 30 * HOUR)).toEqual(trimBySort(window, now + 30 * HOUR));
        // Out of order or with an id twice: still sorted, each id once.
        const doubled = [...window, ...window.slice(0, 2)];
        expect(trimRecent(doubled, now)).toEqual(trimBySort(doubled, now));
      }),
      { numRuns: 300 },
    );
    expect(cut).toBeGreaterThan(30);
  });
});
