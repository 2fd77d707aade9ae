import { describe, expect, it } from 'vitest';
import type { CardProgress, ProgressEvent, ProgressMap, Rating, ReviewEvent, StoredState } from '../../src/core/progress.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import {
  computeStats,
  dateReviews,
  dueForecast,
  heatmap,
  MAX_ANSWER_MS,
  stateCounts,
  streak,
  studyDayOf,
  todayStats,
  topicTable,
  trueRetention,
} from '../../src/core/stats.js';
import { dayKey } from '../../src/core/time.js';

const TZ = 'Asia/Shanghai'; // UTC+8, no DST
const settings: Settings = { ...DEFAULT_SETTINGS, day_starts_at: 4 };
// 10:00 on Sunday 2026-03-15 in Shanghai. The study day 2026-03-15 began at 04:00 local = 2026-03-14T20:00Z.
const NOW = new Date('2026-03-15T02:00:00Z');

function st(state: 0 | 1 | 2 | 3, sched: number, extra: Partial<StoredState> = {}): StoredState {
  return { due: '2026-04-01T00:00:00.000Z', s: sched || 1, d: 5, reps: 3, lapses: 0, state, step: 0, sched, ...extra };
}

let seq = 0;
function review(
  t: string,
  card: string,
  rating: Rating,
  before: StoredState | null,
  extra: Partial<ReviewEvent> = {},
): ReviewEvent {
  return { id: `e${String(seq++).padStart(4, '0')}`, type: 'review', t, card, rating, before, after: st(2, 30), ...extra };
}

const mature = st(2, 30);
// The hand-made history. Comments give Shanghai local time and the study day (day starts at 04:00).
const r1 = review('2026-03-15T01:00:00Z', 'a', 3, mature, { ms: 10_000 }); // 09:00 3/15 → 3/15
const r2 = review('2026-03-14T21:00:00Z', 'b', 1, st(2, 21), { ms: 20_000 }); // 05:00 3/15 → 3/15; interval exactly 21: mature
const r7 = review('2026-03-15T01:30:00Z', 'd', 3, st(2, 20), { ms: 900_000 }); // 3/15; interval 20: not mature; time capped
const r3 = review('2026-03-14T19:30:00Z', 'c', 3, st(1, 0), { ms: 60_000 }); // 03:30 3/15 → study day 3/14
const r4 = review('2026-03-13T12:00:00Z', 'a', 2, mature); // 20:00 3/13 → 3/13; Hard counts as passed
const r8 = review('2026-03-08T20:30:00Z', 'a', 3, mature); // 04:30 3/9 → 3/9: first day of the 7-day window
const r9 = review('2026-03-08T19:30:00Z', 'b', 1, mature); // 03:30 3/9 → 3/8: just outside it
const r10 = review('2026-03-05T06:00:00Z', 'b', 1, mature); // 3/5
const r11 = review('2025-12-05T06:00:00Z', 'a', 3, mature); // 100 days ago
const r12 = review('2025-02-08T06:00:00Z', 'a', 3, mature); // 400 days ago: outside every window
const undone = review('2026-03-15T01:10:00Z', 'e', 1, mature, { ms: 5000 });
const undo: ProgressEvent = {
  id: 'z-undo',
  type: 'undo',
  t: '2026-03-15T01:11:00Z',
  card: 'e',
  target: undone.id,
  restore: { fsrs: mature, suspended: false },
};
const cram = review('2026-03-15T01:20:00Z', 'f', 1, mature, { cram: true, ms: 5000 });
const reviews = [r1, r2, r7, r3, r4, r8, r9, r10, r11, r12].sort((x, y) => (x.t < y.t ? -1 : 1));
const events: ProgressEvent[] = [...reviews, undone, undo, cram];

const dayOf = studyDayOf(4, TZ);
const today = dayOf(NOW.getTime());
const dated = dateReviews(reviews, dayOf);
const day = (iso: string) => Date.parse(iso) / 86_400_000;

describe('study days', () => {
  it('start at day_starts_at in the given time zone', () => {
    expect(today).toBe(day('2026-03-15'));
    expect(dayOf(Date.parse('2026-03-14T19:59:59Z'))).toBe(day('2026-03-14')); // 03:59:59 local
    expect(dayOf(Date.parse('2026-03-14T20:00:00Z'))).toBe(day('2026-03-15')); // 04:00 local
    // The same instant in UTC with the day starting at midnight is still the 14th.
    expect(studyDayOf(0, 'UTC')(Date.parse('2026-03-14T21:00:00Z'))).toBe(day('2026-03-14'));
  });

  it('agree with time.ts dayKey every 15 minutes through DST changes, odd offsets included', () => {
    const from = Date.parse('2026-03-01T00:00:00Z');
    const to = Date.parse('2026-04-10T00:00:00Z');
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London']) {
      for (const hour of [0, 4]) {
        const f = studyDayOf(hour, zone);
        for (let ms = from; ms < to; ms += 900_000) {
          const expected = Date.parse(dayKey(new Date(ms), hour, zone)) / 86_400_000;
          if (f(ms) !== expected) throw new Error(`${zone} ${hour}h ${new Date(ms).toISOString()}: ${f(ms)} ≠ ${expected}`);
        }
      }
    }
  });

  it('follow daylight saving time (New York, spring forward on 2026-03-08)', () => {
    const ny = studyDayOf(4, 'America/New_York');
    // Before the change 04:00 EST = 09:00Z; after it 04:00 EDT = 08:00Z.
    expect(ny(Date.parse('2026-03-07T08:59:00Z'))).toBe(day('2026-03-06'));
    expect(ny(Date.parse('2026-03-07T09:00:00Z'))).toBe(day('2026-03-07'));
    expect(ny(Date.parse('2026-03-09T07:59:00Z'))).toBe(day('2026-03-08'));
    expect(ny(Date.parse('2026-03-09T08:00:00Z'))).toBe(day('2026-03-09'));
  });
});

describe('today', () => {
  it('counts today’s reviews, the Again share and the time spent (each answer capped)', () => {
    const s = todayStats(dateReviews([r1, r2, r7, r3, r4], dayOf), today);
    expect(s).toEqual({ day: '2026-03-15', reviewed: 3, again: 1, againRate: 1 / 3, ms: 10_000 + 20_000 + MAX_ANSWER_MS });
  });

  it('in UTC with the day starting at midnight, the 05:00-Shanghai review belongs to yesterday', () => {
    const utc = studyDayOf(0, 'UTC');
    const s = todayStats(dateReviews([r1, r2, r7, r3], utc), utc(NOW.getTime()));
    expect(s.reviewed).toBe(2);
    expect(s.again).toBe(0);
  });

  it('has no Again rate without reviews', () => {
    expect(todayStats([], today)).toEqual({ day: '2026-03-15', reviewed: 0, again: 0, againRate: null, ms: 0 });
  });
});

describe('streak', () => {
  const days = new Set(reviews.map((r) => dayOf(Date.parse(r.t))));
  it('counts consecutive study days up to today', () => {
    // 3/15, 3/14 (the 03:30 review), 3/13; 3/12 has none.
    expect(streak(days, today)).toEqual({ days: 3, studiedToday: true });
  });
  it('still counts up to yesterday when today has no review yet', () => {
    expect(streak(days, today + 1)).toEqual({ days: 3, studiedToday: false });
  });
  it('is broken by a whole day without reviews', () => {
    expect(streak(days, today + 2)).toEqual({ days: 0, studiedToday: false });
  });
  it('would be 1 if the 03:30 review counted for the 15th (day starting at midnight)', () => {
    const midnight = studyDayOf(0, TZ);
    const d = new Set(reviews.map((r) => midnight(Date.parse(r.t))));
    // r3 moves to 3/15, so 3/14 is empty: the run is 3/15 alone.
    expect(streak(d, midnight(NOW.getTime()))).toEqual({ days: 1, studiedToday: true });
  });
});

describe('true retention', () => {
  it('over 7 days: mature reviews from the window’s first study day, Hard counts as passed', () => {
    // r1 pass, r2 fail, r4 pass (Hard), r8 pass; r7 (interval 20) and r3 (learning) are not mature; r9 is on 3/8.
    expect(trueRetention(dated, today, 7)).toEqual({ days: 7, reviews: 4, passed: 3, rate: 0.75 });
  });
  it('over 30 days adds the two failures of 3/8 and 3/5', () => {
    expect(trueRetention(dated, today, 30)).toEqual({ days: 30, reviews: 6, passed: 3, rate: 0.5 });
  });
  it('over 365 days adds the pass 100 days ago, not the one 400 days ago', () => {
    expect(trueRetention(dated, today, 365)).toEqual({ days: 365, reviews: 7, passed: 4, rate: 4 / 7 });
  });
  it('is null without mature reviews', () => {
    expect(trueRetention(dateReviews([r3, r7], dayOf), today, 30).rate).toBeNull();
  });
});

const prog = (fsrs: StoredState | null, suspended = false): CardProgress => ({ fsrs, suspended, lastKey: '' });

describe('card counts', () => {
  it('counts each state, suspended cards apart, cards without progress as new', () => {
    const cards = ['n1', 'n2', 'l', 'r1', 'r2', 'rl', 'sus'].map((id) => ({ id, topics: [] }));
    const progress: ProgressMap = new Map([
      ['l', prog(st(1, 0))],
      ['r1', prog(st(2, 5))],
      ['r2', prog(st(2, 40))],
      ['rl', prog(st(3, 0))],
      ['sus', prog(st(2, 40), true)],
      ['not-in-a-deck', prog(st(2, 5))],
    ]);
    expect(stateCounts(cards, progress)).toEqual({ new: 2, learning: 1, review: 2, relearning: 1, suspended: 1, total: 7 });
  });
});

describe('topic table', () => {
  const cards = [
    { id: 'a', topics: ['attention', 'transformer'] },
    { id: 'b', topics: ['attention'] },
    { id: 'c', topics: ['transformer'] },
    { id: 'd', topics: ['quantization'] },
    { id: 'e', topics: ['rlhf'] },
    { id: 'f', topics: ['rlhf'] },
  ];
  const progress: ProgressMap = new Map([
    ['a', prog(st(2, 30, { s: 60, lapses: 1 }))],
    ['b', prog(st(2, 5, { s: 20, lapses: 8 }))],
    ['c', prog(st(2, 21, { s: 90 }))],
    ['e', prog(st(2, 40, { s: 10 }), true)],
  ]);
  // A stand-in for R that makes the means easy to check: stability / 100.
  const rows = topicTable(cards, progress, 8, (p) => (p.fsrs?.s ?? 0) / 100);

  it('gives cards, mature, mean retrievability of studied cards, lapses and leeches per topic', () => {
    expect(rows.find((r) => r.topic === 'attention')).toEqual({
      topic: 'attention',
      cards: 2,
      studied: 2,
      mature: 1,
      retrievability: 0.4,
      lapses: 9,
      leeches: 1,
    });
    expect(rows.find((r) => r.topic === 'transformer')).toMatchObject({ cards: 2, mature: 2, retrievability: 0.75, leeches: 0 });
  });

  it('sorts weakest first and puts topics with nothing studied (new or suspended only) last', () => {
    expect(rows.map((r) => r.topic)).toEqual(['attention', 'transformer', 'quantization', 'rlhf']);
    expect(rows.find((r) => r.topic === 'rlhf')).toMatchObject({ studied: 0, retrievability: null, mature: 1 });
  });

  it('right after a session (every topic at ~100 %), the harder topics come first, not the alphabet', () => {
    const fresh: ProgressMap = new Map([
      ['a', prog(st(2, 1, { s: 3, d: 3 }))],
      ['f', prog(st(2, 1, { s: 3, d: 8, lapses: 2 }))],
    ]);
    const order = topicTable(
      [
        { id: 'a', topics: ['alpha'] },
        { id: 'f', topics: ['zeta'] },
      ],
      fresh,
      8,
      () => 1,
    ).map((r) => r.topic);
    expect(order).toEqual(['zeta', 'alpha']);
  });

  it('uses the FSRS retrievability: a card last reviewed S days ago is at 90%', () => {
    const last = new Date(NOW.getTime() - 12 * 86_400_000).toISOString();
    const s = computeStats({
      events: [],
      cards: [{ id: 'x', topics: ['t'] }],
      settings,
      now: NOW,
      timeZone: TZ,
      progress: new Map([['x', prog(st(2, 12, { s: 12, last }))]]),
    });
    expect(s.topics[0]?.retrievability).toBeCloseTo(0.9, 3);
  });
});

describe('due forecast', () => {
  const cards = ['over', 'late', 'next', 'd29', 'd30', 'sus', 'new', 'learn'].map((id) => ({ id, topics: [] }));
  const progress: ProgressMap = new Map([
    ['over', prog(st(2, 5, { due: '2026-03-10T00:00:00Z' }))],
    ['late', prog(st(2, 5, { due: '2026-03-15T19:59:00Z' }))], // 03:59 on 3/16 local: still study day 3/15
    ['next', prog(st(2, 5, { due: '2026-03-15T20:00:00Z' }))], // 04:00 on 3/16 local: day 1
    ['d29', prog(st(2, 5, { due: '2026-04-13T06:00:00Z' }))],
    ['d30', prog(st(2, 5, { due: '2026-04-14T06:00:00Z' }))],
    ['sus', prog(st(2, 5, { due: '2026-03-15T06:00:00Z' }), true)],
    ['learn', prog(st(1, 0, { due: '2026-03-15T02:10:00Z' }))],
  ]);
  const f = dueForecast(cards, progress, today, dayOf);

  it('has 30 days starting today; overdue and later-today cards count today', () => {
    expect(f).toHaveLength(30);
    expect(f[0]).toEqual({ day: '2026-03-15', due: 3 }); // over, late, learn
    expect(f[1]).toEqual({ day: '2026-03-16', due: 1 });
    expect(f[29]).toEqual({ day: '2026-04-13', due: 1 });
  });

  it('leaves out suspended and new cards and anything beyond 30 days', () => {
    expect(f.reduce((a, d) => a + d.due, 0)).toBe(5);
  });
});

describe('heatmap', () => {
  const h = heatmap(dated, today);
  it('covers 26 weeks from a Monday up to today', () => {
    // 2026-03-15 is a Sunday, so the grid is exactly 26 full weeks.
    expect(h).toHaveLength(26 * 7);
    expect(h[0]).toEqual({ day: '2025-09-15', weekday: 0, reviews: 0 });
    expect(h.at(-1)).toMatchObject({ day: '2026-03-15', weekday: 6 });
  });
  it('counts reviews per study day', () => {
    const count = (d: string) => h.find((x) => x.day === d)?.reviews;
    expect(count('2026-03-15')).toBe(3);
    expect(count('2026-03-14')).toBe(1);
    expect(count('2026-03-09')).toBe(1);
    expect(count('2026-03-08')).toBe(1);
    expect(count('2025-12-05')).toBe(1);
    expect(h.reduce((a, d) => a + d.reviews, 0)).toBe(9); // all but the one 400 days ago
  });
  it('ends mid-week on a weekday', () => {
    const wed = heatmap([], day('2026-03-18'));
    expect(wed).toHaveLength(25 * 7 + 3);
    expect(wed.at(-1)).toMatchObject({ day: '2026-03-18', weekday: 2 });
  });
});

describe('computeStats', () => {
  const s = computeStats({
    events,
    cards: ['a', 'b', 'c', 'd'].map((id) => ({ id, topics: ['x'] })),
    settings,
    now: NOW,
    timeZone: TZ,
  });

  it('leaves out undone and cram reviews everywhere', () => {
    expect(s.today.reviewed).toBe(3);
    expect(s.heatmap.at(-1)?.reviews).toBe(3);
    expect(s.retention.windows[0]).toMatchObject({ reviews: 4, passed: 3 });
  });

  it('puts the desired retention next to the true retention', () => {
    expect(s.retention.desired).toBe(0.9);
    expect(s.retention.windows.map((w) => w.days)).toEqual([7, 30, 365]);
  });

  it('folds the card states from the events when none are given', () => {
    // Every review leaves the card in review state with interval 30 (the `after` of the fixture).
    expect(s.counts).toMatchObject({ review: 4, new: 0, total: 4 });
    expect(s.topics[0]).toMatchObject({ topic: 'x', mature: 4 });
  });
});
