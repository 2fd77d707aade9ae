/**
 * A synthetic learner for tests: cards are scheduled by the app's own scheduler, but whether the
 * learner remembers is drawn from a "true" FSRS memory model with parameters of our choosing.
 * Deterministic: a seeded PRNG, fixed start date, fixed times of day.
 */
import { FSRSAlgorithm, generatorParameters } from 'ts-fsrs';
import type { Rating, ReviewEvent, StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { prng } from '../helpers.js';

const DAY = 86_400_000;

export { prng };

export interface LearnerOptions {
  /** Parameters of the learner's real memory (21 numbers). */
  trueParams: number[];
  cards: number;
  days: number;
  newPerDay: number;
  seed: number;
  /** First study day, at 00:00 UTC; sessions start at 09:00 UTC. */
  start: string;
  settings?: Settings;
}

/**
 * Simulates daily sessions: new cards first, then every card due that day; learning cards come
 * back within the session when their step is up. Each answer takes 30 s. A review on a later day
 * is passed with probability R(days elapsed, true stability); same-day repeats are passed.
 */
export function simulateLearner(o: LearnerOptions): ReviewEvent[] {
  const rand = prng(o.seed);
  const settings = o.settings ?? DEFAULT_SETTINGS;
  const scheduler = createScheduler(settings, null);
  const truth = new FSRSAlgorithm(generatorParameters({ w: o.trueParams, enable_short_term: true }));
  interface Sim {
    id: string;
    state: StoredState | null;
    memory: { stability: number; difficulty: number } | null;
    lastDay: number;
  }
  const cards: Sim[] = Array.from({ length: o.cards }, (_, i) => ({ id: `c${i}`, state: null, memory: null, lastDay: 0 }));
  const events: ReviewEvent[] = [];
  const start = Date.parse(`${o.start}T00:00:00Z`);
  let introduced = 0;
  let seq = 0;
  for (let day = 0; day < o.days; day++) {
    let now = start + day * DAY + 9 * 3_600_000;
    const dayEnd = start + (day + 1) * DAY;
    const fresh = cards.slice(introduced, introduced + o.newPerDay);
    introduced += fresh.length;
    const review = (c: Sim) => {
      const elapsed = c.memory ? day - c.lastDay : 0;
      let rating: Rating;
      if (!c.memory) {
        const u = rand();
        rating = u < 0.25 ? 1 : u < 0.35 ? 2 : u < 0.9 ? 3 : 4;
      } else {
        const p = elapsed > 0 ? truth.forgetting_curve(elapsed, c.memory.stability) : 1;
        if (rand() < p) {
          const u = rand();
          rating = u < 0.1 ? 2 : u < 0.9 ? 3 : 4;
        } else rating = 1;
      }
      const t = new Date(now);
      const after = scheduler.grade(c.state, c.id, t, rating);
      events.push({
        id: `sim-${String(seq++).padStart(7, '0')}`,
        t: t.toISOString(),
        type: 'review',
        card: c.id,
        rating,
        before: c.state,
        after,
        ms: 4000 + Math.floor(rand() * 20000),
      });
      c.memory = truth.next_state(c.memory, elapsed, rating);
      c.state = after;
      c.lastDay = day;
      now += 30_000;
    };
    for (const c of fresh) review(c);
    // Everything due today, then learning steps as they come due, until nothing is left today.
    for (;;) {
      const due = cards
        .filter((c) => c.state && c.state.state !== 0 && Date.parse(c.state.due) < dayEnd)
        .sort((a, b) => Date.parse((a.state as StoredState).due) - Date.parse((b.state as StoredState).due));
      const next = due[0];
      if (!next) break;
      const at = Date.parse((next.state as StoredState).due);
      if (at > now) now = at;
      if (now >= dayEnd) break;
      review(next);
    }
  }
  return events;
}
