import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/deck.js';
import { foldEvents, type ProgressEvent, type ProgressMap, type StoredState } from '../../src/core/progress.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { type SessionOptions, StudySession } from '../../src/core/session.js';
import { card } from '../fixtures/card.js';

const NOW = new Date('2026-03-10T10:00:00Z'); // TZ=UTC in tests (vitest.config.ts)
const MIN = 60_000;
const DAY = 86_400_000;
const settings: Settings = { ...DEFAULT_SETTINGS, new_per_day: 3, reviews_per_day: 10 };
const at = (ms: number) => new Date(NOW.getTime() + ms);

function review(lapses: number, dueInDays = -1): StoredState {
  return {
    due: at(dueInDays * DAY).toISOString(),
    s: 5,
    d: 6,
    reps: 8,
    lapses,
    state: 2,
    step: 0,
    sched: 5,
    last: at(-6 * DAY).toISOString(),
  };
}

/** A session plus what a driver would do: ids from a counter, every step's events kept as "on disk". */
function drive(o: Partial<SessionOptions> & { cards: Card[] }) {
  const session = new StudySession({ progress: new Map(), recent: [], settings, fuzzSeed: 'seed', now: NOW, ...o });
  const log: ProgressEvent[] = [];
  let n = 0;
  const newId = () => `e${String(n++).padStart(3, '0')}`;
  const keep = <T extends { events: ProgressEvent[] }>(step: T): T => {
    log.push(...step.events);
    return step;
  };
  return { session, log, newId, keep };
}

describe('StudySession', () => {
  it('shows reviews before new cards, brings a learning card back, and ends', () => {
    const progress: ProgressMap = new Map([['r', { fsrs: review(0), suspended: false, lastKey: 'k' }]]);
    const { session, newId, keep, log } = drive({ cards: [card('a'), card('r')], progress });
    expect(session.total).toBe(2);
    expect(session.next(NOW)).toBe('r');
    expect(session.counts()).toEqual({ new: 1, learning: 0, review: 1 });
    session.preview(NOW);
    keep(session.grade(3, at(5000), newId));
    expect(session.next(at(5000))).toBe('a');
    expect(session.position()).toEqual({ n: 2, of: 2 });
    keep(session.grade(1, at(9000), newId)); // Again: a learning step, back in a minute or so
    const back = session.next(at(9000));
    expect(back).toBe('a'); // within the learn-ahead limit, nothing else left
    keep(session.grade(4, at(20 * MIN), newId));
    expect(session.next(at(20 * MIN))).toBeUndefined();
    expect(log.map((e) => [e.type, e.card, e.type === 'review' ? e.rating : 0])).toEqual([
      ['review', 'r', 3],
      ['review', 'a', 1],
      ['review', 'a', 4],
    ]);
    // The first answer's timer started at the preview.
    expect(log[0]?.type === 'review' && log[0].ms).toBe(5000);
    // The session's view of the cards is the fold of what it wrote.
    expect(session.progressOf('a')).toEqual(foldEvents([...log]).get('a'));
  });

  it('undo restores the card exactly and shows it again, any number of steps', () => {
    const { session, newId, keep, log } = drive({ cards: [card('a'), card('b')] });
    expect(session.undo(NOW, newId)).toEqual({ events: [], notice: { key: 'study.nothingtoundo' } });
    session.next(NOW);
    keep(session.grade(3, at(1000), newId));
    session.next(at(1000));
    keep(session.bury(at(2000), newId));
    expect(session.next(at(2000))).toBe('a'); // learning card, learn-ahead
    const u1 = keep(session.undo(at(3000), newId));
    expect(u1.back).toBe('b');
    expect(u1.notice).toEqual({ key: 'study.undone', params: { card: 'b' } });
    expect(session.progressOf('b')?.buriedUntil).toBeUndefined();
    const u2 = keep(session.undo(at(4000), newId));
    expect(u2.back).toBe('a');
    expect(session.progressOf('a')?.fsrs).toBeNull();
    expect(session.position()).toEqual({ n: 1, of: 2 });
    expect(session.canUndo).toBe(false);
    // Replaying the log gives what the session shows.
    const fold = foldEvents(log);
    expect(fold.get('a')?.fsrs).toBeNull();
    expect(fold.get('b')?.buriedUntil).toBeUndefined();
  });

  it('buries until the next study day and suspends, dropping the card from the session', () => {
    const { session, newId, keep } = drive({ cards: [card('a'), card('b')] });
    session.next(NOW);
    const b = keep(session.bury(NOW, newId));
    expect(b.events).toEqual([{ id: 'e000', t: NOW.toISOString(), type: 'bury', card: 'a', until: '2026-03-11T04:00:00.000Z' }]);
    expect(session.next(NOW)).toBe('b');
    const s = keep(session.suspend(NOW, newId));
    expect(s.events[0]).toMatchObject({ type: 'suspend', card: 'b' });
    expect(s.notice).toEqual({ key: 'study.suspended', params: { card: 'b' } });
    expect(session.next(NOW)).toBeUndefined();
  });

  it('reports a leech on the lapse that reaches the threshold, and suspends it if set to', () => {
    const progress: ProgressMap = new Map([['x', { fsrs: review(7), suspended: false, lastKey: 'k' }]]);
    const tag = drive({ cards: [card('x')], progress, settings: { ...settings, leech_threshold: 8, leech_action: 'tag' } });
    tag.session.next(NOW);
    const step = tag.session.grade(1, NOW, tag.newId);
    expect(step.notice).toEqual({ key: 'study.leech', params: { card: 'x', n: 8 } });
    expect(step.events.map((e) => e.type)).toEqual(['review']);
    expect(tag.session.leeches).toEqual(new Set(['x']));
    expect(tag.session.next(NOW)).toBe('x'); // relearning, still in the session

    const sus = drive({ cards: [card('x')], progress, settings: { ...settings, leech_threshold: 8, leech_action: 'suspend' } });
    sus.session.next(NOW);
    const s2 = sus.session.grade(1, NOW, sus.newId);
    expect(s2.events.map((e) => e.type)).toEqual(['review', 'suspend']);
    expect(s2.notice?.key).toBe('study.leech.suspended');
    expect(sus.session.next(NOW)).toBeUndefined();
    expect(sus.session.progressOf('x')?.suspended).toBe(true);
  });

  it('cram goes through every selected card once and leaves the schedule alone', () => {
    const fsrs = review(0, 30);
    const progress: ProgressMap = new Map([['r', { fsrs, suspended: false, lastKey: 'k' }]]);
    const { session, newId, keep } = drive({ cards: [card('a'), card('r')], progress, cram: true });
    const seen: string[] = [];
    for (let id = session.next(NOW); id !== undefined; id = session.next(NOW)) {
      seen.push(id);
      const step = keep(session.grade(1, NOW, newId));
      expect(step.events[0]).toMatchObject({ type: 'review', cram: true });
    }
    expect(seen).toEqual(['r', 'a']);
    expect(session.progressOf('r')?.fsrs).toEqual(fsrs);
    expect(session.progressOf('a')?.fsrs ?? null).toBeNull();
  });

  it('counts learning cards due later than the learn-ahead limit as later today', () => {
    const learning: StoredState = { ...review(0), state: 1, due: at(45 * MIN).toISOString(), sched: 0 };
    const { session } = drive({
      cards: [card('l')],
      progress: new Map([['l', { fsrs: learning, suspended: false, lastKey: 'k' }]]),
    });
    expect(session.next(NOW)).toBeUndefined();
    expect(session.laterToday(NOW)).toBe(1);
    expect(session.next(at(30 * MIN))).toBe('l');
  });

  it('is deterministic: the same seed, times and ids give the same events', () => {
    const run = () => {
      const { session, newId, keep, log } = drive({ cards: [card('a'), card('b'), card('c')] });
      for (let i = 0, id = session.next(NOW); id !== undefined && i < 12; i++, id = session.next(at(i * 11 * MIN))) {
        session.preview(at(i * 11 * MIN));
        keep(session.grade((1 + (i % 4)) as 1 | 2 | 3 | 4, at(i * 11 * MIN + 3000), newId));
      }
      return log;
    };
    const a = run();
    expect(a.length).toBeGreaterThan(3);
    expect(run()).toEqual(a);
  });

  it('summarises the session from the history', () => {
    const { session, newId, keep, log } = drive({ cards: [card('a'), card('b')] });
    session.next(NOW);
    session.preview(NOW);
    keep(session.grade(1, at(4000), newId));
    session.next(at(4000));
    keep(session.grade(3, at(9000), newId));
    const summary = session.summary({ events: log, progress: foldEvents(log), cardIds: new Set(['a', 'b']), now: at(10_000) });
    expect(summary).toMatchObject({ reviewed: 2, again: 1, newLearned: 2, leeches: 0, streak: 1 });
  });

  it('tells what the memory model says about the card shown: nothing for a new card', () => {
    const progress: ProgressMap = new Map([['r', { fsrs: review(0), suspended: false, lastKey: 'k' }]]);
    const { session, newId } = drive({ cards: [card('a'), card('r')], progress });
    expect(session.next(NOW)).toBe('r');
    expect(session.memory(NOW)).toMatchObject({ stability: 5, difficulty: 6, nextReview: review(0).due });
    session.grade(3, NOW, newId);
    expect(session.next(NOW)).toBe('a');
    expect(session.memory(NOW)).toBeNull();
  });

  it("schedules a card with its deck's preset, others with the user's settings", () => {
    const other = card('o', { deckId: 'other' });
    const presets = { d: { learning_steps: ['30m'] } } as unknown as Settings['presets'];
    const { session, newId } = drive({ cards: [card('a'), other], settings: { ...settings, presets } });
    const due = (id: string) => Date.parse(session.progressOf(id)?.fsrs?.due ?? '') - NOW.getTime();
    session.next(NOW);
    session.grade(1, NOW, newId);
    session.next(NOW);
    session.grade(1, NOW, newId);
    expect(due('a')).toBe(30 * MIN);
    expect(due('o')).toBe(MIN);
  });

  it('refuses an action when no card is shown', () => {
    const { session, newId } = drive({ cards: [] });
    expect(session.next(NOW)).toBeUndefined();
    expect(() => session.grade(3, NOW, newId)).toThrow(/next\(\)/);
  });
});
