import { describe, expect, it } from 'vitest';
import {
  type CardProgress,
  foldEvents,
  type ProgressEvent,
  type ProgressMap,
  type StoredState,
} from '../../src/core/progress.js';
import { buildQueue, LEARN_AHEAD_MS, Session } from '../../src/core/queue.js';
import { createScheduler, DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { buryCard, gradeCard, suspendCard, undoAction } from '../../src/core/study.js';
import { dayStart, nextDayStart } from '../../src/core/time.js';
import { card } from '../fixtures/card.js';

const settings: Settings = { ...DEFAULT_SETTINGS, new_per_day: 3, reviews_per_day: 10 };
const scheduler = createScheduler(settings, 'test-seed');
const NOW = new Date('2026-03-10T10:00:00Z'); // TZ=UTC in tests (vitest.config.ts)
const MIN = 60_000;
const DAY = 86_400_000;

function reviewState(dueInDays: number, stability: number, opts: Partial<StoredState> = {}): StoredState {
  const due = new Date(NOW.getTime() + dueInDays * DAY);
  return {
    due: due.toISOString(),
    s: stability,
    d: 5,
    reps: 3,
    lapses: 0,
    state: 2,
    step: 0,
    sched: Math.round(stability),
    last: new Date(due.getTime() - stability * DAY).toISOString(),
    ...opts,
  };
}

const prog = (fsrs: StoredState | null, extra: Partial<CardProgress> = {}): CardProgress => ({
  fsrs,
  suspended: false,
  lastKey: 'x',
  ...extra,
});

const opts = { now: NOW, settings, retrievability: (s: StoredState, at: Date) => scheduler.retrievability(s, at) };

let seq = 0;
const newId = () => `e${String(++seq).padStart(5, '0')}`;

describe('buildQueue', () => {
  it('orders learning first, then due reviews by lowest retrievability, then new cards in deck order', () => {
    const cards = ['n1', 'r-fresh', 'l1', 'n2', 'r-old', 'r-future', 'n3', 'n4'].map((id) => card(id));
    const progress: ProgressMap = new Map([
      ['l1', prog({ ...reviewState(0, 1), state: 1, due: new Date(NOW.getTime() - MIN).toISOString() })],
      ['r-fresh', prog(reviewState(-1, 30))], // 1 day overdue on a 30-day interval: high R
      ['r-old', prog(reviewState(-5, 3))], // 5 days overdue on a 3-day interval: low R
      ['r-future', prog(reviewState(3, 10))],
    ]);
    const q = buildQueue(cards, progress, [], opts);
    expect([...q.learning.keys()]).toEqual(['l1']);
    expect(q.main).toEqual(['r-old', 'r-fresh', 'n1', 'n2', 'n3']);
    const s = new Session(q, nextDayStart(NOW, 4).getTime());
    expect(s.next(NOW)).toBe('l1');
  });

  it('leaves out suspended and buried cards; drafts without answers are studied as new cards', () => {
    const cards = [card('a'), card('b'), card('c'), card('d', { draft: true })];
    const progress: ProgressMap = new Map([
      ['a', prog(null, { suspended: true })],
      ['b', prog(null, { buriedUntil: new Date(NOW.getTime() + DAY).toISOString() })],
    ]);
    expect(buildQueue(cards, progress, [], opts).main).toEqual(['c', 'd']);
  });

  it('counts the daily new-card limit across runs on the same day and resets at the day boundary', () => {
    const cards = ['a', 'b', 'c', 'd', 'e'].map((id) => card(id));
    // First run: answer two new cards.
    const events: ProgressEvent[] = [];
    let progress: ProgressMap = new Map();
    for (const id of ['a', 'b']) {
      const r = gradeCard({ cardId: id, progress: progress.get(id), rating: 4, now: NOW, scheduler, settings, newId });
      events.push(...r.events);
      progress = foldEvents(events);
    }
    const later = new Date(NOW.getTime() + 2 * 3_600_000);
    const second = buildQueue(cards, progress, events, { ...opts, now: later });
    expect(second.main).toEqual(['c']); // 3 per day, 2 done
    // --new overrides the limit but still counts what was done.
    expect(buildQueue(cards, progress, events, { ...opts, now: later, newLimit: 4 }).main).toEqual(['c', 'd']);
    // The day rolls over at 04:00 (default): 03:59 next morning is still the same day...
    const before4 = new Date('2026-03-11T03:59:00Z');
    expect(buildQueue(cards, progress, events, { ...opts, now: before4 }).main).toEqual(['c']);
    // ...04:00 is a new day with a fresh allowance.
    const after4 = new Date('2026-03-11T04:00:00Z');
    expect(buildQueue(cards, progress, events, { ...opts, now: after4 }).main).toEqual(['c', 'd', 'e']);
  });

  it('uses the configured day-start hour', () => {
    const s = { ...settings, day_starts_at: 0 };
    expect(dayStart(new Date('2026-03-11T03:59:00Z'), 0).toISOString()).toBe('2026-03-11T00:00:00.000Z');
    expect(dayStart(new Date('2026-03-11T03:59:00Z'), 4).toISOString()).toBe('2026-03-10T04:00:00.000Z');
    const events = gradeCard({ cardId: 'a', progress: undefined, rating: 4, now: NOW, scheduler, settings: s, newId }).events;
    const progress = foldEvents(events);
    const cards = ['a', 'b', 'c', 'd'].map((id) => card(id));
    // With midnight as the boundary, 03:59 on the 11th is already a new day.
    const q = buildQueue(cards, progress, events, { ...opts, settings: s, now: new Date('2026-03-11T03:59:00Z') });
    expect(q.main).toEqual(['b', 'c', 'd']);
  });

  it('keeps reviews and new cards together under the daily review limit', () => {
    const s = { ...settings, reviews_per_day: 3, new_per_day: 5 };
    const cards = ['r1', 'r2', 'n1', 'n2', 'n3'].map((id) => card(id));
    const progress: ProgressMap = new Map([
      ['r1', prog(reviewState(-1, 5))],
      ['r2', prog(reviewState(-2, 5))],
    ]);
    expect(buildQueue(cards, progress, [], { ...opts, settings: s }).main).toEqual(['r2', 'r1', 'n1']);
  });

  it('does not show siblings of a card answered today', () => {
    const cards = [card('a', { group: 'g' }), card('b', { group: 'g' }), card('c')];
    const events = gradeCard({ cardId: 'a', progress: undefined, rating: 4, now: NOW, scheduler, settings, newId }).events;
    const q = buildQueue(cards, foldEvents(events), events, { ...opts, now: new Date(NOW.getTime() + MIN) });
    expect(q.main).toEqual(['c']);
  });

  it('cram mode takes every selected card, due or not', () => {
    const cards = [card('r-future'), card('n1')];
    const progress: ProgressMap = new Map([['r-future', prog(reviewState(30, 40))]]);
    expect(buildQueue(cards, progress, [], { ...opts, cram: true }).main).toEqual(['r-future', 'n1']);
  });
});

describe('Session', () => {
  it('shows a learning step again in the same session once it is due', () => {
    const cards = [card('a'), card('b')];
    const q = buildQueue(cards, new Map(), [], opts);
    const s = new Session(q, nextDayStart(NOW, 4).getTime());
    expect(s.next(NOW)).toBe('a');
    const r = gradeCard({ cardId: 'a', progress: undefined, rating: 1, now: NOW, scheduler, settings, newId });
    expect(r.after.state).toBe(1);
    expect(Date.parse(r.after.due) - NOW.getTime()).toBe(MIN); // first learning step: 1m
    s.answer('a', r.after);
    expect(s.counts(q.isNew)).toEqual({ new: 1, learning: 1, review: 0 });
    expect(s.next(NOW)).toBe('b'); // a is not due yet
    s.answer('b', gradeCard({ cardId: 'b', progress: undefined, rating: 4, now: NOW, scheduler, settings, newId }).after);
    // Nothing else left: a learning card due within the learn-ahead limit is shown early.
    expect(s.next(NOW)).toBe('a');
    expect(s.next(new Date(NOW.getTime() + 2 * MIN))).toBe('a');
    const r2 = gradeCard({
      cardId: 'a',
      progress: { fsrs: r.after, suspended: false, lastKey: '' },
      rating: 3,
      now: NOW,
      scheduler,
      settings,
      newId,
    });
    s.answer('a', r2.after);
    expect(s.next(NOW)).toBe('a'); // 10m step is within 20m learn-ahead
    const r3 = gradeCard({
      cardId: 'a',
      progress: { fsrs: r2.after, suspended: false, lastKey: '' },
      rating: 3,
      now: new Date(NOW.getTime() + 10 * MIN),
      scheduler,
      settings,
      newId,
    });
    expect(r3.after.state).toBe(2); // graduated to review, due in days
    s.answer('a', r3.after);
    expect(s.next(NOW)).toBeUndefined();
    expect(LEARN_AHEAD_MS).toBe(20 * MIN);
  });

  it('undo restores the queue and the card shown, any number of steps back', () => {
    const q = buildQueue(
      ['a', 'b', 'c'].map((id) => card(id)),
      new Map(),
      [],
      opts,
    );
    const s = new Session(q, nextDayStart(NOW, 4).getTime());
    const steps: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = s.next(NOW) as string;
      steps.push(id);
      s.answer(id, gradeCard({ cardId: id, progress: undefined, rating: 4, now: NOW, scheduler, settings, newId }).after);
    }
    expect(s.next(NOW)).toBeUndefined();
    expect(s.undo()).toBe('c');
    expect(s.undo()).toBe('b');
    expect(s.next(NOW)).toBe('b');
    expect(s.counts(q.isNew).new).toBe(2);
    expect(s.undo()).toBe('a');
    expect(s.undo()).toBeUndefined();
    expect(steps).toEqual(['a', 'b', 'c']);
  });
});

describe('study actions and the history', () => {
  it('undo writes events that restore the exact previous card state, even after several grades', () => {
    const events: ProgressEvent[] = [];
    const states: (CardProgress | undefined)[] = [];
    let progress: ProgressMap = new Map();
    const actions: { cardId: string; before: CardProgress | undefined; events: ProgressEvent[] }[] = [];
    let t = NOW.getTime();
    for (const rating of [3, 3, 1, 4] as const) {
      const before = progress.get('a');
      states.push(before);
      const r = gradeCard({ cardId: 'a', progress: before, rating, now: new Date(t), scheduler, settings, newId });
      events.push(...r.events);
      actions.push({ cardId: 'a', before, events: r.events });
      progress = foldEvents(events);
      t += 11 * MIN;
    }
    for (let k = 3; k >= 0; k--) {
      events.push(...undoAction(actions[k]!, new Date(t), newId));
      t += 1000;
      const now = foldEvents(events).get('a');
      expect(now?.fsrs ?? null).toEqual(states[k]?.fsrs ?? null);
      expect(now?.suspended).toBe(states[k]?.suspended ?? false);
    }
  });

  it('bury hides a card until the next day; suspend until unsuspended; both undoable', () => {
    const cards = [card('a'), card('b')];
    const until = nextDayStart(NOW, 4);
    const bury = buryCard('a', NOW, until, newId());
    const sus = suspendCard('b', NOW, newId());
    const events: ProgressEvent[] = [bury, sus];
    const progress = foldEvents(events);
    expect(buildQueue(cards, progress, events, opts).main).toEqual([]);
    const tomorrow = new Date(until.getTime() + MIN);
    expect(buildQueue(cards, progress, events, { ...opts, now: tomorrow }).main).toEqual(['a']);
    const undo = undoAction({ cardId: 'b', before: undefined, events: [sus] }, NOW, newId);
    const after = foldEvents([...events, ...undo]);
    expect(buildQueue(cards, after, events, { ...opts, now: tomorrow }).main).toEqual(['a', 'b']);
  });

  it('tags a card as a leech at the 8th lapse, and suspends it when the settings say so', () => {
    const base = reviewState(0, 10, { lapses: 7 });
    const p = prog(base);
    const tagged = gradeCard({ cardId: 'a', progress: p, rating: 1, now: NOW, scheduler, settings, newId });
    expect(tagged.after.lapses).toBe(8);
    expect(tagged.becameLeech).toBe(true);
    expect(tagged.events.map((e) => e.type)).toEqual(['review']);
    const s = { ...settings, leech_action: 'suspend' as const };
    const suspended = gradeCard({ cardId: 'a', progress: p, rating: 1, now: NOW, scheduler, settings: s, newId });
    expect(suspended.events.map((e) => e.type)).toEqual(['review', 'suspend']);
    expect(foldEvents(suspended.events).get('a')?.suspended).toBe(true);
    // A 7th lapse is not a leech yet; a 9th is no longer "new".
    expect(
      gradeCard({
        cardId: 'a',
        progress: prog(reviewState(0, 10, { lapses: 6 })),
        rating: 1,
        now: NOW,
        scheduler,
        settings,
        newId,
      }).becameLeech,
    ).toBe(false);
    expect(
      gradeCard({
        cardId: 'a',
        progress: prog(reviewState(0, 10, { lapses: 8 })),
        rating: 1,
        now: NOW,
        scheduler,
        settings,
        newId,
      }).becameLeech,
    ).toBe(false);
  });

  it('fuzz is seeded: the same seed gives the same intervals, another seed may differ, and preview matches grade', () => {
    const st = reviewState(0, 40);
    const a = createScheduler(settings, 'seed-1');
    const b = createScheduler(settings, 'seed-1');
    const intervals = (s: ReturnType<typeof createScheduler>, id: string) => s.preview(st, id, NOW)[3].due;
    expect(intervals(a, 'x')).toBe(intervals(b, 'x'));
    expect(a.grade(st, 'x', NOW, 3).due).toBe(a.preview(st, 'x', NOW)[3].due);
    const many = new Set(['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((id) => intervals(a, id)));
    expect(many.size).toBeGreaterThan(1); // fuzz spreads cards that would otherwise clump
    const noFuzz = createScheduler(settings, null);
    const flat = new Set(['c1', 'c2', 'c3'].map((id) => noFuzz.preview(st, id, NOW)[3].due));
    expect(flat.size).toBe(1);
  });

  it('cram reviews are logged but leave the schedule unchanged', () => {
    const before = prog(reviewState(10, 20));
    const r = gradeCard({ cardId: 'a', progress: before, rating: 1, now: NOW, scheduler, settings, newId, cram: true });
    expect((r.events[0] as { cram?: boolean }).cram).toBe(true);
    const folded = foldEvents([
      {
        id: 'e0',
        t: new Date(NOW.getTime() - DAY).toISOString(),
        type: 'review',
        card: 'a',
        rating: 3,
        before: null,
        after: before.fsrs as StoredState,
      },
      ...r.events,
    ]);
    expect(folded.get('a')?.fsrs).toEqual(before.fsrs);
  });
});
