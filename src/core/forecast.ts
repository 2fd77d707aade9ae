/**
 * Workload forecast: reviews per study day for the coming days, simulated over the user's own
 * cards with their FSRS parameters, at the current desired retention or others. Pure: states,
 * settings, today and a seed in; counts out.
 *
 * Each card is followed from its due day: it is recalled with probability R (its forgetting
 * curve at the days elapsed), answered Good when recalled and Again otherwise (a lapse is
 * relearnt that day and comes back after the interval of its lowered stability). New cards are
 * introduced at the daily new-card limit. Several runs with a seeded generator are averaged.
 */
import { FSRSAlgorithm, generatorParameters } from 'ts-fsrs';
import type { ProgressMap, StoredState } from './progress.js';
import { prng } from './random.js';
import type { Settings } from './settings.js';

export interface ForecastInput {
  /** Current states of the cards to forecast (suspended cards left out by the caller); null = new. */
  states: Array<StoredState | null>;
  settings: Settings;
  /** Today's study day number, and a function from an instant to its study day. */
  today: number;
  dayOf: (ms: number) => number;
  retentions: number[];
  days?: number;
  runs?: number;
  seed?: number;
}

export interface ForecastSeries {
  retention: number;
  /** Expected reviews on each day from today (overdue cards count today). */
  reviews: number[];
  /** New cards introduced each day. */
  learned: number[];
}

interface SimCard {
  due: number;
  last: number;
  s: number;
  d: number;
}

/** ts-fsrs's memory model with the user's parameters at a retention (no fuzz: the simulations count days). */
export function algorithmFor(settings: Settings, retention: number): FSRSAlgorithm {
  return new FSRSAlgorithm(
    generatorParameters({
      request_retention: retention,
      maximum_interval: settings.maximum_interval,
      enable_fuzz: false,
      enable_short_term: true,
      ...(settings.fsrs_params ? { w: settings.fsrs_params } : {}),
    }),
  );
}

export function forecast(input: ForecastInput): ForecastSeries[] {
  const days = input.days ?? 30;
  const runs = input.runs ?? 4;
  return input.retentions.map((retention) => {
    const algo = algorithmFor(input.settings, retention);
    const reviews = new Array<number>(days).fill(0);
    const learned = new Array<number>(days).fill(0);
    for (let run = 0; run < runs; run++) {
      const rand = prng((input.seed ?? 1) * 7919 + run);
      // Buckets of cards by the day they are next due (offset from today).
      const buckets: SimCard[][] = Array.from({ length: days }, () => []);
      let fresh = 0;
      for (const st of input.states) {
        if (!st || st.state === 0) {
          fresh++;
          continue;
        }
        const due = Math.max(0, input.dayOf(Date.parse(st.due)) - input.today);
        const last = st.last ? input.dayOf(Date.parse(st.last)) - input.today : -1;
        if (due < days) buckets[due]?.push({ due, last, s: Math.max(0.01, st.s), d: Math.min(10, Math.max(1, st.d)) });
      }
      const review = (c: SimCard, day: number) => {
        const t = Math.max(0, day - c.last);
        const p = algo.forgetting_curve(t, c.s);
        const rating = rand() < p ? 3 : 1;
        const m = algo.next_state({ stability: c.s, difficulty: c.d }, t, rating);
        c.s = m.stability;
        c.d = m.difficulty;
        c.last = day;
        c.due = day + Math.min(input.settings.maximum_interval, algo.next_interval(c.s, t));
        if (c.due < days) buckets[c.due]?.push(c);
      };
      for (let day = 0; day < days; day++) {
        const n = Math.min(input.settings.new_per_day, fresh);
        fresh -= n;
        learned[day] = (learned[day] as number) + n / runs;
        for (let i = 0; i < n; i++) {
          const m = algo.next_state(null, 0, 3);
          const c: SimCard = { due: day, last: day, s: m.stability, d: m.difficulty };
          c.due = day + Math.min(input.settings.maximum_interval, algo.next_interval(c.s, 0));
          if (c.due < days) buckets[c.due]?.push(c);
        }
        const due = buckets[day] as SimCard[];
        reviews[day] = (reviews[day] as number) + due.length / runs;
        for (const c of due) review(c, day);
      }
    }
    return {
      retention,
      reviews: reviews.map((x) => Math.round(x * 10) / 10),
      learned: learned.map((x) => Math.round(x * 10) / 10),
    };
  });
}

/** Review cards due on each study day (what the load balancer avoids piling onto). */
export function dueLoad(progress: ProgressMap, dayOf: (ms: number) => number): Map<number, number> {
  const load = new Map<number, number>();
  for (const p of progress.values()) {
    if (p.suspended || p.fsrs?.state !== 2) continue;
    addLoad(load, dayOf(Date.parse(p.fsrs.due)));
  }
  return load;
}

export function addLoad(load: Map<number, number>, day: number): void {
  load.set(day, (load.get(day) ?? 0) + 1);
}
