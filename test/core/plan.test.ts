/**
 * Planning to a date, on a fixture collection with fixed (non-default) FSRS parameters: the
 * plan's numbers are reproduced by an independent simulation written here (its own loop over
 * ts-fsrs's memory model, its own random numbers), and a plan that cannot fit says so.
 */
import { FSRSAlgorithm, generatorParameters } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { leadDays, makePlan, newPerDayFor, parseDay, pulledForward } from '../../src/core/plan.js';
import type { StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { normalizeSettings } from '../../src/core/settings.js';

const DAY = 86_400_000;
/** FSRS-6 parameters of a learner who forgets a little faster than the defaults (fixed, not fitted). */
const W = [
  0.3, 1.1, 2.9, 9.0, 6.4133, 0.8334, 3.0194, 0.001, 1.6, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
  0.0912, 0.0658, 0.3,
];
const settings: Settings = { ...DEFAULT_SETTINGS, timezone: 'UTC', fsrs_params: W, desired_retention: 0.9 };
const sched = createScheduler(settings, null);
const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const today = sched.dayOf(NOW);

/** A small seeded generator of our own (an LCG), so the simulation below shares nothing with the code under test. */
function lcg(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

/** A review card last seen `ago` days ago, due in `inDays`. */
function review(s: number, d: number, ago: number, inDays: number): StoredState {
  return {
    due: sched.dayStart(today + inDays).toISOString(),
    s,
    d,
    reps: 3,
    lapses: 0,
    state: 2,
    step: 0,
    sched: ago + inDays,
    last: new Date(NOW - ago * DAY).toISOString(),
  };
}

/** The fixture: 90 cards never seen, 30 review cards with stabilities 2..60 days due over the next 20 days. */
function fixture(): Array<StoredState | null> {
  const r = lcg(11);
  const reviews = Array.from({ length: 30 }, () => review(2 + r() * 58, 3 + r() * 5, Math.floor(r() * 10), Math.floor(r() * 20)));
  return [...Array.from({ length: 90 }, () => null), ...reviews];
}

const algo = new FSRSAlgorithm(
  generatorParameters({ request_retention: 0.9, maximum_interval: 36500, enable_fuzz: false, enable_short_term: true, w: W }),
);

/** Independent simulation: every card scanned every day; recalled with its forgetting curve's probability. */
function simulate(states: Array<StoredState | null>, newPerDay: number, days: number, runs: number): number[] {
  const perDay = new Array<number>(days).fill(0);
  for (let run = 0; run < runs; run++) {
    const rand = lcg(1000 + run);
    type C = { s: number; d: number; last: number; due: number };
    const cards: C[] = [];
    let waiting = 0;
    for (const st of states) {
      if (!st) waiting++;
      else
        cards.push({
          s: st.s,
          d: st.d,
          last: sched.dayOf(Date.parse(st.last as string)) - today,
          due: Math.max(0, sched.dayOf(Date.parse(st.due)) - today),
        });
    }
    for (let day = 0; day < days; day++) {
      for (let k = 0; k < newPerDay && waiting > 0; k++, waiting--) {
        const m = algo.next_state(null, 0, 3);
        cards.push({ s: m.stability, d: m.difficulty, last: day, due: day + algo.next_interval(m.stability, 0) });
      }
      for (const c of cards) {
        if (c.due !== day) continue;
        perDay[day] = (perDay[day] as number) + 1;
        const t = day - c.last;
        const grade = rand() < algo.forgetting_curve(t, c.s) ? 3 : 1;
        const m = algo.next_state({ stability: c.s, difficulty: c.d }, t, grade);
        c.s = m.stability;
        c.d = m.difficulty;
        c.last = day;
        c.due = day + algo.next_interval(c.s, t);
      }
    }
  }
  return perDay.map((x) => x / runs);
}

describe('plan to a date', () => {
  const until = parseDay('2026-12-25') as number;
  const input = { states: fixture(), settings, today, until, dayOf: sched.dayOf, secondsPerReview: 15, seed: 3, runs: 300 };

  it('spreads the new cards over the days that leave room for two reviews before the date', () => {
    // Days from first sight to the second review, worked out here from the memory model.
    const s1 = algo.next_state(null, 0, 3);
    const i1 = algo.next_interval(s1.stability, 0);
    const i2 = algo.next_interval(algo.next_state(s1, i1, 3).stability, i1);
    expect(leadDays(settings)).toBe(i1 + i2);

    const plan = makePlan(input);
    expect(plan.days).toBe(24);
    expect(plan.fresh).toBe(90);
    expect(plan.fits).toBe(true);
    // Card k is introduced on day floor(k / rate); its second review must be before the date…
    const lastIntro = Math.floor((90 - 1) / plan.newPerDay);
    expect(lastIntro + i1 + i2).toBeLessThan(plan.days);
    // … and one card a day fewer would not make it.
    expect(Math.floor((90 - 1) / (plan.newPerDay - 1)) + i1 + i2).toBeGreaterThanOrEqual(plan.days);
    const learned = Array.from({ length: plan.days }, (_, d) => Math.max(0, Math.min(plan.newPerDay, 90 - d * plan.newPerDay)));
    expect(plan.learned).toEqual(learned);
  });

  it("reproduces the plan's daily reviews and minutes with an independent simulation", () => {
    const plan = makePlan(input);
    const expected = simulate(input.states, plan.newPerDay, plan.days, 300);
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(Math.abs(total(plan.reviews) - total(expected)) / total(expected)).toBeLessThan(0.03);
    for (let d = 0; d < plan.days; d++) expect(Math.abs((plan.reviews[d] as number) - (expected[d] as number))).toBeLessThan(1.5);
    // Minutes: 15 s a review; a new card's first day is its answer and each of the two learning steps.
    for (let d = 0; d < plan.days; d++)
      expect(plan.minutes[d]).toBeCloseTo(((plan.reviews[d] as number) * 15 + (plan.learned[d] as number) * 45) / 60, 0);
    expect(plan.peakMinutes).toBe(Math.max(...plan.minutes));
  });

  it('warns when the busiest day exceeds the budget, with the rate that would fit it', () => {
    const budget = 8;
    const plan = makePlan({ ...input, minutesPerDay: budget });
    expect(plan.overBudget).toBe(true);
    expect(plan.peakMinutes).toBeGreaterThan(budget);
    const n = plan.budgetNewPerDay as number;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(plan.newPerDay);
    // Checked with the independent simulation: at n a day the busiest day fits, at n + 1 it does not
    // (half a minute of slack for the two simulations' different random numbers).
    const peak = (rate: number) => {
      const reviews = simulate(input.states, rate, plan.days, 300);
      return Math.max(...reviews.map((r, d) => (r * 15 + Math.max(0, Math.min(rate, 90 - d * rate)) * 45) / 60));
    };
    expect(peak(n)).toBeLessThanOrEqual(budget + 0.5);
    expect(peak(n + 1)).toBeGreaterThan(budget - 0.5);
    expect(makePlan({ ...input, minutesPerDay: 1000 }).overBudget).toBe(false);
  });

  it('says it cannot fit when the date is nearer than a card needs for two reviews', () => {
    const near = makePlan({ ...input, until: today + 3 });
    expect(near.fits).toBe(false);
    expect(near.newPerDay).toBe(90);
    expect(near.learned[0]).toBe(90);
  });

  it('needs no new cards when every card is learned', () => {
    const plan = makePlan({ ...input, states: input.states.filter((s) => s !== null) });
    expect(plan.newPerDay).toBe(0);
    expect(plan.fits).toBe(true);
  });
});

describe('rate and dates', () => {
  it('rounds the rate up and uses the whole window', () => {
    expect(newPerDayFor(90, 24, 9)).toEqual({ introDays: 15, newPerDay: 6, fits: true });
    expect(newPerDayFor(91, 24, 9)).toEqual({ introDays: 15, newPerDay: 7, fits: true });
    expect(newPerDayFor(10, 9, 9)).toEqual({ introDays: 1, newPerDay: 10, fits: false });
  });

  it('parses real dates only', () => {
    expect(parseDay('2026-12-20')).toBe(Date.UTC(2026, 11, 20) / DAY);
    expect(parseDay('2026-02-30')).toBeUndefined();
    expect(parseDay('20/12/2026')).toBeUndefined();
  });
});

describe('pulled forward', () => {
  const until = today + 10;
  const recall = (s: StoredState, day: number) => sched.retrievability(s, sched.dayStart(day));
  const opts = { today, until, target: 0.95, dayOf: sched.dayOf, recall };

  it('pulls a card due after the date whose recall has fallen to the target, and nothing else', () => {
    const fallen = review(20, 5, 15, 12); // seen 15 days ago, due after the date: recall now below 0.95
    const fresh = review(200, 5, 1, 150); // seen yesterday, strong: recall stays high to the date
    const dueBefore = review(20, 5, 15, 4); // due before the date anyway
    const dueToday = review(5, 5, 5, 0); // due today already
    const ids = pulledForward(
      [
        { id: 'fallen', state: fallen },
        { id: 'fresh', state: fresh },
        { id: 'due-before', state: dueBefore },
        { id: 'due-today', state: dueToday },
        { id: 'new', state: null },
      ],
      opts,
    );
    expect(recall(fallen, today)).toBeLessThan(0.95);
    expect(recall(fresh, until)).toBeGreaterThan(0.95);
    expect([...ids]).toEqual(['fallen']);
  });

  it('pulls nothing once the date has come', () => {
    const fallen = review(20, 5, 15, 12);
    expect(pulledForward([{ id: 'x', state: fallen }], { ...opts, today: until }).size).toBe(0);
  });
});

describe('the stored plan', () => {
  it('round-trips through settings.json and drops a malformed one with a warning', () => {
    const plan = { until: '2026-12-20', target: 0.95, topics: ['attention'], decks: [], minutes_per_day: 30 };
    expect(normalizeSettings(JSON.parse(JSON.stringify({ plan }))).settings.plan).toEqual(plan);
    expect(normalizeSettings({ plan: null }).settings.plan).toBeNull();
    for (const bad of [
      { ...plan, until: '2026-13-01' },
      { ...plan, target: 1.5 },
      { ...plan, topics: 'attention' },
      { ...plan, minutes_per_day: -3 },
      ['2026-12-20'],
    ]) {
      const { settings, ignored } = normalizeSettings({ plan: bad });
      expect(settings.plan).toBeNull();
      expect(ignored).toEqual(['plan']);
    }
  });
});
