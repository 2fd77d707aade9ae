/**
 * A plan to a date, as commands use it: the cards it covers, the plan computed from the store,
 * and what `study` does while one is active (today's new-card rate, which new cards, which
 * reviews to pull forward). `plan` and `study` share this; neither imports the other.
 */
import type { Card } from '../../core/deck.js';
import {
  DEFAULT_PLAN_TARGET,
  leadDays,
  makePlan,
  newPerDayFor,
  type Plan,
  parseDay,
  pulledForward,
  type StoredPlan,
  secondsPerReview,
} from '../../core/plan.js';
import { todayCounts } from '../../core/queue.js';
import { createScheduler } from '../../core/scheduler.js';
import { filterCards } from '../../core/select.js';
import { dayLabel } from '../../core/stats.js';
import { UsageError, UserError } from '../../errors.js';
import type { Collection } from '../../store/decks.js';
import type { ProgressStore } from '../../store/progress-store.js';
import { t } from '../../ui/messages.js';
import { type Context, dayEnd } from './context.js';
import { assertDecksKnown, resolveTopics } from './selection.js';

/** The longest plan: the simulation runs day by day, and a plan years ahead is no plan. */
const MAX_PLAN_DAYS = 730;

/** `--until` as a day number (a usage error when it is no date). */
export function untilDay(raw: string): number {
  const day = parseDay(raw);
  if (day === undefined) throw new UsageError(t('plan.badDate', { value: raw }));
  return day;
}

/** `--target` (recall on the date), 0.7 … 0.99; the default without the flag. */
export function planTarget(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PLAN_TARGET;
  const n = /^\d*\.?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!(n >= 0.7 && n <= 0.99)) throw new UsageError(t('plan.badTarget', { value: raw }));
  return n;
}

/** The plan's cards: its topics and decks (all cards when none), suspended ones left out. */
export function planCards(ctx: Context, col: Collection, store: ProgressStore, spec: StoredPlan): Card[] {
  const topics = resolveTopics(ctx, spec.topics.length ? spec.topics : undefined, col.cards);
  assertDecksKnown(spec.decks.length ? spec.decks : undefined, col.cards);
  const filters = { ...(topics?.length ? { topics } : {}), ...(spec.decks.length ? { decks: spec.decks } : {}) };
  const s = store.settings;
  return filterCards(col.cards, store.progress, filters, ctx.now, dayEnd(ctx, s), s.leech_threshold).filter(
    (c) => !store.progress.get(c.id)?.suspended,
  );
}

/** The plan for `spec` from the store's states, the user's parameters and pace. */
export function computePlan(
  ctx: Context,
  col: Collection,
  store: ProgressStore,
  spec: StoredPlan,
): { plan: Plan; today: number; until: number } {
  const settings = store.settings;
  const sched = createScheduler(settings, null);
  const today = sched.dayOf(ctx.now.getTime());
  const until = untilDay(spec.until);
  if (until - today > MAX_PLAN_DAYS) throw new UserError(t('plan.tooFar', { date: spec.until, days: MAX_PLAN_DAYS }));
  const cards = planCards(ctx, col, store, spec);
  const pace = secondsPerReview(store.reviewDays(), today);
  const plan = makePlan({
    states: cards.map((c) => store.progress.get(c.id)?.fsrs ?? null),
    settings,
    today,
    until,
    dayOf: sched.dayOf,
    secondsPerReview: pace.seconds,
    paceFromHistory: pace.fromHistory,
    ...(spec.minutes_per_day !== null ? { minutesPerDay: spec.minutes_per_day } : {}),
    seed: 1,
  });
  return { plan, today, until };
}

/** What `study` does today under a plan. */
export interface PlanFollow {
  until: string;
  /** Today's new-card limit (what was introduced today counts against it). */
  newLimit: number;
  /** Only these cards are introduced as new. */
  newAllowed: Set<string>;
  /** Reviews shown today although not due. */
  pulled: Set<string>;
}

/** Today's part of a plan, or undefined when its date has come (the plan is then over). */
export function followPlan(
  ctx: Context,
  col: Collection,
  store: ProgressStore,
  spec: StoredPlan,
  now: Date,
): PlanFollow | undefined {
  const settings = store.settings;
  const sched = createScheduler(settings, null);
  const today = sched.dayOf(now.getTime());
  const until = untilDay(spec.until);
  if (today >= until) return undefined;
  const cards = planCards(ctx, col, store, spec);
  const ids = new Set(cards.map((c) => c.id));
  const fresh = cards.filter((c) => (store.progress.get(c.id)?.fsrs?.state ?? 0) === 0).length;
  // Cards of the plan introduced earlier today were new this morning: the rate is the morning's.
  const doneToday = todayCounts(store.recent, now, settings).newCards.filter((id) => ids.has(id)).length;
  const { newPerDay } = newPerDayFor(fresh + doneToday, until - today, leadDays(settings));
  const pulled = pulledForward(
    cards.map((c) => ({ id: c.id, state: store.progress.get(c.id)?.fsrs })),
    {
      today,
      until,
      target: spec.target,
      dayOf: sched.dayOf,
      recall: (s, day) => sched.retrievability(s, sched.dayStart(day)),
    },
  );
  return { until: dayLabel(until), newLimit: newPerDay, newAllowed: ids, pulled };
}

/**
 * The plan `study` follows: `--until` (over the session's selection, this session only), else
 * the active plan; none in cram mode or once the date has come.
 */
export function planForStudy(
  o: { until?: string; topic?: string[]; deck?: string[] },
  ctx: Context,
  col: Collection,
  store: ProgressStore,
  now: Date,
): PlanFollow | undefined {
  const spec: StoredPlan | null =
    o.until !== undefined
      ? { until: o.until, target: DEFAULT_PLAN_TARGET, topics: o.topic ?? [], decks: o.deck ?? [], minutes_per_day: null }
      : store.settings.plan;
  if (!spec) return undefined;
  const follow = followPlan(ctx, col, store, spec, now);
  if (!follow && o.until !== undefined) {
    const today = createScheduler(store.settings, null).dayOf(now.getTime());
    throw new UserError(t('plan.past', { date: o.until, today: dayLabel(today) }));
  }
  return follow;
}
