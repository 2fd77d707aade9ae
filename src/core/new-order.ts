import type { Card } from './deck.js';

/** How new cards are introduced: spread across topics (decks), or deck by deck in file order. */
export type NewCardOrder = 'interleave' | 'deck';

/**
 * Orders new cards so a first week touches every topic: round robin over decks (each deck id is a
 * topic of the map), taking each deck's easier cards first, and a card of level L enters L - 1
 * rounds later than its place in its deck would say, so basics of every topic come before the
 * advanced cards of any. Stable: ties keep deck order, then file order. Pure.
 */
export function interleaveNewCards<C extends Pick<Card, 'id' | 'deckId' | 'level'>>(cards: C[]): C[] {
  const decks = new Map<string, C[]>();
  for (const c of cards) {
    const list = decks.get(c.deckId);
    if (list) list.push(c);
    else decks.set(c.deckId, [c]);
  }
  const deckRank = new Map([...decks.keys()].map((d, i) => [d, i]));
  const scored: Array<{ c: C; round: number; deck: number; pos: number }> = [];
  for (const list of decks.values()) {
    const byLevel = list.map((c, pos) => ({ c, pos })).sort((a, b) => (a.c.level ?? 2) - (b.c.level ?? 2) || a.pos - b.pos);
    byLevel.forEach(({ c, pos }, i) => {
      scored.push({ c, round: i + ((c.level ?? 2) - 1), deck: deckRank.get(c.deckId) ?? 0, pos });
    });
  }
  scored.sort((a, b) => a.round - b.round || a.deck - b.deck || a.pos - b.pos);
  return scored.map((s) => s.c);
}

/** New cards in the order the user chose. */
export function orderNewCards<C extends Pick<Card, 'id' | 'deckId' | 'level'>>(cards: C[], order: NewCardOrder): C[] {
  return order === 'deck' ? cards : interleaveNewCards(cards);
}
