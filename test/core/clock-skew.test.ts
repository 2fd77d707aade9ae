// Clock skew is a normal event: property tests over random clocks, device interleavings and
// grades. Devices keep their own view of the history (their log plus what they last synced),
// answer what their queue offers at their own clock, and are synced in random order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/deck.js';
import { foldEvents, type ProgressEvent, type Rating, type ReviewEvent } from '../../src/core/progress.js';
import { buildQueue, Session, todayCounts } from '../../src/core/queue.js';
import { createScheduler, DEFAULT_SETTINGS, replayWith, type Settings } from '../../src/core/scheduler.js';
import { gradeCard } from '../../src/core/study.js';
import { nextDayStart } from '../../src/core/time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-03-07T20:00:00.000Z'); // the night before New York's DST change
const settings: Settings = { ...DEFAULT_SETTINGS, new_per_day: 3, reviews_per_day: 6, timezone: 'America/New_York' };
const cards: Card[] = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, deckId: 'd' }) as Card);

interface Step {
  device: number;
  /** Real time passing before this step (minutes). */
  advance: number;
  /** Change of this device's clock offset (hours; big jumps include a year either way). */
  jump: number;
  rating: Rating;
  /** Sync every device's view with all logs before this step. */
  sync: boolean;
}

const stepArb = fc.record({
  device: fc.integer({ min: 0, max: 2 }),
  advance: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 60, max: 3 * 24 * 60 })),
  jump: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -12, max: 12 }), fc.constantFrom(-365 * 24, 365 * 24)),
  rating: fc.constantFrom<Rating>(1, 2, 3, 4),
  sync: fc.boolean(),
});

function run(steps: Step[], offsets: number[]) {
  const warnings: string[] = [];
  const sched = createScheduler(settings, 'prop', { warn: (m) => warnings.push(m) });
  const replay = replayWith(sched);
  const logs: ProgressEvent[][] = offsets.map(() => []);
  const views: ProgressEvent[][] = offsets.map(() => []);
  let real = START;
  let seq = 0;
  for (const s of steps) {
    real += s.advance * 60_000;
    offsets[s.device] = (offsets[s.device] as number) + s.jump * HOUR;
    if (s.sync) for (let d = 0; d < views.length; d++) views[d] = logs.flat();
    const now = new Date(real + (offsets[s.device] as number));
    const view = views[s.device] as ProgressEvent[];
    const progress = foldEvents(view, replay);
    const q = buildQueue(cards, progress, view, { now, settings, retrievability: (st, at) => sched.retrievability(st, at) });
    const session = new Session(q, nextDayStart(now, settings.day_starts_at, settings.timezone).getTime());
    const id = session.next(now);
    if (id === undefined) continue;
    // What this device already did today on its own clock: the queue offers nothing past the limits.
    const done = todayCounts(view, now, settings);
    const state = progress.get(id)?.fsrs;
    if (!state || state.state === 0) expect(done.newDone).toBeLessThan(settings.new_per_day);
    if (state?.state === 2) expect(done.reviewsDone).toBeLessThan(settings.reviews_per_day);
    const res = gradeCard({
      cardId: id,
      progress: progress.get(id),
      rating: s.rating,
      now,
      scheduler: sched,
      settings,
      newId: () => `dev${s.device}-${String(seq++).padStart(6, '0')}`,
    });
    (logs[s.device] as ProgressEvent[]).push(...res.events);
    view.push(...res.events);
  }
  return { all: logs.flat(), replay, warnings };
}

describe('clock skew', () => {
  it('random clocks, interleavings and grades: never throw, never lose a review, never exceed today’s limits', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 80 }),
        fc.array(fc.integer({ min: -14, max: 14 }), { minLength: 3, maxLength: 3 }),
        (steps, hours) => {
          const { all, replay } = run(
            steps,
            hours.map((h) => h * HOUR),
          );
          // Every review of every device counts once in its card's final state.
          const merged = foldEvents(all, replay);
          const perCard = new Map<string, number>();
          for (const e of all) if (e.type === 'review') perCard.set(e.card, (perCard.get(e.card) ?? 0) + 1);
          for (const [card, n] of perCard) expect(merged.get(card)?.fsrs?.reps).toBe(n);
          // The merge does not depend on which log is read first.
          expect(foldEvents([...all].reverse(), replay)).toEqual(merged);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it('two devices whose clocks differ by five hours: the review written with the earlier clock is kept in place', () => {
    const warnings: string[] = [];
    const sched = createScheduler(settings, null, { warn: (m) => warnings.push(m) });
    const replay = replayWith(sched);
    // Laptop (correct clock) learns the card, then the desktop (5 h behind) reviews it after syncing.
    const t0 = new Date('2026-05-10T13:00:00.000Z');
    const a1 = sched.grade(null, 'c', t0, 4);
    const laptop: ReviewEvent = {
      id: 'laptop-1',
      t: t0.toISOString(),
      type: 'review',
      card: 'c',
      rating: 4,
      before: null,
      after: a1,
    };
    const desktopNow = new Date(Date.parse(a1.due) + 2 * HOUR - 5 * HOUR); // the desktop's clock
    const b1 = sched.grade(a1, 'c', desktopNow, 3);
    const desktop: ReviewEvent = {
      id: 'desktop-1',
      t: desktopNow.toISOString(),
      type: 'review',
      card: 'c',
      rating: 3,
      before: a1,
      after: b1,
    };
    // Then the laptop, which had not synced, reviews it too.
    const laptopNow = new Date(Date.parse(a1.due) + 4 * HOUR);
    const a2 = sched.grade(a1, 'c', laptopNow, 3);
    const laptop2: ReviewEvent = {
      id: 'laptop-2',
      t: laptopNow.toISOString(),
      type: 'review',
      card: 'c',
      rating: 3,
      before: a1,
      after: a2,
    };
    const merged = foldEvents([laptop, laptop2, desktop], replay).get('c')?.fsrs;
    expect(merged?.reps).toBe(3);
    // In (time, device) order: laptop, desktop, then laptop's second review replayed on top.
    const expected = sched.grade(b1, 'c', laptopNow, 3);
    expect(merged).toEqual(expected);
    // Without replay the last writer would win and the desktop's review would be lost.
    expect(foldEvents([laptop, laptop2, desktop]).get('c')?.fsrs?.reps).toBe(2);
  });

  it('a clock behind the last review counts zero elapsed days with one warning line, never an error', () => {
    const warnings: string[] = [];
    const sched = createScheduler(settings, null, { warn: (m) => warnings.push(m) });
    const t = new Date('2026-11-01T00:03:00.000Z');
    const review = sched.grade(sched.grade(null, 'c', t, 4), 'c', new Date(Date.parse(t.toISOString()) + 20 * DAY), 3);
    const behind = new Date(Date.parse(review.last as string) - 7 * 60_000); // 7 minutes back, across 00:00 UTC
    const p = sched.preview(review, 'c', behind);
    expect(p[3].state).toBe(2);
    expect(sched.retrievability(review, behind)).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/before the last review of c .*counted as 0/);
    expect(warnings[0]).not.toContain('\n');
  });

  it('a session with the clock a year ahead does not use up today’s new-card limit', () => {
    const sched = createScheduler(settings, null);
    const now = new Date('2026-06-01T15:00:00.000Z');
    const ahead = new Date(now.getTime() + 365 * DAY);
    const events: ProgressEvent[] = cards.slice(0, 5).map((c, i) => ({
      id: `x-${i}`,
      t: ahead.toISOString(),
      type: 'review',
      card: c.id,
      rating: 3,
      before: null,
      after: sched.grade(null, c.id, ahead, 3),
    }));
    expect(todayCounts(events, now, settings).newDone).toBe(0);
    const q = buildQueue(cards, foldEvents(events), events, { now, settings, retrievability: () => 0.5 });
    expect(q.main.filter((id) => q.isNew.has(id))).toHaveLength(settings.new_per_day);
  });
});
