/**
 * The review history and the card states derived from it. Pure: events in, states out.
 *
 * Every event is applied to its card in (time, id) order. A review sets the card's FSRS state
 * to the state the writer computed; an undo restores the card exactly as it was before the
 * undone event; bury and suspend set flags. Folding a union of logs is therefore idempotent and
 * independent of the order the logs are read in.
 */
import type { ProblemParams } from '../errors.js';
import { type ProblemKey, type ProblemMessage, problemText } from './problems.js';

/** FSRS memory state of a card as stored on disk (ISO dates, short keys). */
export interface StoredState {
  due: string;
  /** Stability (days). */
  s: number;
  /** Difficulty (1-10). */
  d: number;
  reps: number;
  lapses: number;
  /** 0 new, 1 learning, 2 review, 3 relearning. */
  state: 0 | 1 | 2 | 3;
  /** Current (re)learning step index. */
  step: number;
  /** Days between the last review and due. */
  sched: number;
  last?: string;
}

/** Everything known about one card's progress. */
export interface CardProgress {
  fsrs: StoredState | null;
  suspended: boolean;
  /** ISO time until which the card is buried. */
  buriedUntil?: string;
  /** Key (`time|id`) of the last event applied, for ordering. */
  lastKey: string;
}

export type Rating = 1 | 2 | 3 | 4;

interface EventBase {
  id: string;
  /** ISO time. */
  t: string;
  card: string;
}

export interface ReviewEvent extends EventBase {
  type: 'review';
  rating: Rating;
  before: StoredState | null;
  after: StoredState;
  /** Milliseconds from showing the question to grading. */
  ms?: number;
  /** What the user typed in typed-answer mode. */
  typed?: string;
  /** Set when study ran in cram mode: logged but does not change the schedule. */
  cram?: boolean;
}

export interface UndoEvent extends EventBase {
  type: 'undo';
  target: string;
  /** The card's progress before the undone event. */
  restore: Omit<CardProgress, 'lastKey'>;
}

export interface BuryEvent extends EventBase {
  type: 'bury';
  until: string;
}

export interface SuspendEvent extends EventBase {
  type: 'suspend' | 'unsuspend';
}

/**
 * A change of schedule that is not a review: `reschedule` (due dates recomputed after a change
 * of retention or parameters), `set-due` (a due date chosen by the user), `forget` (back to new;
 * the history is kept). Logged like reviews, so it syncs, and an undo can take it back.
 */
export interface SetEvent extends EventBase {
  type: 'set';
  reason: 'reschedule' | 'set-due' | 'forget';
  before: StoredState | null;
  after: StoredState | null;
}

export type ProgressEvent = ReviewEvent | UndoEvent | BuryEvent | SuspendEvent | SetEvent;

export const EVENT_TYPES = new Set(['review', 'undo', 'bury', 'suspend', 'unsuspend', 'set']);
const SET_REASONS = new Set(['reschedule', 'set-due', 'forget']);

/** Sort key of an event: time, then id. ISO times in UTC sort as strings. */
export function eventKey(e: { t: string; id: string }): string {
  return `${e.t}|${e.id}`;
}

export function compareEvents(a: ProgressEvent, b: ProgressEvent): number {
  const ka = eventKey(a);
  const kb = eventKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function emptyProgress(): CardProgress {
  return { fsrs: null, suspended: false, lastKey: '' };
}

/**
 * Recomputes a review from the state the history gives its card at that point. Used when the
 * writer saw another state (a review from another device merged in between, or a clock that was
 * behind placed it before a later one): the review is kept and replayed in its place instead of
 * overwriting, or being overwritten by, the other.
 */
export type Replay = (current: StoredState | null, review: ReviewEvent) => StoredState;

/** Same memory state and schedule (what a writer's `before` must match for its `after` to hold). */
export function sameState(a: StoredState | null, b: StoredState | null): boolean {
  if (a === b) return true;
  if (!a || !b) return (a?.state ?? 0) === 0 && (b?.state ?? 0) === 0 && (a?.reps ?? 0) === (b?.reps ?? 0);
  return (
    a.due === b.due &&
    a.s === b.s &&
    a.d === b.d &&
    a.reps === b.reps &&
    a.lapses === b.lapses &&
    a.state === b.state &&
    a.step === b.step &&
    a.last === b.last
  );
}

/** Applies one event to a card's progress (returns a new object). */
export function applyEvent(p: CardProgress | undefined, e: ProgressEvent, replay?: Replay): CardProgress {
  return applyKeyed(p, e, eventKey(e), replay);
}

/** applyEvent with the event's key already made. */
export function applyKeyed(p: CardProgress | undefined, e: ProgressEvent, lastKey: string, replay?: Replay): CardProgress {
  const cur = p ?? emptyProgress();
  switch (e.type) {
    case 'review': {
      if (e.cram) return { ...cur, lastKey };
      const fsrs = !replay || sameState(cur.fsrs, e.before) ? e.after : replay(cur.fsrs, e);
      return { ...cur, fsrs, lastKey };
    }
    case 'undo': {
      const r = e.restore;
      return {
        fsrs: r.fsrs,
        suspended: r.suspended,
        ...(r.buriedUntil ? { buriedUntil: r.buriedUntil } : {}),
        lastKey,
      };
    }
    case 'set':
      return { ...cur, fsrs: applySet(cur.fsrs, e), lastKey };
    case 'bury':
      return { ...cur, buriedUntil: e.until, lastKey };
    case 'suspend':
      return { ...cur, suspended: true, lastKey };
    case 'unsuspend':
      return { ...cur, suspended: false, lastKey };
  }
}

/**
 * A set event moves the due date of the state the card has at that point (a review merged in
 * between from another device is kept); forget makes the card new.
 */
function applySet(cur: StoredState | null, e: SetEvent): StoredState | null {
  if (e.reason === 'forget' || !e.after) return null;
  if (!cur || cur.state === 0) return e.after;
  return { ...cur, due: e.after.due, sched: e.after.sched, state: e.after.state, step: e.after.step };
}

export type ProgressMap = Map<string, CardProgress>;

/**
 * Folds events (any order, duplicates allowed) into card progress, from scratch. `unique` says
 * each id is there once (events read with readLogs): then the de-duplication, a map of a million
 * ids in a large history, is skipped.
 */
export function foldEvents(events: Iterable<ProgressEvent>, replay?: Replay, unique = false): ProgressMap {
  let list: ProgressEvent[];
  if (unique) list = [...events];
  else {
    const byId = new Map<string, ProgressEvent>();
    for (const e of events) byId.set(e.id, e);
    list = [...byId.values()];
  }
  const out: ProgressMap = new Map();
  for (const e of list.sort(byTimeThenId)) out.set(e.card, applyKeyed(out.get(e.card), e, eventKey(e), replay));
  return out;
}

/**
 * (time, id) order, the order of eventKey, without making a key per comparison: every `t` has
 * the same length (isIsoTime), so comparing `t` then `id` is comparing `t|id`.
 */
function byTimeThenId(a: ProgressEvent, b: ProgressEvent): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Applies newer events on top of an existing fold. Returns false (and leaves `map` partly
 * updated) when an event is older than what its card already reflects; the caller must then
 * rebuild from the whole history.
 */
export function foldIncrement(map: ProgressMap, events: ProgressEvent[], replay?: Replay): boolean {
  for (const e of [...events].sort(byTimeThenId)) {
    const key = eventKey(e);
    const cur = map.get(e.card);
    if (cur && key === cur.lastKey) continue;
    if (cur && key < cur.lastKey) return false;
    map.set(e.card, applyKeyed(cur, e, key, replay));
  }
  return true;
}

/** Merges event lists by id: idempotent, order-independent; result sorted by (time, id). */
export function mergeEvents(...lists: ProgressEvent[][]): ProgressEvent[] {
  const byId = new Map<string, ProgressEvent>();
  for (const list of lists) for (const e of list) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()].sort(compareEvents);
}

/** Ids of events that a later undo took back. */
export function undoneIds(events: Iterable<ProgressEvent>): Set<string> {
  const s = new Set<string>();
  for (const e of events) if (e.type === 'undo') s.add(e.target);
  return s;
}

/** Reviews that count (not undone, not cram), in time order. */
export function effectiveReviews(events: ProgressEvent[]): ReviewEvent[] {
  const undone = undoneIds(events);
  return events
    .filter((e): e is ReviewEvent => e.type === 'review' && !undone.has(e.id) && !e.cram)
    .sort((a, b) => compareEvents(a, b));
}

/** Longest id or card id accepted from a log or an import (ours are under 100 characters). */
export const MAX_ID_LENGTH = 200;
/** The only time format events use: `Date.toISOString()` in UTC, so string order is time order. */
// Checked by pattern alone (with field ranges): Date.parse on every time of 200,000 events
// costs a quarter of a rebuild.
const ISO_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** True for a time written by `Date.toISOString()` (what every writer uses). */
export function isIsoTime(x: unknown): x is string {
  return typeof x === 'string' && ISO_UTC.test(x);
}

/** Validates the shape of a parsed log line; returns the event or a reason (English). */
export function validateEvent(x: unknown): ProgressEvent | string {
  const why = eventProblem(x);
  return why ? problemText(why.key, why.params) : (x as ProgressEvent);
}

const bad = (key: ProblemKey, params?: ProblemParams): ProblemMessage => (params ? { key, params } : { key });

/** Why a parsed log line is not a valid event (a message key, for translation); undefined when it is one. */
export function eventProblem(x: unknown): ProblemMessage | undefined {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return bad('problem.event.notObject');
  const o = x as Record<string, unknown>;
  if (typeof o.id !== 'string' || !o.id || o.id.length > MAX_ID_LENGTH) return bad('problem.event.badId');
  // Events are ordered by comparing `t` as a string: any other spelling of a time would sort wrongly.
  if (!isIsoTime(o.t)) return bad('problem.event.badTime');
  if (typeof o.card !== 'string' || !o.card || o.card.length > MAX_ID_LENGTH) return bad('problem.event.badCard');
  if (typeof o.type !== 'string' || !EVENT_TYPES.has(o.type)) {
    return bad('problem.event.badType', { type: String(o.type).slice(0, 40) });
  }
  if (o.type === 'review') {
    if (![1, 2, 3, 4].includes(o.rating as number)) return bad('problem.event.badRating');
    if (!isState(o.after)) return bad('problem.event.badAfter');
    if (o.before !== null && !isState(o.before)) return bad('problem.event.badBefore');
    if (o.ms !== undefined && (typeof o.ms !== 'number' || !Number.isFinite(o.ms))) return bad('problem.event.badMs');
    if (o.typed !== undefined && typeof o.typed !== 'string') return bad('problem.event.badTyped');
    if (o.cram !== undefined && typeof o.cram !== 'boolean') return bad('problem.event.badCram');
  }
  if (o.type === 'undo') {
    if (typeof o.target !== 'string') return bad('problem.event.noTarget');
    const r = o.restore as Record<string, unknown> | undefined;
    if (!r || typeof r !== 'object' || (r.fsrs !== null && !isState(r.fsrs)) || typeof r.suspended !== 'boolean') {
      return bad('problem.event.noRestore');
    }
    if (r.buriedUntil !== undefined && !isIsoTime(r.buriedUntil)) return bad('problem.event.badBuried');
  }
  if (o.type === 'bury' && !isIsoTime(o.until)) return bad('problem.event.noUntil');
  if (o.type === 'set') {
    if (typeof o.reason !== 'string' || !SET_REASONS.has(o.reason)) return bad('problem.event.badReason');
    if (o.after !== null && !isState(o.after)) return bad('problem.event.badAfter');
    if (o.before !== null && !isState(o.before)) return bad('problem.event.badBefore');
  }
  return undefined;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function isState(x: unknown): x is StoredState {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const s = x as Record<string, unknown>;
  return (
    isIsoTime(s.due) &&
    finite(s.s) &&
    finite(s.d) &&
    finite(s.reps) &&
    finite(s.lapses) &&
    finite(s.step) &&
    finite(s.sched) &&
    (s.last === undefined || isIsoTime(s.last)) &&
    typeof s.state === 'number' &&
    [0, 1, 2, 3].includes(s.state)
  );
}

export const STATE_NAMES = ['new', 'learning', 'review', 'relearning'] as const;
export type StateName = (typeof STATE_NAMES)[number];

export function stateName(p: CardProgress | undefined): StateName {
  return STATE_NAMES[p?.fsrs?.state ?? 0] as StateName;
}

/**
 * `now`, or just after the card's last event when that is not earlier (a fixed or slow clock):
 * an event written from a card's state must sort after the event that state came from.
 */
export function timeAfter(p: CardProgress | undefined, now: Date): Date {
  const last = p?.lastKey ? Date.parse(p.lastKey.slice(0, p.lastKey.indexOf('|'))) : Number.NaN;
  return Number.isFinite(last) && last >= now.getTime() ? new Date(last + 1) : now;
}
