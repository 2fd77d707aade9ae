// What is left and when the next card comes: the estimate from the user's own answer times, and
// the next due time the summary and "nothing to study" print.
import { describe, expect, it } from 'vitest';
import { nextDue } from '../../src/core/next-due.js';
import type { CardProgress, ProgressEvent, ProgressMap, StoredState } from '../../src/core/progress.js';
import { msPerAnswer, timeLeftMs } from '../../src/core/time-left.js';

const NOW = new Date('2026-03-10T10:00:00Z');
const TOMORROW = new Date('2026-03-11T04:00:00Z');

function review(ms: number | undefined, i: number): ProgressEvent {
  const after: StoredState = { due: NOW.toISOString(), s: 1, d: 5, reps: 1, lapses: 0, state: 2, step: 0, sched: 1 };
  return {
    id: `e${i}`,
    t: NOW.toISOString(),
    card: `c${i}`,
    type: 'review',
    rating: 3,
    before: null,
    after,
    ...(ms ? { ms } : {}),
  };
}

describe('time left', () => {
  it('follows the median of the user’s answer times, long pauses capped at a minute', () => {
    const events = [4000, 6000, 8000, 600_000, 5000].map(review);
    // Sorted: 4, 5, 6, 8, 60 (capped) seconds: the median is 6 s.
    expect(msPerAnswer(events)).toBe(6000);
    expect(msPerAnswer([review(undefined, 0)])).toBe(12_000);
  });

  it('counts a new card once per learning step, a review or learning card once', () => {
    expect(timeLeftMs({ new: 2, learning: 1, review: 3 }, 10_000, 2)).toBe((3 + 1 + 2 * 2) * 10_000);
    expect(timeLeftMs({ new: 2, learning: 0, review: 0 }, 10_000, 0)).toBe(2 * 10_000);
  });
});

describe('next due', () => {
  const state = (due: string, s = 2): StoredState => ({
    due,
    s: 3,
    d: 5,
    reps: 2,
    lapses: 0,
    state: s as 1 | 2,
    step: 0,
    sched: 3,
  });
  const p = (x: Partial<CardProgress>): CardProgress => x as CardProgress;

  it('is the earliest due time after now, the end of a burial, or tomorrow for new and held-back cards; never a suspended card', () => {
    const progress: ProgressMap = new Map([
      ['later', p({ fsrs: state('2026-03-10T14:35:00Z', 1) })],
      ['week', p({ fsrs: state('2026-03-17T04:00:00Z') })],
      ['held', p({ fsrs: state('2026-03-09T04:00:00Z') })],
      ['gone', p({ fsrs: state('2026-03-10T11:00:00Z'), suspended: true })],
      ['buried', p({ fsrs: state('2026-03-10T12:00:00Z'), buriedUntil: '2026-03-12T04:00:00Z' })],
    ]);
    expect(nextDue(['later', 'week'], progress, NOW, TOMORROW)?.toISOString()).toBe('2026-03-10T14:35:00.000Z');
    expect(nextDue(['week', 'held'], progress, NOW, TOMORROW)).toEqual(TOMORROW);
    expect(nextDue(['week', 'new-card'], progress, NOW, TOMORROW)).toEqual(TOMORROW);
    expect(nextDue(['buried', 'week'], progress, NOW, TOMORROW)?.toISOString()).toBe('2026-03-12T04:00:00.000Z');
    expect(nextDue(['gone'], progress, NOW, TOMORROW)).toBeNull();
  });
});
