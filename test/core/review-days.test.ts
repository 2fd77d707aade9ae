import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, ReviewEvent } from '../../src/core/progress.js';
import { addToReviewDays, reviewDays, studyDays } from '../../src/core/review-days.js';
import { BASE, eventsArb, review, state } from '../fixtures/store/events.js';

const DAY = 86_400_000;
/** Study days as UTC days shifted by a 4 o'clock start. */
const dayOf = (ms: number) => Math.floor((ms - 4 * 3_600_000) / DAY);
const rev = (id: string, ms: number, n: number, extra: Partial<ReviewEvent>): ReviewEvent => ({
  ...(review(id, ms, 'x', n) as ReviewEvent),
  ...extra,
});
const count = (events: ProgressEvent[]) => reviewDays(events, 4, 'UTC', dayOf);
const undone = (d: { undone: string[] }) => new Set(d.undone);

describe('review totals per study day', () => {
  it('count reviews, Again, capped time and mature passes per day, leaving out cram and undone reviews', () => {
    const mature = { ...state(30), state: 2 as const, sched: 30 };
    const events: ProgressEvent[] = [
      rev('a', BASE, 0, { rating: 1, ms: 2000 }),
      rev('b', BASE + 60_000, 1, { rating: 3, before: mature, ms: 3_600_000 }),
      rev('c', BASE + 120_000, 2, { rating: 1, before: mature }),
      review('cram', BASE + 180_000, 'x', 3, { cram: true }),
      review('gone', BASE + DAY, 'x', 4),
      {
        id: 'u',
        t: new Date(BASE + DAY + 1000).toISOString(),
        type: 'undo',
        card: 'x',
        target: 'gone',
        restore: { fsrs: null, suspended: false },
      },
    ];
    const d = count(events);
    expect(d.days).toEqual({
      [String(dayOf(BASE))]: { reviews: 3, again: 2, ms: 2000 + 5 * 60_000 + 1002, mature: 2, passed: 1 },
    });
    expect(studyDays(d)).toEqual(new Set([dayOf(BASE)]));
  });

  it('adding events chunk by chunk gives the totals of counting them all at once (property)', () => {
    let runs = 0;
    let exact = 0;
    fc.assert(
      fc.property(eventsArb(60), fc.array(fc.nat(60), { maxLength: 4 }), (events, cuts) => {
        const bounds = [...new Set([...cuts.map((c) => c % (events.length + 1)), events.length])].sort((a, b) => a - b);
        let agg = count([]);
        let from = 0;
        let recounts = 0;
        for (const to of bounds) {
          const seen = events.slice(0, from);
          // As the store does: an undo of something not at hand means a recount of what is there.
          if (!addToReviewDays(agg, events.slice(from, to), dayOf, (id) => seen.find((e) => e.id === id))) {
            agg = count(events.slice(0, to));
            recounts++;
          }
          from = to;
        }
        runs++;
        if (recounts === 0) exact++;
        const all = count(events);
        expect(agg.days).toEqual(all.days);
        expect(undone(agg)).toEqual(undone(all));
      }),
      { numRuns: 300 },
    );
    // Most histories must have been added to without a recount, or the property says little.
    expect(exact).toBeGreaterThan(runs / 2);
  });

  it('asks for a recount when an undo names an event it cannot find', () => {
    const agg = count([review('r', BASE, 'x', 1)]);
    const undo: ProgressEvent = {
      id: 'u',
      t: new Date(BASE + 5000).toISOString(),
      type: 'undo',
      card: 'x',
      target: 'old',
      restore: { fsrs: null, suspended: false },
    };
    expect(addToReviewDays(agg, [undo], dayOf, () => undefined)).toBe(false);
  });
});
