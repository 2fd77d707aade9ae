/**
 * `study` under an active plan: the real store, deck loading and session engine (no terminal).
 * The plan's rate decides today's new cards, only the plan's cards are introduced, and a review
 * card that would be below the target on the date is pulled forward.
 */
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/commands/shared/context.js';
import { computePlan, followPlan } from '../../src/commands/shared/plan-follow.js';
import { leadDays, newPerDayFor, parseDay } from '../../src/core/plan.js';
import { createScheduler, DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { StudySession } from '../../src/core/session.js';
import { loadCollection } from '../../src/store/decks.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { planFixture } from '../fixtures/plan.js';
import { tmp } from '../helpers.js';

function setup(now: Date) {
  const home = tmp();
  const { decks, data } = planFixture(home);
  const ctx: Context = { data, user: 'default', sources: [decks], now };
  const col = loadCollection([decks]);
  const store = ProgressStore.open(ctx.data, ctx.user, { create: true, now, device: 'dev1' });
  store.saveSettings({ ...DEFAULT_SETTINGS, timezone: 'UTC' });
  return { ctx, col, store };
}

describe('study follows an active plan', () => {
  it("introduces the plan's rate of the plan's cards, and pulls forward a review that would fall below the target", () => {
    const { ctx, col, store } = setup(new Date('2026-12-01T10:00:00Z'));
    const sched = createScheduler(store.settings, null);
    const spec = { until: '2026-12-20', target: 0.95, topics: [], decks: ['prep'], minutes_per_day: null };
    store.saveSettings({ ...store.settings, plan: spec });

    const now = new Date('2026-12-01T10:00:00Z');
    const today = sched.dayOf(now.getTime());
    const until = parseDay('2026-12-20') as number;
    const follow = followPlan({ ...ctx, now }, col, store, spec, now);
    expect(follow).toBeDefined();
    // 39 prep cards are new; the rate is what the plan gives for the days left.
    const rate = newPerDayFor(39, until - today, leadDays(store.settings)).newPerDay;
    expect(follow?.newLimit).toBe(rate);
    expect(follow?.newLimit).toBeLessThan(DEFAULT_SETTINGS.new_per_day);
    // prep-0 is due after the date and its recall has fallen under 0.95: pulled forward.
    const state = store.progress.get('prep-0')?.fsrs;
    expect(sched.dayOf(Date.parse(state?.due as string))).toBeGreaterThan(until);
    expect(sched.retrievability(state ?? null, now)).toBeLessThan(0.95);
    expect([...(follow?.pulled ?? [])]).toEqual(['prep-0']);

    const session = new StudySession({
      cards: col.cards,
      progress: store.progress,
      recent: store.recent,
      settings: store.settings,
      fuzzSeed: null,
      now,
      newLimit: follow?.newLimit as number,
      newAllowed: follow?.newAllowed as Set<string>,
      extraDue: follow?.pulled as Set<string>,
    });
    expect(session.counts()).toEqual({ new: rate, learning: 0, review: 1 });
    // The review comes first, then only cards of the plan's deck.
    expect(session.next(now)).toBe('prep-0');
    const shown: string[] = [];
    let at = now.getTime();
    for (let id = session.next(new Date(at)); id !== undefined; id = session.next(new Date(at))) {
      shown.push(id);
      store.append(...session.grade(4, new Date(at), () => store.newEventId(new Date(at))).events);
      at += 1000;
    }
    expect(shown[0]).toBe('prep-0');
    expect(shown.slice(1)).toHaveLength(rate);
    expect(shown.every((id) => id.startsWith('prep-'))).toBe(true);
    // Later the same day the plan's rate is used up: no more new cards.
    const later = new Date(at + 3_600_000);
    const again = followPlan({ ...ctx, now: later }, col, store, spec, later);
    const s2 = new StudySession({
      cards: col.cards,
      progress: store.progress,
      recent: store.recent,
      settings: store.settings,
      fuzzSeed: null,
      now: later,
      newLimit: again?.newLimit as number,
      newAllowed: again?.newAllowed as Set<string>,
      extraDue: again?.pulled as Set<string>,
    });
    expect(s2.counts().new).toBe(0);
  });

  it('ends on the date: nothing to follow from that study day on', () => {
    const now = new Date('2026-12-20T10:00:00Z');
    const { ctx, col, store } = setup(now);
    const spec = { until: '2026-12-20', target: 0.95, topics: [], decks: [], minutes_per_day: null };
    expect(followPlan(ctx, col, store, spec, now)).toBeUndefined();
  });

  it('computes the plan from the store: the new cards of its selection only', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const { ctx, col, store } = setup(now);
    const { plan } = computePlan(ctx, col, store, {
      until: '2026-12-31',
      target: 0.95,
      topics: [],
      decks: ['prep'],
      minutes_per_day: 30,
    });
    expect(plan.cards).toBe(40);
    expect(plan.fresh).toBe(39); // prep-0 is learned already
    expect(plan.secondsPerReview).toBe(20); // no timed history yet: the default
    expect(plan.days).toBe(30);
  });
});
