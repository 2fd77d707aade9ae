/**
 * Anki's review history (revlog) as events of our progress log: each card's reviews are replayed
 * through our scheduler in time order, so its FSRS state continues from the history. Event ids
 * are derived from the revlog ids, so importing the same package twice adds nothing. Pure.
 */
import type { ReviewEvent, StoredState, SuspendEvent } from '../progress.js';
import type { Scheduler } from '../scheduler.js';
import type { AnkiReview } from './apkg.js';
import { shortHash } from './model.js';

export function ankiReviewEvents(reviews: AnkiReview[], scheduler: Scheduler): ReviewEvent[] {
  const byCard = new Map<string, AnkiReview[]>();
  for (const r of reviews) {
    const list = byCard.get(r.card) ?? [];
    list.push(r);
    byCard.set(r.card, list);
  }
  const out: ReviewEvent[] = [];
  for (const [card, list] of byCard) {
    list.sort((a, b) => a.id - b.id);
    let state: StoredState | null = null;
    for (const r of list) {
      const now = new Date(r.id);
      if (Number.isNaN(now.getTime())) continue;
      const after = scheduler.grade(state, card, now, r.ease);
      out.push({
        id: `anki-${r.id}-${shortHash(card, 6)}`,
        t: now.toISOString(),
        card,
        type: 'review',
        rating: r.ease,
        before: state,
        after,
        ...(r.ms > 0 ? { ms: Math.min(r.ms, 3_600_000) } : {}),
      });
      state = after;
    }
  }
  return out;
}

/** Suspensions carried over from Anki, at the time of the card's last review (or the epoch). */
export function ankiSuspendEvents(cards: string[], reviews: ReviewEvent[]): SuspendEvent[] {
  const last = new Map<string, string>();
  for (const e of reviews) if ((last.get(e.card) ?? '') < e.t) last.set(e.card, e.t);
  return cards.map((card) => {
    const t = new Date(Date.parse(last.get(card) ?? '1970-01-01T00:00:00.000Z') + 1).toISOString();
    return { id: `anki-suspend-${shortHash(card, 10)}`, t, card, type: 'suspend' };
  });
}
