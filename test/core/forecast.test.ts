// The workload forecast (simulated over the user's cards) and load balancing of due dates.
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/core/forecast.js';
import type { Rating, StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { prng } from '../helpers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const settings: Settings = { ...DEFAULT_SETTINGS, timezone: 'UTC', new_per_day: 0 };
const sched = createScheduler(settings, null);
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const today = sched.dayOf(NOW);

/** A review card last seen `ago` days before today, due `inDays` from today, with stability `s`. */
function card(s: number, d: number, ago: number, inDays: number): StoredState {
  return {
    due: sched.dayStart(today + inDays).toISOString(),
    s,
    d,
    reps: 4,
    lapses: 0,
    state: 2,
    step: 0,
    sched: ago + inDays,
    last: new Date(NOW - ago * DAY).toISOString(),
  };
}

/** A fixture collection: 400 review cards with stabilities from 1 to 200 days, due over the next 40 days. */
function fixture(): StoredState[] {
  const rand = prng(5);
  return Array.from({ length: 400 }, () => {
    const s = 1 + rand() * 199;
    return card(s, 2 + rand() * 7, Math.floor(rand() * 30), Math.floor(rand() * 40) - 3);
  });
}

describe('forecast', () => {
  it('counts a card on its due day, overdue cards today, and nothing for days it is not due', () => {
    const states = [card(1000, 5, 2, 3), card(800, 5, 10, -4)];
    const [s] = forecast({ states, settings, today, dayOf: sched.dayOf, retentions: [0.9], days: 10 });
    // Both are recalled almost surely, and their next interval is far beyond 10 days.
    expect(s?.reviews).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('is reproducible, and a higher retention means more reviews (the fixture with default parameters)', () => {
    const input = { states: fixture(), settings, today, dayOf: sched.dayOf, retentions: [0.85, 0.9, 0.95] };
    const a = forecast(input);
    expect(forecast(input)).toEqual(a);
    const totals = a.map((s) => s.reviews.reduce((x, y) => x + y, 0));
    expect(totals[0]).toBeLessThan(totals[1] as number);
    expect(totals[1]).toBeLessThan(totals[2] as number);
    // Every card due within the 30 days is reviewed at least once: the first-pass count is a floor.
    const dueIn30 = input.states.filter((s) => sched.dayOf(Date.parse(s.due)) - today < 30).length;
    for (const t of totals) expect(t).toBeGreaterThanOrEqual(dueIn30);
    // Fitted parameters change the forecast (a learner who forgets faster reviews more).
    const weak = forecast({ ...input, settings: { ...settings, fsrs_params: weakParams() }, retentions: [0.9] });
    expect(weak[0]?.reviews.reduce((x, y) => x + y, 0)).toBeGreaterThan(totals[1] as number);
  });

  it('introduces new cards at the daily new-card limit until none are left', () => {
    const states = Array.from({ length: 12 }, () => null);
    const [s] = forecast({
      states,
      settings: { ...settings, new_per_day: 5 },
      today,
      dayOf: sched.dayOf,
      retentions: [0.9],
      days: 5,
    });
    expect(s?.learned).toEqual([5, 5, 2, 0, 0]);
  });
});

function weakParams(): number[] {
  // FSRS-6 defaults with slower stability growth (w8) and a steeper forgetting curve (w20).
  const w = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
    1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
  ];
  w[8] = 1.0;
  w[20] = 0.5;
  return w;
}

/**
 * 2,000 cards learnt 20 a day for 100 days by a learner whose memory follows the defaults,
 * scheduled with fuzz alone or with load balancing; returns the reviews of each day from day 40
 * (when the collection has a steady stream of reviews) to day 99, and the cards due on each of
 * the 30 days after.
 */
function simulateCollection(balance: boolean): { reviews: number[]; due: number[] } {
  const rand = prng(17);
  const dueCount = new Map<number, number>();
  const s = createScheduler({ ...settings, new_per_day: 20 }, 'lb', balance ? { load: (d) => dueCount.get(d) ?? 0 } : {});
  const start = Date.parse('2026-01-01T09:00:00.000Z');
  const cards: Array<StoredState | null> = [];
  const move = (from: StoredState | null, to: StoredState) => {
    if (from?.state === 2) dueCount.set(s.dayOf(Date.parse(from.due)), (dueCount.get(s.dayOf(Date.parse(from.due))) ?? 1) - 1);
    if (to.state === 2) dueCount.set(s.dayOf(Date.parse(to.due)), (dueCount.get(s.dayOf(Date.parse(to.due))) ?? 0) + 1);
  };
  const answer = (i: number, at: number, rating: Rating) => {
    let st = cards[i] ?? null;
    let next = s.grade(st, `c${i}`, new Date(at), rating);
    // Learning and relearning steps are passed with Good within the session.
    while (next.state === 1 || next.state === 3) {
      st = next;
      next = s.grade(st, `c${i}`, new Date(Date.parse(next.due)), 3);
    }
    move(cards[i] ?? null, next);
    cards[i] = next;
  };
  const perDay: number[] = [];
  for (let day = 0; day < 100; day++) {
    const at = start + day * DAY;
    const dayNo = s.dayOf(at);
    let reviews = 0;
    for (let i = 0; i < cards.length; i++) {
      const c = cards[i];
      if (!c || s.dayOf(Date.parse(c.due)) > dayNo) continue;
      reviews++;
      answer(i, at + HOUR, rand() < s.retrievability(c, new Date(at)) ? 3 : 1);
    }
    perDay.push(reviews);
    for (let k = 0; k < 20; k++) {
      cards.push(null);
      answer(cards.length - 1, at, 3);
    }
  }
  const next = s.dayOf(start + 100 * DAY);
  return { reviews: perDay.slice(40), due: Array.from({ length: 30 }, (_, i) => dueCount.get(next + i) ?? 0) };
}

describe('load balancing', () => {
  it('flattens the reviews a day and the due forecast of a 2,000-card collection (max/mean)', () => {
    const stats = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { max: Math.max(...xs), mean: Math.round(mean * 10) / 10, ratio: Math.max(...xs) / mean };
    };
    const plain = simulateCollection(false);
    const balanced = simulateCollection(true);
    for (const k of ['reviews', 'due'] as const) {
      const before = stats(plain[k]);
      const after = stats(balanced[k]);
      console.log(
        `load balancing, 2,000 cards, ${k === 'reviews' ? 'reviews a day, days 40-99' : 'due a day, next 30 days'}: fuzz only max ${before.max} mean ${before.mean} (max/mean ${before.ratio.toFixed(2)}); balanced max ${after.max} mean ${after.mean} (max/mean ${after.ratio.toFixed(2)})`,
      );
      expect(after.ratio).toBeLessThan(before.ratio);
      // The same work, spread out: the mean moves little.
      expect(Math.abs(after.mean - before.mean) / before.mean).toBeLessThan(0.15);
    }
  });
});
