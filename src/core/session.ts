/**
 * One study session as a pure state machine: the queue, answers, undo, bury, suspend, leeches,
 * learn-ahead and the summary. `now`, event ids and the fuzz seed come from the caller; every
 * action returns the events to append (durably, before the next card shows) and a notice to
 * show on the next screen. `study` and `study --cram` drive it; a mock interview can too.
 */
import type { Card } from './deck.js';
import { addLoad, dueLoad } from './forecast.js';
import { type MemoryView, memoryView } from './memory.js';
import { nextDue } from './next-due.js';
import {
  applyEvent,
  type CardProgress,
  compareEvents,
  type ProgressEvent,
  type ProgressMap,
  type Rating,
  type StoredState,
} from './progress.js';
import { buildQueue, Session, type StudyQueue } from './queue.js';
import type { ReviewDays } from './review-days.js';
import { createScheduler, type Scheduler, type SchedulerOptions, type Settings } from './scheduler.js';
import { presetNameFor, settingsFor } from './settings.js';
import { buryCard, gradeCard, suspendCard, undoAction } from './study.js';
import { type SessionSummary, summarizeSession } from './summary.js';
import { nextDayStart, zoneOf } from './time.js';
import { msPerAnswer } from './time-left.js';

/** A message for the next screen, as a catalogue key and its parameters (the ui words it). */
export interface Notice {
  key: 'study.leech' | 'study.leech.suspended' | 'study.nothingtoundo' | 'study.undone' | 'study.buried' | 'study.suspended';
  params?: Record<string, string | number>;
}

/** What an action produced: events to append before the next card, and what to tell the user. */
export interface Step {
  events: ProgressEvent[];
  notice?: Notice;
}

export interface SessionOptions {
  /** The selected cards, in deck order. */
  cards: Card[];
  /** Card states at the start (copied: the session keeps its own view). */
  progress: ProgressMap;
  /** Recent history, for what was already done today. */
  recent: ProgressEvent[];
  settings: Settings;
  /** Seed of the interval fuzz (null: no fuzz). */
  fuzzSeed: string | null;
  /** When the session starts. */
  now: Date;
  newLimit?: number;
  reviewLimit?: number;
  /** Go through the selection without changing the schedule. */
  cram?: boolean;
  /** A plan to a date: only these cards are introduced, and these reviews are shown early. */
  newAllowed?: ReadonlySet<string>;
  extraDue?: ReadonlySet<string>;
  /** Told about oddities the scheduler notices (a clock behind a card's last review). */
  warn?: (message: string) => void;
}

/** One action the user took, kept so `u` can take it back. */
interface Action {
  cardId: string;
  before: CardProgress | undefined;
  events: ProgressEvent[];
}

export class StudySession {
  readonly started: Date;
  readonly settings: Settings;
  readonly cram: boolean;
  /** Cards in the session at the start (for `n/total`). */
  readonly total: number;
  /** Cards that became leeches in this session. */
  readonly leeches = new Set<string>();
  private readonly scheduler: Scheduler;
  /** Schedulers of decks with a preset (retention, steps over the user's settings), made on first use. */
  private readonly deckSchedulers = new Map<string, Scheduler>();
  /** The selected cards, and their decks by id (made when first needed: most sessions never ask). */
  private readonly cards: Card[];
  private decks: Map<string, string> | undefined;
  private readonly makeScheduler: (s: Settings) => Scheduler;
  private readonly queue: StudyQueue;
  private readonly session: Session;
  private readonly progress: ProgressMap;
  private readonly zone: string | undefined;
  /** Review cards due per study day: new due dates avoid busy days within their fuzz range. */
  private readonly load: Map<number, number>;
  private readonly actions: Action[] = [];
  private shown = 0;
  private shownAt: number | undefined;
  /** Recent history and this session's answers: the user's own answer times. */
  private readonly timed: ProgressEvent[];

  constructor(o: SessionOptions) {
    this.started = o.now;
    this.settings = o.settings;
    this.cram = Boolean(o.cram);
    this.zone = zoneOf(o.settings.timezone);
    this.progress = new Map(o.progress);
    let load = new Map<number, number>();
    const opts: SchedulerOptions = { ...(o.warn ? { warn: o.warn } : {}), load: (day) => load.get(day) ?? 0 };
    this.makeScheduler = (settings) => createScheduler(settings, o.fuzzSeed, opts);
    this.scheduler = this.makeScheduler(o.settings);
    // Due days counted as the scheduler counts days (memoised per block of hours: no time zone
    // lookup per card), the same study day numbers its load balancer asks for.
    load = dueLoad(this.progress, this.scheduler.dayOf);
    this.load = load;
    this.cards = o.cards;
    this.queue = buildQueue(o.cards, this.progress, o.recent, {
      now: o.now,
      settings: o.settings,
      retrievability: (s, at) => this.scheduler.retrievability(s, at),
      ...(o.newLimit !== undefined ? { newLimit: o.newLimit } : {}),
      ...(o.reviewLimit !== undefined ? { reviewLimit: o.reviewLimit } : {}),
      ...(o.cram ? { cram: true } : {}),
      ...(o.newAllowed ? { newAllowed: o.newAllowed } : {}),
      ...(o.extraDue ? { extraDue: o.extraDue } : {}),
    });
    const groups = new Map(o.cards.filter((c) => c.group).map((c) => [c.id, `${c.deckId}/${c.group}`]));
    const dayEnd = nextDayStart(o.now, o.settings.day_starts_at, this.zone).getTime();
    this.session = new Session(this.queue, dayEnd, groups, o.settings.learn_ahead_minutes * 60_000);
    this.total = this.queue.main.length + this.queue.learning.size;
    this.timed = o.recent.slice(-1000);
  }

  /** The typical time the user takes to answer (median of their latest answers). */
  get msPerAnswer(): number {
    return msPerAnswer(this.timed);
  }

  /** The card to show at `now` (learning due, then reviews and new cards, then learn-ahead); undefined when done. */
  next(now: Date): string | undefined {
    return this.session.next(now);
  }

  /** The card being shown. */
  get current(): string | undefined {
    return this.session.current;
  }

  /** The state each grade would give the current card, shown as intervals; starts its answer timer. */
  preview(now: Date): Record<Rating, StoredState> {
    const id = this.requireCurrent();
    this.shownAt = now.getTime();
    return this.schedulerOf(id).preview(this.progress.get(id)?.fsrs ?? null, id, now);
  }

  /** What the memory model says about the current card (null for a new card). */
  memory(now: Date): MemoryView | null {
    const id = this.requireCurrent();
    return memoryView(this.progress.get(id), this.schedulerOf(id), now);
  }

  /** `n/total` of the card being shown (total grows if learning cards come back more often). */
  position(): { n: number; of: number } {
    const of = Math.max(this.total, this.shown + 1);
    return { n: Math.min(this.shown + 1, of), of };
  }

  /** Cards left: new, learning, review. */
  counts(): { new: number; learning: number; review: number } {
    return this.session.counts(this.queue.isNew);
  }

  get canUndo(): boolean {
    return this.actions.length > 0;
  }

  /** When the next card of this session's selection can be studied after `now` (null: none ever). */
  nextDue(now: Date): Date | null {
    const ids = this.decks?.keys() ?? this.cards.map((c) => c.id);
    return nextDue(ids, this.progress, now, nextDayStart(now, this.settings.day_starts_at, this.zone));
  }

  /** Learning cards due later today than the learn-ahead limit. */
  laterToday(now: Date): number {
    return this.session.laterToday(now);
  }

  /** This session's view of a card's progress. */
  progressOf(id: string): CardProgress | undefined {
    return this.progress.get(id);
  }

  /** Grades the current card. A leech is reported (and suspended if the settings say so). */
  grade(rating: Rating, now: Date, newId: () => string, extra: { typed?: string } = {}): Step {
    const id = this.requireCurrent();
    const before = this.progress.get(id);
    const res = gradeCard({
      cardId: id,
      progress: before,
      rating,
      now,
      scheduler: this.schedulerOf(id),
      settings: this.settings,
      newId,
      ms: now.getTime() - (this.shownAt ?? now.getTime()),
      ...(extra.typed !== undefined ? { typed: extra.typed } : {}),
      ...(this.cram ? { cram: true } : {}),
    });
    this.record({ cardId: id, before, events: res.events });
    this.timed.push(...res.events);
    if (res.after.state === 2) addLoad(this.load, this.scheduler.dayOf(Date.parse(res.after.due)));
    let notice: Notice | undefined;
    const suspendLeech = res.becameLeech && this.settings.leech_action === 'suspend';
    if (res.becameLeech) {
      this.leeches.add(id);
      notice = { key: suspendLeech ? 'study.leech.suspended' : 'study.leech', params: { card: id, n: res.after.lapses } };
    }
    if (this.cram || suspendLeech) this.session.drop(id);
    else this.session.answer(id, res.after);
    this.shown++;
    return { events: res.events, ...(notice ? { notice } : {}) };
  }

  /** Hides the current card until the next study day. */
  bury(now: Date, newId: () => string): Step {
    const id = this.requireCurrent();
    const ev = buryCard(id, now, nextDayStart(now, this.settings.day_starts_at, this.zone), newId());
    this.record({ cardId: id, before: this.progress.get(id), events: [ev] });
    this.session.drop(id);
    return { events: [ev], notice: { key: 'study.buried', params: { card: id } } };
  }

  /** Takes the current card out of study until it is unsuspended. */
  suspend(now: Date, newId: () => string): Step {
    const id = this.requireCurrent();
    const ev = suspendCard(id, now, newId());
    this.record({ cardId: id, before: this.progress.get(id), events: [ev] });
    this.session.drop(id);
    return { events: [ev], notice: { key: 'study.suspended', params: { card: id } } };
  }

  /** Leaves a card out for the rest of the session without writing anything (it left its deck). */
  drop(id: string): void {
    this.session.drop(id);
  }

  /**
   * Takes back the last action (any number of times): undo events restore the card exactly, and
   * the queue is as it was. `back` is the card to show again (show it without calling next()).
   */
  undo(now: Date, newId: () => string): Step & { back?: string } {
    const last = this.actions.pop();
    if (!last) return { events: [], notice: { key: 'study.nothingtoundo' } };
    const events = undoAction(last, now, newId);
    this.apply(events);
    const back = this.session.undo();
    if (back !== undefined && last.events[0]?.type === 'review') this.shown = Math.max(0, this.shown - 1);
    return { events, notice: { key: 'study.undone', params: { card: last.cardId } }, ...(back !== undefined ? { back } : {}) };
  }

  /**
   * The end-of-session numbers at `now`. `events` holds at least this session's (the recent
   * window will do when `days`, the per-day review totals, give the streak; else the whole history).
   */
  summary(a: {
    events: ProgressEvent[];
    progress: ProgressMap;
    cardIds: { has(id: string): boolean };
    now: Date;
    days?: ReviewDays;
  }): SessionSummary {
    return summarizeSession({
      events: a.events,
      sessionStart: this.started.toISOString(),
      now: a.now,
      progress: a.progress,
      cardIds: a.cardIds,
      settings: this.settings,
      leeches: this.leeches.size,
      ...(a.days ? { days: a.days } : {}),
    });
  }

  private get deckOf(): Map<string, string> {
    this.decks ??= new Map(this.cards.map((c) => [c.id, c.deckId]));
    return this.decks;
  }

  /** The scheduler of a card's deck: its preset's, or the user's. */
  private schedulerOf(id: string): Scheduler {
    if (Object.keys(this.settings.presets).length === 0) return this.scheduler;
    const deck = this.deckOf.get(id);
    if (deck === undefined || !presetNameFor(this.settings, deck)) return this.scheduler;
    let s = this.deckSchedulers.get(deck);
    if (!s) {
      s = this.makeScheduler(settingsFor(this.settings, deck));
      this.deckSchedulers.set(deck, s);
    }
    return s;
  }

  private record(action: Action): void {
    this.actions.push(action);
    this.apply(action.events);
  }

  private apply(events: ProgressEvent[]): void {
    for (const e of [...events].sort(compareEvents)) this.progress.set(e.card, applyEvent(this.progress.get(e.card), e));
  }

  private requireCurrent(): string {
    const id = this.session.current;
    if (id === undefined) throw new Error('no card is being shown: call next() first');
    return id;
  }
}
