// The report: one session with the clock a year ahead, then study on the right clock,
// gave 45 new cards in one day with a limit of 20. Sessions driven through the store and the
// session engine, as `study` drives them.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Card } from '../../src/core/deck.js';
import { StudySession } from '../../src/core/session.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { tmp } from '../helpers.js';

it('a session a year ahead, then today: today still gets exactly its 20 new cards, and no more', () => {
  const data = join(tmp(), 'data');
  const cards = Array.from({ length: 80 }, (_, i) => ({ id: `c${i}`, deckId: 'm' }) as Card);
  /** Answers Easy to everything the session offers at `now`; returns how many cards it offered. */
  const session = (now: Date) => {
    const store = ProgressStore.open(data, 'u', { create: true, device: 'laptop' });
    const s = new StudySession({
      cards,
      progress: store.progress,
      recent: store.recent,
      settings: store.settings,
      fuzzSeed: null,
      now,
    });
    let n = 0;
    for (let id = s.next(now); id !== undefined && n < 200; id = s.next(now), n++) {
      store.append(...s.grade(4, now, () => store.newEventId(now)).events);
    }
    store.saveSnapshot();
    store.close();
    return n;
  };
  // The store keeps its recent window against the real clock, so "today" is the real day (10:00 UTC).
  const DAY = 86_400_000;
  const today = new Date(Math.floor(Date.now() / DAY) * DAY + 10 * 3_600_000);
  expect(session(new Date(today.getTime() + 365 * 86_400_000))).toBe(20);
  expect(session(today)).toBe(20);
  expect(session(new Date(today.getTime() + 3_600_000))).toBe(0);
});
