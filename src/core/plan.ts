/**
 * Planning to a date (an interview on the 20th). Pure: card states, settings, today, the date and
 * a seed in; the plan out.
 *
 * - How many new cards a day: a new card answered Good at its scheduled intervals is reviewed
 *   the first time `i1` days after it is introduced and the second time `i2` days after that
 *   (FSRS with the user's parameters, the same model as the forecast). Cards introduced up to
 *   `days − (i1 + i2)` days from now get both reviews before the date, so the new cards are spread
 *   evenly over those days. When that window is empty the plan cannot fit: every card is
 *   introduced today and the reviews are pulled forward as the date nears.
 * - The workload it implies: the forecast simulation (core/forecast.ts) of the selected cards at
 *   that rate, in reviews and minutes a day (time per review from the user's history).
 * - While a plan is active, `study` takes new cards at the plan's rate and pulls forward the
 *   reviews of cards that would not come up before the date and whose recall has fallen to the
 *   plan's target (`pulledForward`).
 */
import { algorithmFor, forecast } from './forecast.js';
import type { StoredState } from './progress.js';
import type { ReviewDays } from './review-days.js';
import type { Settings } from './settings.js';

export { DEFAULT_PLAN_TARGET, parseDay, type StoredPlan } from './plan-spec.js';

/** Seconds a review takes when the history has too few timed reviews to tell. */
export const DEFAULT_SECONDS_PER_REVIEW = 20;
/** Timed reviews needed before the user's own pace is used. */
const MIN_TIMED_REVIEWS = 20;
export interface PlanInput {
  /** States of the selected cards (suspended ones left out by the caller); null = new. */
  states: Array<StoredState | null>;
  settings: Settings;
  today: number;
  /** The study day of the date; the plan covers today … until − 1. */
  until: number;
  dayOf: (ms: number) => number;
  secondsPerReview: number;
  /** Whether that pace is the user's own (else the default). */
  paceFromHistory?: boolean;
  /** Daily time budget, if any. */
  minutesPerDay?: number;
  seed?: number;
  runs?: number;
}

export interface Plan {
  /** Study days before the date (today included). */
  days: number;
  cards: number;
  /** Cards not yet learned (new). */
  fresh: number;
  /** Days from a card's introduction to its second review (both on schedule, answered Good). */
  leadDays: number;
  /** Days over which the new cards are introduced. */
  introDays: number;
  newPerDay: number;
  /** Every new card gets introduced and reviewed twice before the date at normal intervals. */
  fits: boolean;
  /** Per day from today: expected reviews, new cards, and minutes. */
  reviews: number[];
  learned: number[];
  minutes: number[];
  meanMinutes: number;
  peakMinutes: number;
  secondsPerReview: number;
  paceFromHistory: boolean;
  /** A new card's first day: its first answer and each learning step. */
  secondsPerNew: number;
  /** Set with a budget: whether the busiest day exceeds it, and the rate that would fit it. */
  overBudget: boolean;
  budgetNewPerDay?: number;
}

/** Days from introduction to the second review for a card answered Good on schedule. */
export function leadDays(settings: Settings): number {
  const algo = algorithmFor(settings, settings.desired_retention);
  const cap = (x: number) => Math.min(settings.maximum_interval, x);
  const first = algo.next_state(null, 0, 3);
  const i1 = cap(algo.next_interval(first.stability, 0));
  const second = algo.next_state(first, i1, 3);
  const i2 = cap(algo.next_interval(second.stability, i1));
  return i1 + i2;
}

/** New cards a day so that `fresh` cards are all introduced within the days that leave room for two reviews. */
export function newPerDayFor(fresh: number, days: number, lead: number): { introDays: number; newPerDay: number; fits: boolean } {
  const window = days - lead;
  const fits = window >= 1;
  const introDays = fits ? window : 1;
  return { introDays, newPerDay: fresh === 0 ? 0 : Math.ceil(fresh / introDays), fits };
}

/** Seconds per review from the last 60 study days' timed reviews, or the default when too few. */
export function secondsPerReview(days: ReviewDays, today: number): { seconds: number; fromHistory: boolean } {
  let ms = 0;
  let n = 0;
  for (const [key, d] of Object.entries(days.days)) {
    if (Number(key) < today - 60 || d.ms <= 0) continue;
    ms += d.ms;
    n += d.reviews;
  }
  return n >= MIN_TIMED_REVIEWS
    ? { seconds: Math.max(1, Math.round(ms / n / 1000)), fromHistory: true }
    : { seconds: DEFAULT_SECONDS_PER_REVIEW, fromHistory: false };
}

/** Simulated load at a given new-card rate. */
function simulate(input: PlanInput, days: number, newPerDay: number, secsNew: number) {
  const [series] = forecast({
    states: input.states,
    settings: { ...input.settings, new_per_day: newPerDay },
    today: input.today,
    dayOf: input.dayOf,
    retentions: [input.settings.desired_retention],
    days,
    runs: input.runs ?? 8,
    seed: input.seed ?? 1,
  });
  const reviews = series?.reviews ?? [];
  const learned = series?.learned ?? [];
  const minutes = reviews.map((r, i) => Math.round(((r * input.secondsPerReview + (learned[i] ?? 0) * secsNew) / 60) * 10) / 10);
  return { reviews, learned, minutes, peak: Math.max(0, ...minutes) };
}

export function makePlan(input: PlanInput): Plan {
  const days = Math.max(0, input.until - input.today);
  const fresh = input.states.filter((s) => !s || s.state === 0).length;
  const lead = leadDays(input.settings);
  const rate = newPerDayFor(fresh, days, lead);
  const secsNew = input.secondsPerReview * (1 + input.settings.learning_steps.length);
  const sim = simulate(input, days, rate.newPerDay, secsNew);
  const total = sim.minutes.reduce((a, b) => a + b, 0);
  const overBudget = input.minutesPerDay !== undefined && sim.peak > input.minutesPerDay;
  const plan: Plan = {
    days,
    cards: input.states.length,
    fresh,
    leadDays: lead,
    introDays: rate.introDays,
    newPerDay: rate.newPerDay,
    fits: rate.fits && days > 0,
    reviews: sim.reviews,
    learned: sim.learned,
    minutes: sim.minutes,
    meanMinutes: days ? Math.round((total / days) * 10) / 10 : 0,
    peakMinutes: sim.peak,
    secondsPerReview: input.secondsPerReview,
    paceFromHistory: Boolean(input.paceFromHistory),
    secondsPerNew: secsNew,
    overBudget,
  };
  if (overBudget && input.minutesPerDay !== undefined) {
    // The largest rate whose busiest day fits the budget (the load grows with the rate).
    let lo = 0;
    let hi = rate.newPerDay;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (simulate(input, days, mid, secsNew).peak <= input.minutesPerDay) lo = mid;
      else hi = mid - 1;
    }
    plan.budgetNewPerDay = lo;
  }
  return plan;
}

/**
 * Review cards `study` should show today although not due: the date is still ahead, the card is
 * not due before it, and its recall has fallen to the target (so it would be below it on the
 * date). `recall(state, day)` is the probability of recall at the start of a study day.
 */
export function pulledForward(
  entries: Iterable<{ id: string; state: StoredState | null | undefined }>,
  o: {
    today: number;
    until: number;
    target: number;
    dayOf: (ms: number) => number;
    recall: (s: StoredState, day: number) => number;
  },
): Set<string> {
  const out = new Set<string>();
  if (o.today >= o.until) return out;
  for (const { id, state } of entries) {
    if (state?.state !== 2) continue;
    const due = o.dayOf(Date.parse(state.due));
    if (due <= o.today || due < o.until) continue;
    if (o.recall(state, o.today) <= o.target && o.recall(state, o.until) < o.target) out.add(id);
  }
  return out;
}
