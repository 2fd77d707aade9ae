// Reschedule, set-due and forget: a fixture history scheduled at 90 % retention with known
// parameters, then a change to 80 %; the expected due days are computed here with ts-fsrs.
import { default_w, FSRSAlgorithm, generatorParameters } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { foldEvents, type ProgressEvent, type Rating, type StoredState, validateEvent } from '../../src/core/progress.js';
import { forgetEvent, planReschedule, rescheduleEvents, setDueEvent, summarizeMoves } from '../../src/core/reschedule.js';
import { createScheduler, DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { prng } from '../helpers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const W = [...default_w];
W[8] = 1.2; // "known parameters": not the defaults
const at90: Settings = { ...DEFAULT_SETTINGS, timezone: 'UTC', fsrs_params: W, desired_retention: 0.9 };
const at80: Settings = { ...at90, desired_retention: 0.8 };
const NOW = new Date('2026-04-01T15:00:00.000Z');
/** Study day in UTC with the 04:00 day start, computed here rather than by src/core/time.ts. */
const studyDay = (ms: number) => Math.floor((ms - 4 * HOUR) / DAY);

/** 60 cards reviewed at 90 % over the 80 days before NOW; returns the events. */
function history(): ProgressEvent[] {
  const rand = prng(3);
  const s = createScheduler(at90, null);
  const events: ProgressEvent[] = [];
  const states = new Map<string, StoredState | null>();
  const start = NOW.getTime() - 80 * DAY;
  for (let day = 0; day < 80; day++) {
    const t = start + day * DAY;
    if (day < 30 && day % 2 === 0) for (let k = 0; k < 4; k++) states.set(`c${states.size}`, null);
    for (const [card, st] of states) {
      if (st && Date.parse(st.due) > t) continue;
      const rating = (st ? (rand() < 0.85 ? 3 : 1) : 4) as Rating;
      let after = s.grade(st, card, new Date(t), rating);
      events.push({ id: `e${events.length}`, t: new Date(t).toISOString(), type: 'review', card, rating, before: st, after });
      if (after.state === 3) {
        const t2 = Date.parse(after.due);
        const back = s.grade(after, card, new Date(t2), 3);
        events.push({
          id: `e${events.length}`,
          t: new Date(t2).toISOString(),
          type: 'review',
          card,
          rating: 3,
          before: after,
          after: back,
        });
        after = back;
      }
      states.set(card, after);
    }
  }
  return events;
}

describe('reschedule', () => {
  const events = history();
  const progress = foldEvents(events);
  const oracle = new FSRSAlgorithm(
    generatorParameters({ w: W, request_retention: 0.8, enable_fuzz: false, enable_short_term: true }),
  );

  it('--dry-run plan: every review card moves to its last review day plus the 80 % interval (never before today)', () => {
    const moves = planReschedule(progress.entries(), createScheduler(at80, null), NOW);
    const today = studyDay(NOW.getTime());
    let expected = 0;
    for (const [card, p] of progress) {
      const s = p.fsrs as StoredState;
      if (s.state !== 2) continue;
      const day = Math.max(today, studyDay(Date.parse(s.last as string)) + oracle.next_interval(s.s, 0));
      const move = moves.find((m) => m.card === card);
      if (day === studyDay(Date.parse(s.due))) expect(move).toBeUndefined();
      else {
        expected++;
        expect(studyDay(Date.parse(move?.after.due as string))).toBe(day);
        expect(move?.after.due.slice(11)).toBe('04:00:00.000Z');
        expect(move?.shift).toBe(day - studyDay(Date.parse(s.due)));
      }
    }
    expect(moves).toHaveLength(expected);
    expect(expected).toBeGreaterThan(30);
    // Lower retention, longer intervals: cards move later, none earlier.
    const summary = summarizeMoves(moves);
    expect(summary).toMatchObject({ cards: expected, earlier: 0, later: expected });
    expect(summary.buckets.reduce((n, b) => n + b.later, 0)).toBe(expected);
  });

  it('applied as set events: the fold moves due dates only, a later merged review is kept, and the events validate', () => {
    const moves = planReschedule(progress.entries(), createScheduler(at80, null), NOW);
    let n = 0;
    const set = rescheduleEvents(moves, NOW, () => `r${n++}`);
    for (const e of set) expect(validateEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
    const after = foldEvents([...events, ...set]);
    for (const m of moves) {
      const s = after.get(m.card)?.fsrs;
      expect(s).toEqual({ ...m.before, due: m.after.due, sched: m.after.sched });
    }
  });

  it('set-due puts a card at the start of study day today + DAYS; forget makes it new and keeps its history', () => {
    const s = createScheduler(at90, null);
    const [card, p] = [...progress].find(([, x]) => x.fsrs?.state === 2) as [string, { fsrs: StoredState }];
    const due = setDueEvent(card, p.fsrs, 3, s, NOW, 'sd');
    const moved = foldEvents([...events, due]).get(card)?.fsrs;
    expect(moved?.due).toBe(new Date((studyDay(NOW.getTime()) + 3) * DAY + 4 * HOUR).toISOString());
    expect(moved).toMatchObject({ s: p.fsrs.s, d: p.fsrs.d, reps: p.fsrs.reps, state: 2 });
    const forgot = foldEvents([...events, forgetEvent(card, p.fsrs, NOW, 'fg')]);
    expect(forgot.get(card)?.fsrs).toBeNull();
    expect(events.filter((e) => e.card === card).length).toBeGreaterThan(1);
    expect(validateEvent({ ...due, reason: 'bogus' })).toMatch(/reason/);
  });
});
