/**
 * The scheduler: FSRS-6 memory states from ts-fsrs's algorithm, with Anki's card states around
 * them, all counted in study days. Pure: `now`, the time zone and the fuzz seed are arguments.
 *
 * Why not ts-fsrs's own `FSRS.next`: it counts elapsed days between UTC dates (so a learner in
 * Shanghai or New York gets the wrong day count for a third of reviews), adds n x 24 h for due
 * dates (wrong across DST), repeats neither Anki's Hard-on-a-later-step rule nor day-long steps,
 * and throws on a clock that went backwards. Its algorithm (`next_state`, `next_interval`,
 * `forgetting_curve`) takes the elapsed days as a number, so we pass study days to it.
 */
import { computeDecayFactor, FSRSAlgorithm, generatorParameters, get_fuzz_range, roundTo, S_MIN } from 'ts-fsrs';
import type { Rating, Replay, StoredState } from './progress.js';
import type { Settings } from './settings.js';
import { type StepPlan, Steps } from './steps.js';
import { studyDayOf, studyDayStart, zoneOf } from './time.js';

// Settings live in settings.ts (so reading them does not load ts-fsrs); re-exported for callers.
export { DEFAULT_SETTINGS, type Settings } from './settings.js';

const DAY_MS = 86_400_000;

export interface Scheduler {
  /** The state after each grade, for showing intervals before the user chooses. */
  preview(state: StoredState | null, cardId: string, now: Date): Record<Rating, StoredState>;
  /** The state after one grade. */
  grade(state: StoredState | null, cardId: string, now: Date, rating: Rating): StoredState;
  /** Probability of recall now (0 for new cards), after the study days elapsed since the last review. */
  retrievability(state: StoredState | null, now: Date): number;
  /** The study day (day number) of an instant, in the user's zone and day start. */
  dayOf(ms: number): number;
  /** The instant study day `day` starts. */
  dayStart(day: number): Date;
  /** Review-state due date and interval for a card rescheduled to `days` from `now` (set-due, reschedule). */
  dueIn(state: StoredState, now: Date, days: number): StoredState;
  /** Interval (days) FSRS gives a stability at the desired retention, capped, without fuzz. */
  intervalFor(stability: number): number;
}

export interface SchedulerOptions {
  /** Overrides `settings.timezone` (tests). */
  timeZone?: string;
  /** Told once per card when the clock is earlier than the card's last review. */
  warn?: (message: string) => void;
  /**
   * Cards already due on a study day: with it, a fuzzed interval picks the least loaded day of
   * its fuzz range (Anki 24.11's load balancer) instead of a uniformly random one.
   */
  load?: (day: number) => number;
}

/** A deterministic number in [0, 1) from a string (FNV-1a, then a 32-bit mix). */
export function unitHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

interface Memory {
  stability: number;
  difficulty: number;
}

/**
 * Builds the scheduler. Fuzz is on unless `fuzzSeed` is null; the fuzz for a card depends only
 * on the seed, the card id and its repetition count, so the interval shown in the preview is the
 * one applied by the grade.
 */
export function createScheduler(settings: Settings, fuzzSeed: string | null, opts: SchedulerOptions = {}): Scheduler {
  const zone = opts.timeZone ?? zoneOf(settings.timezone);
  const hour = settings.day_starts_at;
  const maxIvl = Math.max(1, settings.maximum_interval);
  const algo = new FSRSAlgorithm(
    generatorParameters({
      request_retention: settings.desired_retention,
      maximum_interval: maxIvl,
      enable_fuzz: false,
      enable_short_term: true,
      ...(settings.fsrs_params ? { w: settings.fsrs_params } : {}),
    }),
  );
  const learning = new Steps(settings.learning_steps);
  const relearning = new Steps(settings.relearning_steps);
  const warned = new Set<string>();
  // Memoised per six-hour block: retrievability and due days are asked for thousands of cards.
  const dayOf = studyDayOf(hour, zone);
  const dayStart = (day: number) => studyDayStart(day, hour, zone);

  /** Study days since the last review; a clock behind it counts as 0 (with a warning), never an error. */
  function elapsed(state: StoredState | null, cardId: string | null, now: Date): number {
    if (!state?.last || state.state === 0) return 0;
    const last = Date.parse(state.last);
    if (cardId !== null && now.getTime() < last && !warned.has(cardId)) {
      warned.add(cardId);
      opts.warn?.(
        `clock warning: ${now.toISOString()} is before the last review of ${cardId} (${state.last}); elapsed time counted as 0`,
      );
    }
    return Math.max(0, dayOf(now.getTime()) - dayOf(last));
  }

  const curve = computeDecayFactor(algo.parameters.w);

  function memoryOf(state: StoredState | null): Memory | null {
    if (!state || state.state === 0) return null;
    // A state from a hand-edited or foreign log may be out of range: clamp, never throw.
    return { stability: Math.max(S_MIN, state.s || S_MIN), difficulty: Math.min(10, Math.max(1, state.d || 1)) };
  }

  function intervalFor(stability: number): number {
    return Math.min(maxIvl, algo.next_interval(stability, 0));
  }

  /**
   * The interval actually used: fuzzed within ts-fsrs's fuzz range (or the least loaded day of
   * it), at least `minimum`, never over the maximum interval (for every grade, as Anki does).
   */
  function finalInterval(ivl: number, t: number, minimum: number, key: string, today: number): number {
    const lo = Math.min(Math.max(1, minimum), maxIvl);
    let out = Math.min(Math.max(ivl, lo), maxIvl);
    if (fuzzSeed !== null && out >= 2.5) {
      const range = get_fuzz_range(out, t, maxIvl);
      const min = Math.max(range.min_ivl, lo);
      const max = Math.max(range.max_ivl, min);
      const u = unitHash(`${fuzzSeed}:${key}`);
      out = opts.load ? balanced(min, max, today, u, opts.load) : Math.floor(u * (max - min + 1)) + min;
    }
    return Math.min(Math.max(out, lo), maxIvl);
  }

  function toReview(base: StoredState | null, mem: Memory, now: Date, days: number, extra: Partial<StoredState>): StoredState {
    const today = dayOf(now.getTime());
    return {
      due: dayStart(today + days).toISOString(),
      s: round(mem.stability, 4),
      d: round(mem.difficulty, 4),
      reps: (base?.reps ?? 0) + 1,
      lapses: base?.lapses ?? 0,
      state: 2,
      step: 0,
      sched: days,
      last: now.toISOString(),
      ...extra,
    };
  }

  /** A (re)learning state waiting `plan.delay`: exact time under a day, else the start of a later study day. */
  function toStep(base: StoredState | null, mem: Memory, now: Date, plan: StepPlan, state: 1 | 3, lapses: number): StoredState {
    const days = plan.delay >= DAY_MS ? Math.round(plan.delay / DAY_MS) : 0;
    const due = days > 0 ? dayStart(dayOf(now.getTime()) + days) : new Date(now.getTime() + plan.delay);
    return {
      due: due.toISOString(),
      s: round(mem.stability, 4),
      d: round(mem.difficulty, 4),
      reps: (base?.reps ?? 0) + 1,
      lapses,
      state,
      step: plan.step,
      sched: days,
      last: now.toISOString(),
    };
  }

  function next(state: StoredState | null, cardId: string, now: Date, rating: Rating): StoredState {
    const t = elapsed(state, cardId, now);
    const mem = algo.next_state(memoryOf(state), t, rating);
    const today = dayOf(now.getTime());
    const key = `${cardId}:${(state?.reps ?? 0) + 1}`;
    const cur = state?.state ?? 0;
    const lapses = state?.lapses ?? 0;
    if (state && cur === 2) {
      if (rating === 1) {
        const plan = relearning.again();
        if (plan) return toStep(state, mem, now, plan, 3, lapses + 1);
        return toReview(state, mem, now, finalInterval(intervalFor(mem.stability), t, 1, key, today), {
          lapses: lapses + 1,
        });
      }
      return toReview(state, mem, now, passingInterval(state, t, rating, key, today), {});
    }
    // New, learning or relearning: Anki's steps, then graduation.
    const steps = cur === 3 ? relearning : learning;
    const stepState: 1 | 3 = cur === 3 ? 3 : 1;
    const idx = cur === 0 ? 0 : steps.index(state?.step ?? 0);
    const plan = rating === 1 ? steps.again() : rating === 2 ? steps.hard(idx) : rating === 3 ? steps.good(idx) : undefined;
    if (plan) return toStep(state, mem, now, plan, stepState, lapses);
    // Graduating: never sooner than the step it follows (a `1d 3d` learner is not brought back after 2 days).
    const followed = steps.length > 0 && rating !== 4 ? Math.round(steps.at(idx) / DAY_MS) : 0;
    return toReview(state, mem, now, finalInterval(intervalFor(mem.stability), t, followed, key, today), {});
  }

  /** Hard, Good and Easy intervals of a review card, each at least one more than the one before (as ts-fsrs and Anki). */
  function passingInterval(state: StoredState, t: number, rating: Rating, key: string, today: number): number {
    const mem = memoryOf(state);
    const r = algo.forgetting_curve(t, (mem as Memory).stability);
    const ivl = (g: Rating) => intervalFor(algo.next_state(mem, t, g, r).stability);
    const rawHard = ivl(2);
    const rawGood = ivl(3);
    const hard = finalInterval(Math.min(rawHard, rawGood), t, 1, `${key}:2`, today);
    if (rating === 2) return hard;
    const good = finalInterval(rawGood, t, hard + 1, `${key}:3`, today);
    if (rating === 3) return good;
    return finalInterval(ivl(4), t, good + 1, `${key}:4`, today);
  }

  return {
    preview(state, cardId, now) {
      return {
        1: next(state, cardId, now, 1),
        2: next(state, cardId, now, 2),
        3: next(state, cardId, now, 3),
        4: next(state, cardId, now, 4),
      };
    },
    grade: next,
    retrievability(state, now) {
      const mem = memoryOf(state);
      if (!mem || !state) return 0;
      // ts-fsrs's forgetting_curve, with its constants worked out once: list and stats ask for
      // 10,000 cards, and recomputing them (exp, log, two powers) was most of each call.
      return roundTo((1 + (curve.factor * elapsed(state, null, now)) / mem.stability) ** curve.decay, 8);
    },
    dayOf,
    dayStart,
    dueIn(state, now, days) {
      const d = Math.max(0, Math.round(days));
      return {
        ...state,
        due: dayStart(dayOf(now.getTime()) + d).toISOString(),
        sched: d,
        state: state.state === 0 ? 0 : 2,
        step: 0,
      };
    },
    intervalFor,
  };
}

/**
 * Load balancing (after Anki 24.11's load balancer): each day of the fuzz range is weighted by
 * 1 / (cards due that day + 1)^2 and by 1 / interval (shorter is kinder to memory), and the
 * card's fuzz value picks a day from those weights, so busy days are avoided without every card
 * of a quiet day landing on the same one.
 */
function balanced(min: number, max: number, today: number, u: number, load: (day: number) => number): number {
  const weights: number[] = [];
  let total = 0;
  for (let ivl = min; ivl <= max; ivl++) {
    const w = 1 / (load(today + ivl) + 1) ** 2 / ivl;
    weights.push(w);
    total += w;
  }
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += (weights[i] as number) / total;
    if (u < acc) return min + i;
  }
  return max;
}

/** A short human interval: `45s`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`. */
export function formatInterval(ms: number): string {
  const s = Math.max(0, ms / 1000);
  if (s < 60) return `${Math.round(s)}s`;
  const m = s / 60;
  if (m < 60) return `${Math.round(m)}m`;
  const h = m / 60;
  if (h < 24) return `${Math.round(h)}h`;
  const d = ms / DAY_MS;
  if (d < 30) return `${Math.round(d)}d`;
  if (d < 365) return `${(d / 30).toFixed(1).replace(/\.0$/, '')}mo`;
  return `${(d / 365).toFixed(1).replace(/\.0$/, '')}y`;
}

/** The interval the grade line shows: whole study days for a review state (exactly `sched`), else the wait. */
export function shownInterval(after: StoredState, now: Date): string {
  if (after.state === 2 || after.sched > 0) return formatDays(after.sched);
  return formatInterval(Date.parse(after.due) - now.getTime());
}

/** Whole days as the grade line shows them: `3d`, `2.5mo`, `1.2y`. */
export function formatDays(days: number): string {
  if (days < 30) return `${days}d`;
  if (days < 365) return `${(days / 30).toFixed(1).replace(/\.0$/, '')}mo`;
  return `${(days / 365).toFixed(1).replace(/\.0$/, '')}y`;
}

/** The fold's replay (core/progress.ts): a review whose writer saw another state, recomputed by this scheduler. */
export function replayWith(s: Scheduler): Replay {
  return (current, review) => s.grade(current, review.card, new Date(review.t), review.rating);
}
