// `study --topic leech` was accepted (leech is a known topic, as in `list`) but selected nothing.
import { describe, expect, it } from 'vitest';
import { selectCards } from '../../src/commands/shared/selection.js';
import type { Card } from '../../src/core/deck.js';
import type { CardProgress } from '../../src/core/progress.js';
import type { Collection } from '../../src/store/decks.js';

function card(id: string, topics: string[]): Card {
  return {
    id,
    deckId: 'd',
    deckTitle: 'D',
    file: 'd.md',
    line: 1,
    question: id,
    questionBody: '',
    answer: 'a',
    keyPoints: [],
    topics,
    seeds: [],
    draft: false,
    idDerived: false,
  };
}

function progress(lapses: number): CardProgress {
  return {
    fsrs: { due: '2026-01-01T00:00:00.000Z', s: 1, d: 5, reps: lapses + 1, lapses, state: 3, step: 0, sched: 0 },
    suspended: false,
    lastKey: '',
  };
}

describe('study card selection', () => {
  const cards = [card('a', ['x']), card('b', ['x']), card('c', ['y'])];
  const col = { cards, decks: [], byId: new Map(cards.map((c) => [c.id, c])), problems: [] } as Collection;
  const prog = new Map([
    ['a', progress(8)],
    ['b', progress(2)],
  ]);

  it('--topic leech picks the cards that lapsed leech_threshold times', () => {
    expect(selectCards(col, { topic: ['leech'] }, prog, 8).map((c) => c.id)).toEqual(['a']);
    expect(selectCards(col, { topic: ['Leech', 'y'] }, prog, 2).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('ordinary topics and decks still select as before', () => {
    expect(selectCards(col, { topic: ['x'] }, prog, 8).map((c) => c.id)).toEqual(['a', 'b']);
    expect(selectCards(col, { deck: ['other'] }, prog, 8)).toEqual([]);
  });
});
