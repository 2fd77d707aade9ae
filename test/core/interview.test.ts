// The interviewer's choices: spread over topics, weighted to weak spots, follow-ups after a good
// answer, and the suggested grade from key points covered and time taken.
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/deck.js';
import {
  type Asked,
  interviewOrder,
  MAX_FOLLOW_UP_CHAIN,
  nextQuestion,
  SLOW_TYPED_MS,
  suggestInterviewGrade,
  weakness,
} from '../../src/core/interview.js';
import type { CardProgress, ProgressMap, StoredState } from '../../src/core/progress.js';
import { card } from '../fixtures/card.js';

function reviewed(r: number, lapses = 0): CardProgress {
  const fsrs: StoredState = {
    due: '2026-06-10T04:00:00.000Z',
    s: 10,
    d: 5,
    reps: 5,
    lapses,
    state: 2,
    step: 0,
    sched: 10,
    last: '2026-06-01T09:00:00.000Z',
  };
  // The retrievability the test wants is carried in `s` so the fake model can read it back.
  return { fsrs: { ...fsrs, s: r }, suspended: false, lastKey: 'k' } as CardProgress;
}

const R = (p: CardProgress) => p.fsrs?.s ?? 1;

function order(cards: Card[], progress: ProgressMap, seed: number, recent = new Set<string>()) {
  return interviewOrder({ cards, groupOf: (c) => c.deckId, progress, retrievability: R, recentLapses: recent, seed });
}

describe('weakness', () => {
  const opts = (progress: ProgressMap, recent = new Set<string>()) => ({ progress, retrievability: R, recentLapses: recent });
  it('ranks a card forgotten lately above a lapsing one, above never-seen, above a well-known one', () => {
    const progress: ProgressMap = new Map([
      ['known', reviewed(0.97)],
      ['lapsing', reviewed(0.8, 4)],
      ['recent', reviewed(0.7, 1)],
    ]);
    const w = (id: string, recent = new Set<string>()) => weakness(card(id), opts(progress, recent));
    expect(w('known')).toBeCloseTo(0.05, 2);
    expect(w('never')).toBe(0.7);
    expect(w('lapsing')).toBeCloseTo(0.2 + 0.6, 5);
    expect(w('recent', new Set(['recent']))).toBeCloseTo(0.3 + 0.15 + 0.5, 5);
    expect(w('recent', new Set(['recent']))).toBeGreaterThan(w('lapsing'));
    expect(w('lapsing')).toBeGreaterThan(w('never'));
    expect(w('never')).toBeGreaterThan(w('known'));
  });
});

describe('interviewOrder', () => {
  const cards = [
    ...['a1', 'a2', 'a3', 'a4'].map((id) => card(id, { deckId: 'a' })),
    ...['b1', 'b2'].map((id) => card(id, { deckId: 'b' })),
    card('c1', { deckId: 'c' }),
  ];

  it('spreads over the groups: the first three questions come from three different decks', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const o = order(cards, new Map(), seed);
      expect(new Set(o.slice(0, 3).map((id) => id[0]))).toEqual(new Set(['a', 'b', 'c']));
      expect([...o].sort()).toEqual(cards.map((c) => c.id).sort());
    }
  });

  it('is the same for the same seed and differs across seeds', () => {
    expect(order(cards, new Map(), 7)).toEqual(order(cards, new Map(), 7));
    const distinct = new Set(Array.from({ length: 20 }, (_, s) => order(cards, new Map(), s).join(',')));
    expect(distinct.size).toBeGreaterThan(5);
  });

  it('asks weak cards first far more often than well-known ones', () => {
    const one = ['w1', 'w2', 'w3', 'w4', 'w5'].map((id) => card(id, { deckId: 'a' }));
    const progress: ProgressMap = new Map([
      ['w1', reviewed(0.98)],
      ['w2', reviewed(0.98)],
      ['w3', reviewed(0.98)],
      ['w4', reviewed(0.98)],
      ['w5', reviewed(0.4, 3)],
    ]);
    let weakFirst = 0;
    for (let seed = 0; seed < 400; seed++) if (order(one, progress, seed)[0] === 'w5') weakFirst++;
    // w5 weighs 1.05 against 4 × 0.05: about 84 % of first questions (uniform would be 20 %).
    expect(weakFirst / 400).toBeGreaterThan(0.7);
  });

  it('leaves out drafts and suspended cards', () => {
    const list = [card('x', { draft: true }), card('y'), card('z')];
    const progress: ProgressMap = new Map([['z', { ...reviewed(0.5), suspended: true }]]);
    expect(order(list, progress, 1)).toEqual(['y']);
  });
});

describe('nextQuestion', () => {
  const follow: Record<string, string[]> = { q1: ['f1', 'gone', 'f2'], f1: ['f3'], f3: ['f4'], q2: [] };
  const known = (id: string) => id !== 'gone';
  const next = (asked: Asked[], max?: number) => nextQuestion(['q1', 'q2', 'q3'], asked, known, (id) => follow[id] ?? [], max);

  it('a good answer leads to the card’s first follow-up; a poor one moves on', () => {
    expect(next([])).toEqual({ card: 'q1' });
    expect(next([{ card: 'q1', grade: 3 }])).toEqual({ card: 'f1', followUpOf: 'q1' });
    expect(next([{ card: 'q1', grade: 4 }])).toEqual({ card: 'f1', followUpOf: 'q1' });
    expect(next([{ card: 'q1', grade: 2 }])).toEqual({ card: 'q2' });
    expect(next([{ card: 'q1', grade: 1 }])).toEqual({ card: 'q2' });
  });

  it('skips follow-ups already asked or not loaded, and cards asked as follow-ups', () => {
    const asked: Asked[] = [
      { card: 'f1', grade: 2 },
      { card: 'q1', grade: 3 },
    ];
    expect(next(asked)).toEqual({ card: 'f2', followUpOf: 'q1' });
    expect(
      next([
        { card: 'q2', grade: 1 },
        { card: 'q1', grade: 1 },
      ]),
    ).toEqual({ card: 'q3' });
  });

  it(`follows at most ${MAX_FOLLOW_UP_CHAIN} follow-ups in a row, then returns to the plan`, () => {
    const asked: Asked[] = [
      { card: 'q1', grade: 3 },
      { card: 'f1', grade: 3, followUpOf: 'q1' },
      { card: 'f3', grade: 3, followUpOf: 'f1' },
    ];
    expect(next(asked.slice(0, 2))).toEqual({ card: 'f3', followUpOf: 'f1' });
    expect(next(asked)).toEqual({ card: 'q2' });
  });

  it('stops after max questions (follow-ups count) or when the plan is used up', () => {
    expect(next([{ card: 'q1', grade: 3 }], 1)).toBeUndefined();
    expect(
      next([
        { card: 'q1', grade: 1 },
        { card: 'q2', grade: 1 },
        { card: 'q3', grade: 1 },
      ]),
    ).toBeUndefined();
  });
});

describe('suggestInterviewGrade', () => {
  it('follows the share of key points covered', () => {
    const g = (covered: number, total: number) => suggestInterviewGrade({ covered, total, ms: 30_000, spoken: false });
    expect([g(0, 4), g(1, 4), g(2, 4), g(3, 4), g(4, 4)]).toEqual([1, 1, 2, 3, 4]);
    expect(g(0, 0)).toBe(3);
  });

  it('a slow answer gets one grade lower (spoken answers are expected sooner), never below Again', () => {
    const slow = SLOW_TYPED_MS + 1;
    expect(suggestInterviewGrade({ covered: 4, total: 4, ms: slow, spoken: false })).toBe(3);
    expect(suggestInterviewGrade({ covered: 4, total: 4, ms: SLOW_TYPED_MS, spoken: false })).toBe(4);
    expect(suggestInterviewGrade({ covered: 4, total: 4, ms: 130_000, spoken: true })).toBe(3);
    expect(suggestInterviewGrade({ covered: 0, total: 4, ms: slow, spoken: false })).toBe(1);
  });
});
