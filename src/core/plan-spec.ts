/**
 * An active plan to a date as stored in settings.json, and its checks. Kept apart from
 * core/plan.ts so reading settings does not load the scheduler.
 */

/** Recall on the date that a plan aims for by default. */
export const DEFAULT_PLAN_TARGET = 0.95;

export interface StoredPlan {
  /** The date, `YYYY-MM-DD` (a study day). */
  until: string;
  /** Recall on the date below which reviews are pulled forward. */
  target: number;
  /** The plan's selection (empty: every card). */
  topics: string[];
  decks: string[];
  /** The daily time budget it was made with, or null. */
  minutes_per_day: number | null;
}

/** A `YYYY-MM-DD` date as a day number (days since 1970-01-01), or undefined when it is not a real date. */
export function parseDay(raw: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === raw.trim() ? ms / 86_400_000 : undefined;
}

const names = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.length <= 100 && v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 100)
    ? [...(v as string[])]
    : undefined;

/** A stored plan from settings.json: null for none, undefined when it is malformed (then ignored). */
export function normalizePlan(v: unknown): StoredPlan | null | undefined {
  if (v === null) return null;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const p = v as Record<string, unknown>;
  const topics = names(p.topics ?? []);
  const decks = names(p.decks ?? []);
  const target = p.target ?? DEFAULT_PLAN_TARGET;
  const minutes = p.minutes_per_day ?? null;
  if (typeof p.until !== 'string' || parseDay(p.until) === undefined || !topics || !decks) return undefined;
  if (typeof target !== 'number' || !(target >= 0.7 && target <= 0.99)) return undefined;
  if (minutes !== null && (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440))
    return undefined;
  return { until: p.until, target, topics, decks, minutes_per_day: minutes };
}
