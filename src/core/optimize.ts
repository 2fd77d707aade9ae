/**
 * The pure half of `llm-quiz optimize`: turning the review history into the optimizer's training
 * items, and measuring how well a parameter set predicts that history (log loss, RMSE(bins)).
 * The fitting itself runs in the native binding, loaded only by the command.
 *
 * Time is counted in whole study days, as the FSRS optimizer does: `deltaT` is the number of day
 * boundaries (at `day_starts_at`) between a review and the card's previous one, so two reviews on
 * one day have deltaT 0 and are short-term (same-day) reviews.
 */
import { default_w, FSRSAlgorithm, generatorParameters } from 'ts-fsrs';
import type { Rating } from './progress.js';
import { studyDayOf } from './stats.js';

/**
 * Fewer predictable reviews than this and `optimize` changes nothing: fitted parameters would
 * mostly fit noise. (The FSRS optimizer itself returns the defaults below a few dozen; Anki
 * recommends several hundred reviews before optimizing.)
 */
export const MIN_TRAINING_REVIEWS = 400;

export interface TrainingReview {
  rating: Rating;
  /** Study days since the card's previous review (0 for the first review). */
  deltaT: number;
}

export interface HistoryReview extends TrainingReview {
  /** Time of the review (ms since the epoch). */
  t: number;
}

export interface CardHistory {
  card: string;
  reviews: HistoryReview[];
}

/**
 * Groups reviews (effective ones, in time order) by card. Cards whose first review in the log is
 * not of a new card are left out: their earlier history is missing, so their memory state cannot
 * be replayed from the start.
 */
/** What grouping needs of a review (a ReviewEvent is one; a reader of a large history gives only this). */
export interface FitReview {
  card: string;
  t: string;
  rating: Rating;
  before: { state: number } | null;
}

export function cardHistories(reviews: Iterable<FitReview>, dayStartsAt: number, timeZone?: string): CardHistory[] {
  const dayOf = studyDayOf(dayStartsAt, timeZone);
  const byCard = new Map<string, { reviews: HistoryReview[]; lastDay: number } | null>();
  for (const r of reviews) {
    const t = Date.parse(r.t);
    const day = dayOf(t);
    let h = byCard.get(r.card);
    if (h === undefined) {
      if (r.before && r.before.state !== 0) {
        byCard.set(r.card, null);
        continue;
      }
      h = { reviews: [], lastDay: day };
      byCard.set(r.card, h);
    }
    if (h === null) continue;
    h.reviews.push({ rating: r.rating, deltaT: h.reviews.length ? Math.max(0, day - h.lastDay) : 0, t });
    h.lastDay = day;
  }
  const out: CardHistory[] = [];
  for (const [card, h] of byCard) if (h) out.push({ card, reviews: h.reviews });
  return out;
}

/** Whether review `i` of a history is one the model predicts: not the first, and on a later day. */
function predictable(reviews: TrainingReview[], i: number): boolean {
  return i > 0 && (reviews[i] as TrainingReview).deltaT > 0;
}

/**
 * Training items for the optimizer: for each predictable review, the card's reviews up to and
 * including it (same-day reviews stay in the history, as the optimizer expects). With `before`,
 * only reviews made before that time are used (for fitting on the past, testing on the rest).
 */
export function trainingItems(histories: CardHistory[], before = Number.POSITIVE_INFINITY): TrainingReview[][] {
  const items: TrainingReview[][] = [];
  for (const h of histories) {
    const rs = h.reviews.filter((r) => r.t < before).map(({ rating, deltaT }) => ({ rating, deltaT }));
    for (let i = 1; i < rs.length; i++) if (predictable(rs, i)) items.push(rs.slice(0, i + 1));
  }
  return items;
}

/** Number of predictable reviews (what MIN_TRAINING_REVIEWS is compared with). */
export function countPredictable(histories: CardHistory[]): number {
  let n = 0;
  for (const h of histories) for (let i = 1; i < h.reviews.length; i++) if (predictable(h.reviews, i)) n++;
  return n;
}

export interface Evaluation {
  /** Mean binary cross-entropy of the predicted recall probability against pass (rating ≥ 2) / fail. */
  logLoss: number;
  /**
   * Root mean square gap between mean prediction and mean outcome over bins of similar reviews,
   * weighted by bin size; the bins (interval, review count, lapse count) are those of the FSRS
   * optimizer and the srs-benchmark.
   */
  rmseBins: number;
  /** Reviews scored. */
  n: number;
}

const EPS = 1e-7;

function bin(x: number, base: number, scale: number): number {
  return Math.round(scale * base ** Math.floor(Math.log(x) / Math.log(base)));
}

/**
 * Scores a parameter set (null = the defaults) on the histories: each card's reviews are replayed
 * through FSRS from its first review, and every predictable review at or after `from` (ms) is
 * scored with p = R(deltaT, S) from the memory state before it.
 */
export function evaluate(
  params: readonly number[] | null,
  histories: CardHistory[],
  from = Number.NEGATIVE_INFINITY,
): Evaluation {
  const algo = new FSRSAlgorithm(generatorParameters({ w: [...(params ?? default_w)], enable_short_term: true }));
  let loss = 0;
  let n = 0;
  const bins = new Map<string, { p: number; y: number; n: number }>();
  for (const h of histories) {
    let state: { stability: number; difficulty: number } | null = null;
    let longTerm = 0;
    let lapses = 0;
    for (let i = 0; i < h.reviews.length; i++) {
      const r = h.reviews[i] as HistoryReview;
      if (state && predictable(h.reviews, i) && r.t >= from) {
        const p = Math.min(1 - EPS, Math.max(EPS, algo.forgetting_curve(r.deltaT, state.stability)));
        const y = r.rating >= 2 ? 1 : 0;
        loss -= y ? Math.log(p) : Math.log(1 - p);
        n++;
        const key = `${bin(r.deltaT, 3.62, 248)}|${bin(longTerm + 2, 1.89, 1.99)}|${lapses ? bin(lapses, 1.73, 1.65) : 0}`;
        const b = bins.get(key) ?? { p: 0, y: 0, n: 0 };
        b.p += p;
        b.y += y;
        b.n++;
        bins.set(key, b);
      }
      state = algo.next_state(state, r.deltaT, r.rating);
      if (r.deltaT > 0) {
        longTerm++;
        if (r.rating === 1) lapses++;
      }
    }
  }
  let sq = 0;
  for (const b of bins.values()) sq += ((b.p - b.y) / b.n) ** 2 * b.n;
  return { logLoss: n ? loss / n : Number.NaN, rmseBins: n ? Math.sqrt(sq / n) : Number.NaN, n };
}
