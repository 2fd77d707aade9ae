/**
 * Changing due dates without a review: `reschedule` (after `optimize` or a new desired retention,
 * as Anki's "reschedule cards on change"), `set-due ID DAYS` and `forget ID`. Pure: states,
 * the scheduler, `now` and fresh event ids in; `set` events out, which the caller appends.
 */
import {
  type CardProgress,
  eventKey,
  type ProgressEvent,
  type ProgressMap,
  type SetEvent,
  type StoredState,
  timeAfter,
  type UndoEvent,
  undoneIds,
} from './progress.js';
import type { Scheduler } from './scheduler.js';

export interface Move {
  card: string;
  before: StoredState;
  after: StoredState;
  /** Days the due date moves (negative = earlier). */
  shift: number;
}

/**
 * Where each review card would be due with the scheduler's current retention and parameters:
 * its last review's study day plus the interval its stability now gives (today at the earliest,
 * so nothing becomes overdue by rescheduling). Cards whose due day does not change are left out.
 */
export function planReschedule(cards: Iterable<[string, CardProgress | undefined]>, scheduler: Scheduler, now: Date): Move[] {
  const today = scheduler.dayOf(now.getTime());
  const moves: Move[] = [];
  for (const [card, p] of cards) {
    const s = p?.fsrs;
    if (!s || p?.suspended || s.state !== 2 || !s.last) continue;
    const lastDay = scheduler.dayOf(Date.parse(s.last));
    const ivl = scheduler.intervalFor(s.s);
    const dueDay = Math.max(today, lastDay + ivl);
    const oldDay = scheduler.dayOf(Date.parse(s.due));
    if (dueDay === oldDay) continue;
    const after: StoredState = { ...s, due: scheduler.dayStart(dueDay).toISOString(), sched: dueDay - lastDay };
    moves.push({ card, before: s, after, shift: dueDay - oldDay });
  }
  return moves;
}

export interface MoveSummary {
  cards: number;
  earlier: number;
  later: number;
  /** How many cards move by how much: `{ days: '1', earlier, later }` rows, in order. */
  buckets: Array<{ days: string; earlier: number; later: number }>;
}

const BUCKETS: Array<[string, number, number]> = [
  ['1', 1, 1],
  ['2-3', 2, 3],
  ['4-7', 4, 7],
  ['8-30', 8, 30],
  ['31-365', 31, 365],
  ['>365', 366, Number.POSITIVE_INFINITY],
];

export function summarizeMoves(moves: Move[]): MoveSummary {
  const buckets = BUCKETS.map(([days]) => ({ days, earlier: 0, later: 0 }));
  for (const m of moves) {
    const i = BUCKETS.findIndex(([, lo, hi]) => Math.abs(m.shift) >= lo && Math.abs(m.shift) <= hi);
    const b = buckets[i];
    if (!b) continue;
    if (m.shift < 0) b.earlier++;
    else b.later++;
  }
  return {
    cards: moves.length,
    earlier: moves.filter((m) => m.shift < 0).length,
    later: moves.filter((m) => m.shift > 0).length,
    buckets: buckets.filter((b) => b.earlier + b.later > 0),
  };
}

function setEvent(
  id: string,
  now: Date,
  card: string,
  reason: SetEvent['reason'],
  before: StoredState | null,
  after: StoredState | null,
): SetEvent {
  return { id, t: now.toISOString(), type: 'set', card, reason, before, after };
}

/** The events of a reschedule. */
export function rescheduleEvents(moves: Move[], now: Date, newId: () => string): SetEvent[] {
  return moves.map((m) => setEvent(newId(), now, m.card, 'reschedule', m.before, m.after));
}

/** `set-due ID DAYS`: due at the start of study day today + DAYS, as a review card. */
export function setDueEvent(
  card: string,
  state: StoredState,
  days: number,
  scheduler: Scheduler,
  now: Date,
  id: string,
): SetEvent {
  return setEvent(id, now, card, 'set-due', state, scheduler.dueIn(state, now, days));
}

/** `forget ID`: the card is new again; its reviews stay in the history. */
export function forgetEvent(card: string, state: StoredState | null, now: Date, id: string): SetEvent {
  return setEvent(id, now, card, 'forget', state, null);
}

/**
 * `reschedule --undo`: undo events for the last reschedule (the newest batch of reschedule set
 * events not yet undone). A card reviewed or changed since keeps its state: taking the
 * reschedule back there would also take back the later answer. Returns the events and how many
 * cards were left as they are.
 */
export function undoLastReschedule(
  events: ProgressEvent[],
  progress: ProgressMap,
  now: Date,
  newId: () => string,
): { events: UndoEvent[]; kept: number } {
  const undone = undoneIds(events);
  const batch = events.filter((e): e is SetEvent => e.type === 'set' && e.reason === 'reschedule' && !undone.has(e.id));
  // ISO times: the newest batch is the greatest string.
  let last = '';
  for (const e of batch) if (e.t > last) last = e.t;
  const out: UndoEvent[] = [];
  let kept = 0;
  for (const e of batch) {
    if (e.t !== last) continue;
    const p = progress.get(e.card);
    if (!p || p.lastKey !== eventKey(e)) {
      kept++;
      continue;
    }
    const at = timeAfter(p, now);
    const restore = { fsrs: e.before, suspended: p.suspended, ...(p.buriedUntil ? { buriedUntil: p.buriedUntil } : {}) };
    out.push({ id: newId(), t: at.toISOString(), type: 'undo', card: e.card, target: e.id, restore });
  }
  return { events: out, kept };
}
