/**
 * What each study action writes to the history. Pure: the caller passes `now`, a fresh event id
 * and the scheduler; the returned events are appended durably before the next card is shown.
 */
import type {
  BuryEvent,
  CardProgress,
  ProgressEvent,
  Rating,
  ReviewEvent,
  StoredState,
  SuspendEvent,
  UndoEvent,
} from './progress.js';
import { emptyProgress } from './progress.js';
import type { Scheduler, Settings } from './scheduler.js';

export interface GradeResult {
  events: ProgressEvent[];
  after: StoredState;
  /** True when this grade made the card a leech (its lapses reached the threshold). */
  becameLeech: boolean;
}

/** The events for grading a card: the review, plus a suspension when it became a leech and the user wants that. */
export function gradeCard(args: {
  cardId: string;
  progress: CardProgress | undefined;
  rating: Rating;
  now: Date;
  scheduler: Scheduler;
  settings: Settings;
  newId: () => string;
  ms?: number;
  typed?: string;
  cram?: boolean;
}): GradeResult {
  const { cardId, rating, now, settings } = args;
  const before = args.progress?.fsrs ?? null;
  const after = args.scheduler.grade(before, cardId, now, rating);
  const review: ReviewEvent = {
    id: args.newId(),
    t: now.toISOString(),
    type: 'review',
    card: cardId,
    rating,
    before,
    after,
    ...(args.ms !== undefined ? { ms: Math.round(args.ms) } : {}),
    ...(args.typed !== undefined ? { typed: args.typed } : {}),
    ...(args.cram ? { cram: true } : {}),
  };
  const events: ProgressEvent[] = [review];
  const becameLeech = !args.cram && after.lapses >= settings.leech_threshold && (before?.lapses ?? 0) < settings.leech_threshold;
  if (becameLeech && settings.leech_action === 'suspend') {
    const s: SuspendEvent = { id: args.newId(), t: now.toISOString(), type: 'suspend', card: cardId };
    events.push(s);
  }
  return { events, after: args.cram ? (before ?? after) : after, becameLeech };
}

/** Buries a card until the next study day starts. */
export function buryCard(cardId: string, now: Date, until: Date, id: string): BuryEvent {
  return { id, t: now.toISOString(), type: 'bury', card: cardId, until: until.toISOString() };
}

export function suspendCard(cardId: string, now: Date, id: string): SuspendEvent {
  return { id, t: now.toISOString(), type: 'suspend', card: cardId };
}

/**
 * Undoes an earlier action on a card: one undo event per event the action wrote (newest first),
 * the last of which restores the card exactly as it was before the action.
 */
export function undoAction(
  action: { cardId: string; before: CardProgress | undefined; events: ProgressEvent[] },
  now: Date,
  newId: () => string,
): UndoEvent[] {
  const prev = action.before ?? emptyProgress();
  const restore = {
    fsrs: prev.fsrs,
    suspended: prev.suspended,
    ...(prev.buriedUntil ? { buriedUntil: prev.buriedUntil } : {}),
  };
  return [...action.events].reverse().map((e, i) => ({
    id: newId(),
    // Strictly after the undone events even when the clock has not moved.
    t: new Date(Math.max(now.getTime(), Date.parse(e.t) + 1) + i).toISOString(),
    type: 'undo' as const,
    card: action.cardId,
    target: e.id,
    restore,
  }));
}
