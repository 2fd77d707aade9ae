/**
 * When the next card of a selection comes due after a session: what the summary and "nothing to
 * study" tell the user, so they know when to come back. Pure.
 */
import type { ProgressMap } from './progress.js';

/**
 * The earliest time a card of `ids` can be studied after `now`: a learning or review card at its
 * due time (or when its burial ends); a new card, or one due already but held back by today's
 * limits, at the start of the next study day (`tomorrow`). Suspended cards never; null when none.
 */
export function nextDue(ids: Iterable<string>, progress: ProgressMap, now: Date, tomorrow: Date): Date | null {
  const nowMs = now.getTime();
  const dayMs = tomorrow.getTime();
  let best = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const p = progress.get(id);
    if (p?.suspended) continue;
    const s = p?.fsrs;
    const due = s && s.state !== 0 ? Date.parse(s.due) : dayMs;
    let at = due > nowMs ? due : dayMs;
    const buried = p?.buriedUntil ? Date.parse(p.buriedUntil) : 0;
    if (buried > at) at = buried;
    if (at < best) best = at;
  }
  return Number.isFinite(best) ? new Date(best) : null;
}
