import {
  type AbstractScheduler,
  createEmptyCard,
  type FSRS,
  type Card as FsrsCard,
  fsrs,
  type Grade,
  generatorParameters,
  type StepUnit,
  StrategyMode,
} from 'ts-fsrs';
import type { Rating, StoredState } from './progress.js';
import type { Settings } from './settings.js';

// Settings live in settings.ts (so reading them does not load ts-fsrs); re-exported for callers.
export { DEFAULT_SETTINGS, type Settings } from './settings.js';

const DAY_MS = 86_400_000;

/** Converts a stored state to a ts-fsrs card (dates as Date). */
export function toFsrsCard(s: StoredState | null, now: Date): FsrsCard {
  if (!s) return createEmptyCard(now);
  return {
    due: new Date(s.due),
    stability: s.s,
    difficulty: s.d,
    elapsed_days: 0,
    scheduled_days: s.sched,
    learning_steps: s.step,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state,
    ...(s.last ? { last_review: new Date(s.last) } : {}),
  };
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Converts a ts-fsrs card to the stored form. */
export function fromFsrsCard(c: FsrsCard): StoredState {
  return {
    due: c.due.toISOString(),
    s: round(c.stability, 4),
    d: round(c.difficulty, 4),
    reps: c.reps,
    lapses: c.lapses,
    state: c.state as 0 | 1 | 2 | 3,
    step: c.learning_steps,
    sched: c.scheduled_days,
    ...(c.last_review ? { last: c.last_review.toISOString() } : {}),
  };
}

export interface Scheduler {
  /** The state after each grade, for showing intervals before the user chooses. */
  preview(state: StoredState | null, cardId: string, now: Date): Record<Rating, StoredState>;
  /** The state after one grade. */
  grade(state: StoredState | null, cardId: string, now: Date, rating: Rating): StoredState;
  /** Probability of recall now (0 for new cards). */
  retrievability(state: StoredState | null, now: Date): number;
}

/**
 * Builds a scheduler over ts-fsrs (FSRS-6). Fuzz is on unless `fuzzSeed` is null; the fuzz for a
 * card depends only on the seed, the card id and its repetition count, so the interval shown in
 * the preview is the one applied by the grade.
 */
export function createScheduler(settings: Settings, fuzzSeed: string | null): Scheduler {
  const params = generatorParameters({
    request_retention: settings.desired_retention,
    maximum_interval: settings.maximum_interval,
    enable_fuzz: fuzzSeed !== null,
    enable_short_term: true,
    learning_steps: settings.learning_steps as StepUnit[],
    relearning_steps: settings.relearning_steps as StepUnit[],
    ...(settings.fsrs_params ? { w: settings.fsrs_params } : {}),
  });
  const f: FSRS = fsrs(params);
  if (fuzzSeed !== null) {
    f.useStrategy(StrategyMode.SEED, function (this: AbstractScheduler) {
      // `current` is protected in the typings but is how ts-fsrs's own seed strategies read the card.
      const current = Reflect.get(this, 'current') as FsrsCard & { cid?: string };
      return `${fuzzSeed}:${current.cid ?? ''}:${current.reps}`;
    });
  }
  const withId = (s: StoredState | null, id: string, now: Date) => Object.assign(toFsrsCard(s, now), { cid: id });
  return {
    preview(state, cardId, now) {
      const rec = f.repeat(withId(state, cardId, now), now);
      return {
        1: fromFsrsCard(rec[1].card),
        2: fromFsrsCard(rec[2].card),
        3: fromFsrsCard(rec[3].card),
        4: fromFsrsCard(rec[4].card),
      };
    },
    grade(state, cardId, now, rating) {
      return fromFsrsCard(f.next(withId(state, cardId, now), now, rating as Grade).card);
    },
    retrievability(state, now) {
      if (!state || state.state === 0) return 0;
      return f.get_retrievability(toFsrsCard(state, now), now, false);
    },
  };
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
