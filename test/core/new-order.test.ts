// New cards come interleaved across topics (decks), easier first, so the first days cover the map.
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/deck.js';
import { interleaveNewCards, orderNewCards } from '../../src/core/new-order.js';
import { buildQueue } from '../../src/core/queue.js';
import { DEFAULT_SETTINGS } from '../../src/core/scheduler.js';

type C = Pick<Card, 'id' | 'deckId' | 'level'>;
const c = (id: string, deckId: string, level?: number): C => ({ id, deckId, ...(level ? { level } : {}) });
const ids = (cs: C[]) => cs.map((x) => x.id);

describe('interleaveNewCards', () => {
  it('takes one card from each deck in turn, each deck in file order; a harder card holds its deck back', () => {
    const cards = [c('a1', 'a', 2), c('a2', 'a', 1), c('a3', 'a', 2), c('b1', 'b', 1), c('b2', 'b', 1), c('z1', 'z', 1)];
    expect(ids(interleaveNewCards(cards))).toEqual(['b1', 'z1', 'a1', 'b2', 'a2', 'a3']);
  });

  it('an advanced card waits two rounds, so basics of every deck come first', () => {
    const cards = [c('x3', 'x', 3), c('y1', 'y', 1), c('y2', 'y', 1), c('y3', 'y', 1)];
    expect(ids(interleaveNewCards(cards))).toEqual(['y1', 'y2', 'x3', 'y3']);
  });

  it('keeps every card exactly once, and `deck` order leaves the input alone', () => {
    const cards = Array.from({ length: 50 }, (_, i) => c(`c${i}`, `d${i % 7}`, (i % 3) + 1));
    expect(ids(interleaveNewCards(cards)).sort()).toEqual(ids(cards).sort());
    expect(orderNewCards(cards, 'deck')).toBe(cards);
  });
});

describe('the daily queue', () => {
  const card = (id: string, deckId: string): Card => ({
    id,
    deckId,
    deckTitle: deckId,
    file: `${deckId}.md`,
    line: 1,
    question: `${id}?`,
    questionBody: '',
    answer: 'A',
    keyPoints: [],
    topics: [deckId],
    seeds: [],
    draft: false,
    idDerived: false,
    level: 1,
  });
  // Five decks of ten cards each, in file order deck by deck.
  const cards = ['alpha', 'beta', 'gamma', 'delta', 'eps'].flatMap((d) =>
    Array.from({ length: 10 }, (_, i) => card(`${d}-${i}`, d)),
  );
  const queue = (order: 'interleave' | 'deck') =>
    buildQueue(cards, new Map(), [], {
      now: new Date('2026-03-10T10:00:00Z'),
      settings: { ...DEFAULT_SETTINGS, new_per_day: 5, new_card_order: order },
      retrievability: () => 1,
    }).main;

  it('introduces one new card from every deck on the first day by default', () => {
    expect(new Set(queue('interleave').map((id) => id.split('-')[0]))).toEqual(
      new Set(['alpha', 'beta', 'gamma', 'delta', 'eps']),
    );
  });

  it('with new_card_order deck, the first day stays in the first deck', () => {
    expect(queue('deck')).toEqual(['alpha-0', 'alpha-1', 'alpha-2', 'alpha-3', 'alpha-4']);
  });
});
