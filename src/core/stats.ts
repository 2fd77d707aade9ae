/**
 * The numbers behind `llm-quiz stats`. Pure: events, cards, settings, `now` and a time zone in;
 * plain numbers out (the command prints them or emits them as JSON).
 *
 * Days are study days: they start at `settings.day_starts_at` local time in `timeZone`
 * (undefined = the system's zone), so a review at 02:00 with day_starts_at 4 belongs to the
 * previous day, as it does for the daily queue.
 */
import { type CardProgress, foldEvents, type ProgressEvent, type ProgressMap, type ReviewEvent } from './progress.js';
import { addReview, type DayTotals, isMature, type ReviewDays, reviewDays, studyDays } from './review-days.js';
import { createScheduler, type Settings } from './scheduler.js';
import { isLeech } from './select.js';
import { studyDayOf, zoneOf } from './time.js';

export { MATURE_DAYS, MAX_ANSWER_MS } from './review-days.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Windows of the true-retention figures, in study days (today included). */
export const RETENTION_WINDOWS = [7, 30, 365] as const;
export const FORECAST_DAYS = 30;
export const HEATMAP_WEEKS = 26;

// Calendar arithmetic lives in time.ts; re-exported for the callers that found it here.
export { studyDayOf } from './time.js';

/** Reviews with their study day, computed once. */
export interface DatedReview {
  review: ReviewEvent;
  day: number;
}

export function dateReviews(reviews: ReviewEvent[], dayOf: (ms: number) => number): DatedReview[] {
  return reviews.map((review) => ({ review, day: dayOf(Date.parse(review.t)) }));
}

/** `YYYY-MM-DD` of a day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6 for a day number. */
export function weekday(day: number): number {
  return (new Date(day * DAY).getUTCDay() + 6) % 7;
}

export interface TodayStats {
  day: string;
  reviewed: number;
  again: number;
  /** Share of today's reviews rated Again; null with no reviews. */
  againRate: number | null;
  /** Time spent answering, from the reviews' `ms` (each capped at MAX_ANSWER_MS). */
  ms: number;
}

export interface StreakStats {
  /** Consecutive study days with at least one review, ending today (or yesterday if not yet today). */
  days: number;
  studiedToday: boolean;
}

export interface RetentionWindow {
  days: number;
  /** Reviews of mature cards in the window. */
  reviews: number;
  passed: number;
  /** passed / reviews; null without reviews. */
  rate: number | null;
}

export interface StateCounts {
  new: number;
  learning: number;
  review: number;
  relearning: number;
  suspended: number;
  total: number;
}

export interface TopicRow {
  topic: string;
  cards: number;
  /** Studied cards (not new, not suspended, with a known last review): the ones mean retrievability is over. */
  studied: number;
  mature: number;
  /** Mean probability of recall now over studied cards; null when none is studied. */
  retrievability: number | null;
  lapses: number;
  leeches: number;
}

export interface ForecastDay {
  day: string;
  /** Cards due that day; day 0 also holds every overdue card. */
  due: number;
}

export interface HeatmapDay {
  day: string;
  /** 0 = Monday. */
  weekday: number;
  reviews: number;
}

export interface Stats {
  today: TodayStats;
  streak: StreakStats;
  retention: { desired: number; windows: RetentionWindow[] };
  counts: StateCounts;
  topics: TopicRow[];
  forecast: ForecastDay[];
  /** From the Monday HEATMAP_WEEKS-1 weeks before this week's Monday up to today. */
  heatmap: HeatmapDay[];
}

/** A card as stats needs it. */
export interface StatsCard {
  id: string;
  topics: string[];
}

export interface StatsInput {
  events: ProgressEvent[];
  cards: StatsCard[];
  settings: Settings;
  now: Date;
  timeZone?: string;
  /** Current card states, when the caller already has them (else folded from `events`). */
  progress?: ProgressMap;
  /** Review totals per day, when the caller has them (else summed from `events`). */
  days?: ReviewDays;
}

/** Per-day totals of dated reviews. */
function totalsOf(reviews: DatedReview[]): Record<string, DayTotals> {
  const days: Record<string, DayTotals> = Object.create(null);
  for (const { review, day } of reviews) addReview(days, review, day, 1);
  return days;
}

/** Today's reviews: count, Again share and time spent. */
export function todayStats(reviews: DatedReview[], today: number): TodayStats {
  return todayOf(totalsOf(reviews), today);
}

function todayOf(days: Record<string, DayTotals>, today: number): TodayStats {
  const d = days[String(today)];
  const reviewed = d?.reviews ?? 0;
  const again = d?.again ?? 0;
  return { day: dayLabel(today), reviewed, again, againRate: reviewed ? again / reviewed : null, ms: d?.ms ?? 0 };
}

/** The run of study days with reviews that ends today, or yesterday when today has none yet. */
export function streak(studyDays: Set<number>, today: number): StreakStats {
  const studiedToday = studyDays.has(today);
  let d = studiedToday ? today : today - 1;
  let days = 0;
  while (studyDays.has(d)) {
    days++;
    d--;
  }
  return { days, studiedToday };
}

/**
 * True retention: of the reviews of mature cards (interval ≥ MATURE_DAYS before the review) in
 * the last `days` study days, the share passed (rated Hard or better).
 */
export function trueRetention(reviews: DatedReview[], today: number, days: number): RetentionWindow {
  return retentionOf(totalsOf(reviews), today, days);
}

function retentionOf(totals: Record<string, DayTotals>, today: number, days: number): RetentionWindow {
  let n = 0;
  let passed = 0;
  for (let day = today - days + 1; day <= today; day++) {
    const d = totals[String(day)];
    if (!d) continue;
    n += d.mature;
    passed += d.passed;
  }
  return { days, reviews: n, passed, rate: n ? passed / n : null };
}

/** Cards by state; suspended cards are counted apart, not in their state. */
export function stateCounts(cards: StatsCard[], progress: ProgressMap): StateCounts {
  const c: StateCounts = { new: 0, learning: 0, review: 0, relearning: 0, suspended: 0, total: cards.length };
  const names = ['new', 'learning', 'review', 'relearning'] as const;
  for (const card of cards) {
    const p = progress.get(card.id);
    if (p?.suspended) c.suspended++;
    else c[names[p?.fsrs?.state ?? 0]]++;
  }
  return c;
}

/**
 * One row per topic, weakest first: lowest mean retrievability (to the whole percent shown), then,
 * among topics recalled about as well (all at 94-100 % right after a session), the harder ones by
 * FSRS difficulty and lapses, so the order still says something; never-studied topics last.
 */
export function topicTable(
  cards: StatsCard[],
  progress: ProgressMap,
  leechThreshold: number,
  retrievability: (p: CardProgress) => number | null,
): TopicRow[] {
  const rows = new Map<string, TopicRow & { sumR: number; sumD: number }>();
  for (const card of cards) {
    const p = progress.get(card.id);
    const r = p?.fsrs && p.fsrs.state !== 0 && !p.suspended ? retrievability(p) : null;
    const studied = r !== null;
    for (const topic of card.topics) {
      let row = rows.get(topic);
      if (!row) {
        row = { topic, cards: 0, studied: 0, mature: 0, retrievability: null, lapses: 0, leeches: 0, sumR: 0, sumD: 0 };
        rows.set(topic, row);
      }
      row.cards++;
      if (studied) {
        row.studied++;
        row.sumR += r as number;
        row.sumD += p?.fsrs?.d ?? 0;
      }
      if (isMature(p?.fsrs)) row.mature++;
      row.lapses += p?.fsrs?.lapses ?? 0;
      if (isLeech(p, leechThreshold)) row.leeches++;
    }
  }
  const out = [...rows.values()].map(({ sumR, sumD, ...row }) => ({
    row: { ...row, retrievability: row.studied ? sumR / row.studied : null },
    difficulty: row.studied ? sumD / row.studied : 0,
  }));
  const pct = (r: number) => Math.round(r * 100);
  out.sort(({ row: a, difficulty: da }, { row: b, difficulty: db }) => {
    if (a.retrievability === null || b.retrievability === null) {
      if (a.retrievability !== b.retrievability) return a.retrievability === null ? 1 : -1;
      return a.topic.localeCompare(b.topic);
    }
    return (
      pct(a.retrievability) - pct(b.retrievability) ||
      db - da ||
      b.lapses / b.cards - a.lapses / a.cards ||
      a.retrievability - b.retrievability ||
      a.topic.localeCompare(b.topic)
    );
  });
  return out.map((o) => o.row);
}

/** Cards due on each of the next `days` study days (overdue ones count today). New and suspended cards are left out. */
export function dueForecast(
  cards: StatsCard[],
  progress: ProgressMap,
  today: number,
  dayOf: (ms: number) => number,
  days = FORECAST_DAYS,
): ForecastDay[] {
  const counts = new Array<number>(days).fill(0);
  for (const card of cards) {
    const p = progress.get(card.id);
    if (!p?.fsrs || p.fsrs.state === 0 || p.suspended) continue;
    const offset = Math.max(0, dayOf(Date.parse(p.fsrs.due)) - today);
    if (offset < days) counts[offset] = (counts[offset] as number) + 1;
  }
  return counts.map((due, i) => ({ day: dayLabel(today + i), due }));
}

/** Reviews per study day from the Monday `weeks - 1` weeks before this week's up to today. */
export function heatmap(reviews: DatedReview[], today: number, weeks = HEATMAP_WEEKS): HeatmapDay[] {
  return heatmapOf(totalsOf(reviews), today, weeks);
}

function heatmapOf(totals: Record<string, DayTotals>, today: number, weeks = HEATMAP_WEEKS): HeatmapDay[] {
  const start = today - weekday(today) - 7 * (weeks - 1);
  return Array.from({ length: today - start + 1 }, (_, i) => ({
    day: dayLabel(start + i),
    weekday: weekday(start + i),
    reviews: totals[String(start + i)]?.reviews ?? 0,
  }));
}

/** The zone stats count days in: the setting, else the system's. */
export function statsZone(settings: Settings, timeZone?: string): string {
  return timeZone ?? zoneOf(settings.timezone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Review totals per study day of a history, counted in the settings' days. */
export function reviewDaysOf(events: ProgressEvent[], settings: Settings, timeZone?: string, unique = false): ReviewDays {
  const zone = statsZone(settings, timeZone);
  return reviewDays(events, settings.day_starts_at, zone, studyDayOf(settings.day_starts_at, zone), unique);
}

/**
 * Every statistic of `llm-quiz stats`. The history comes as `events`, or already summed per
 * day as `days` (the store's cache: then no review is read at all).
 */
export function computeStats(input: StatsInput): Stats {
  const { settings, now } = input;
  const progress = input.progress ?? foldEvents(input.events);
  // No zone set: the system's, whose offsets the Date functions give without starting ICU.
  const dayOf = studyDayOf(settings.day_starts_at, input.timeZone ?? zoneOf(settings.timezone));
  const totals = input.days?.days ?? reviewDaysOf(input.events, settings, input.timeZone).days;
  const today = dayOf(now.getTime());
  const scheduler = createScheduler(settings, null);
  return {
    today: todayOf(totals, today),
    streak: streak(studyDays({ hour: 0, zone: '', days: totals, undone: [] }), today),
    retention: {
      desired: settings.desired_retention,
      windows: RETENTION_WINDOWS.map((days) => retentionOf(totals, today, days)),
    },
    counts: stateCounts(input.cards, progress),
    topics: topicTable(input.cards, progress, settings.leech_threshold, (p) => {
      // A state without its last review time (hand-edited or damaged) has no defined R: leave it out.
      if (!p.fsrs?.last) return null;
      try {
        const r = scheduler.retrievability(p.fsrs, now);
        return Number.isFinite(r) ? r : null;
      } catch {
        return null;
      }
    }),
    forecast: dueForecast(input.cards, progress, today, dayOf),
    heatmap: heatmapOf(totals, today),
  };
}
