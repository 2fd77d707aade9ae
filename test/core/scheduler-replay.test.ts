// Replay of a recorded history through our scheduler and through ts-fsrs, in several time zones
// across both 2026 DST changes, with sessions on both sides of 00:00 UTC. ts-fsrs counts elapsed
// days between UTC dates, so it is fed times shifted (in this test, independently of src/core/time.ts)
// so that its UTC date is the study day: local wall time minus the 04:00 day start.
import {
  createEmptyCard,
  fsrs,
  Rating as R,
  State,
  StrategyMode,
  type TLearningStepsStrategy,
  type Card as TsCard,
} from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import type { Rating, StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { prng } from '../helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const DAY_START = 4;

/** Local wall-clock time of an instant, as if it were UTC (via Intl's sv-SE format, not time.ts). */
function wallClock(zone: string): (ms: number) => number {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (ms) => Date.parse(`${f.format(new Date(ms)).replace(' ', 'T')}Z`) + (ms % 1000);
}

/** Anki's step rules as a ts-fsrs learning-steps strategy (ts-fsrs's own Hard ignores the current step). */
const ankiSteps: TLearningStepsStrategy = (params, state, cur) => {
  const toMin = (s: string) => Number(s.slice(0, -1)) * ({ m: 1, h: 60, d: 1440 }[s.slice(-1)] as number);
  const steps = (state === State.Relearning || state === State.Review ? params.relearning_steps : params.learning_steps).map(
    (s) => toMin(String(s)),
  );
  const first = steps[0];
  if (first === undefined) return {};
  if (state === State.Review) return { [R.Again]: { scheduled_minutes: first, next_step: 0 } };
  const i = Math.min(cur, steps.length - 1);
  const second = steps[1];
  const hard = i > 0 ? (steps[i] as number) : second !== undefined ? (first + second) / 2 : Math.min(first * 1.5, first + 1440);
  const out: ReturnType<TLearningStepsStrategy> = {
    [R.Again]: { scheduled_minutes: first, next_step: 0 },
    [R.Hard]: { scheduled_minutes: hard, next_step: i },
  };
  const next = steps[i + 1];
  if (next !== undefined) out[R.Good] = { scheduled_minutes: next, next_step: i + 1 };
  return out;
};

interface Review {
  t: number;
  card: string;
  rating: Rating;
}

/**
 * A learner's recorded history: a session most days (first session of each zone's window drawn
 * at random), new cards introduced every other day, every due card reviewed, learning steps taken
 * as they come due within the session. Scheduled by our scheduler (what the app did).
 */
function record(zone: string, firstUtcHour: number, seed: number, settings: Settings): Review[] {
  const rand = prng(seed);
  const sched = createScheduler(settings, null, { timeZone: zone });
  const states = new Map<string, StoredState | null>();
  const out: Review[] = [];
  const from = Date.parse('2026-02-20T00:00:00Z');
  for (let d = 0; d < 285; d++) {
    if (rand() < 0.15) continue; // a missed day
    let now = from + d * DAY + firstUtcHour * HOUR + Math.floor(rand() * 150) * MIN;
    const end = now + 70 * MIN;
    if (d % 2 === 0 && states.size < 40) states.set(`${zone}-${states.size}`, null);
    for (;;) {
      let next: string | undefined;
      let nextDue = Number.POSITIVE_INFINITY;
      for (const [id, s] of states) {
        const due = s ? Date.parse(s.due) : now;
        if (due < nextDue) {
          next = id;
          nextDue = due;
        }
      }
      if (next === undefined || nextDue > end) break;
      now = Math.max(now, nextDue) + 20_000 + Math.floor(rand() * 40_000);
      const u = rand();
      const rating = (u < 0.15 ? 1 : u < 0.3 ? 2 : u < 0.85 ? 3 : 4) as Rating;
      out.push({ t: now, card: next, rating });
      states.set(next, sched.grade(states.get(next) ?? null, next, new Date(now), rating));
    }
  }
  return out;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('replay against ts-fsrs with study-day elapsed times', () => {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  // First session hour in UTC: 07:00-09:30 in Shanghai, 18:00-22:30 in New York (EST/EDT),
  // 10:00-12:30 in Sydney (AEDT/AEST): all straddle 00:00 UTC.
  const zones: Array<[string, number, number]> = [
    ['Asia/Shanghai', 23, 1],
    ['America/New_York', 22, 2],
    ['Australia/Sydney', 22, 3],
  ];
  for (const [zone, hour, seed] of zones) {
    it(`${zone}: states, stability, difficulty and due study days agree at every review`, () => {
      const history = record(zone, hour, seed, settings);
      const wall = wallClock(zone);
      const studyDay = (ms: number) => Math.floor((wall(ms) - DAY_START * HOUR) / DAY);
      // The history is what the test claims it is: hundreds of reviews, both DST changes, both sides of 00:00 UTC.
      expect(history.length).toBeGreaterThan(500);
      const hours = new Set(history.map((r) => new Date(r.t).getUTCHours()));
      expect(hours.has(23) && hours.has(0)).toBe(true);
      expect(history.some((r) => r.t < Date.parse('2026-03-08T00:00:00Z'))).toBe(true);
      expect(history.some((r) => r.t > Date.parse('2026-11-02T00:00:00Z'))).toBe(true);

      const ours = createScheduler(settings, null, { timeZone: zone });
      const oracle = fsrs({
        request_retention: settings.desired_retention,
        maximum_interval: settings.maximum_interval,
        enable_fuzz: false,
        enable_short_term: true,
        learning_steps: ['1m', '10m'],
        relearning_steps: ['10m'],
      });
      oracle.useStrategy(StrategyMode.LEARNING_STEPS, ankiSteps);
      const mine = new Map<string, StoredState | null>();
      const theirs = new Map<string, TsCard>();
      let crossings = 0;
      for (const r of history) {
        // ts-fsrs's "UTC" clock: the local wall time minus the day start, so its date is the study day.
        const fake = new Date(wall(r.t) - DAY_START * HOUR);
        const tsCard: TsCard = theirs.get(r.card) ?? createEmptyCard<TsCard>(fake);
        const next = oracle.next(tsCard, fake, r.rating).card;
        next.stability = r4(next.stability);
        next.difficulty = r4(next.difficulty);
        theirs.set(r.card, next);
        const after = ours.grade(mine.get(r.card) ?? null, r.card, new Date(r.t), r.rating);
        mine.set(r.card, after);
        const theirDueDay = Math.floor(next.due.getTime() / DAY);
        if (theirDueDay !== studyDay(r.t)) crossings++;
        expect(
          {
            state: after.state,
            s: after.s,
            d: after.d,
            step: after.step,
            lapses: after.lapses,
            dueDay: studyDay(Date.parse(after.due)),
          },
          `${r.card} at ${new Date(r.t).toISOString()} rated ${r.rating}`,
        ).toEqual({
          state: next.state,
          s: next.stability,
          d: next.difficulty,
          step: next.learning_steps,
          lapses: next.lapses,
          dueDay: theirDueDay,
        });
        // Reviews are due at the very start of their study day, not n x 24 h after the answer.
        if (after.state === 2) expect(studyDay(Date.parse(after.due) - 1)).toBe(theirDueDay - 1);
      }
      expect(crossings).toBeGreaterThan(100);
    });
  }
});
