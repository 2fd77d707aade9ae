import type { Card } from './deck.js';

/** How new cards are introduced: spread across topics (decks), or deck by deck in file order. */
export type NewCardOrder = 'interleave' | 'deck';

/**
 * Orders new cards so a first week touches every topic: round robin over decks (each deck id is a
 * topic of the map), each deck in its own file order; a card of level L holds its deck back L - 1
 * rounds, so the basics of every topic come before the advanced cards of any. Stable: ties keep
 * deck order. Pure.
 */
export function interleaveNewCards<C extends Pick<Card, 'id' | 'deckId' | 'level'>>(cards: C[]): C[] {
  const decks = new Map<string, C[]>();
  for (const c of cards) {
    const list = decks.get(c.deckId);
    if (list) list.push(c);
    else decks.set(c.deckId, [c]);
  }
  const scored: Array<{ c: C; round: number; deck: number }> = [];
  let deck = 0;
  for (const list of decks.values()) {
    let round = -1;
    list.forEach((c, pos) => {
      round = Math.max(round + 1, pos + (c.level ?? 1) - 1);
      scored.push({ c, round, deck });
    });
    deck++;
  }
  scored.sort((a, b) => a.round - b.round || a.deck - b.deck);
  return scored.map((s) => s.c);
}

/** New cards in the order the user chose. */
export function orderNewCards<C extends Pick<Card, 'id' | 'deckId' | 'level'>>(cards: C[], order: NewCardOrder): C[] {
  return order === 'deck' ? cards : interleaveNewCards(cards);
}
