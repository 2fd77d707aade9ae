/**
 * Overrides: a user's own copy of a bundled or imported card, kept in their decks folder under
 * the same card id, so that an edit survives upgrades and re-imports and the card keeps its
 * progress. An override file is a deck file with the deck's id holding only the copied cards;
 * it replaces those cards in the loaded collection. Pure: text and cards in, text and cards out.
 */
import { createHash } from 'node:crypto';
import type { Card, DeckMeta } from './deck.js';
import { scanCards, splitLines } from './deck.js';

/** A fingerprint of what a card says (question, answer, key points, details), to notice when the original changes. */
export function cardHash(c: Card): string {
  const text = JSON.stringify([c.question, c.questionBody, c.answer, c.keyPoints, c.details ?? '']);
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

/** The source lines of the card whose heading is on `line` (1-based): up to the next card heading. */
export function cardSource(text: string, line: number): string {
  const lines = splitLines(text);
  const starts = scanCards(lines, 0).map((r) => r.headingLine);
  const next = starts.find((l) => l > line) ?? lines.length + 1;
  return lines
    .slice(line - 1, next - 1)
    .join('\n')
    .trimEnd();
}

/** A deck file's front matter for `meta` (strings JSON-quoted, which YAML reads as they are). */
export function deckHead(meta: Pick<DeckMeta, 'id' | 'title' | 'language' | 'topics' | 'description'>): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    '---',
    `id: ${meta.id}`,
    `title: ${q(meta.title)}`,
    `language: ${meta.language}`,
    `topics: [${meta.topics.join(', ')}]`,
    `description: ${q(meta.description)}`,
    '---',
  ].join('\n');
}

/**
 * The override file with one more card: a new file (the deck's front matter and a note saying
 * what the file is) when `existing` is undefined. Returns the text and the line of the card's heading.
 */
export function addToOverrideFile(
  existing: string | undefined,
  meta: DeckMeta,
  card: string,
  note: string,
): { text: string; line: number } {
  const head = existing?.trimEnd() ?? `${deckHead(meta)}\n\n${note}`;
  const text = `${head}\n\n${card}\n`;
  return { text, line: splitLines(head).length + 2 };
}

/**
 * The collection's cards with the overriding ones in place of the cards they copy (each keeps its
 * original deck and place in the deck; file and line become the override's, so an edit goes there).
 * Returns the ids of overrides that match no card.
 */
export function applyOverrides(cards: Card[], overrides: Card[]): { cards: Card[]; unknown: Card[] } {
  const byId = new Map(overrides.map((c) => [c.id, c]));
  const used = new Set<string>();
  const out = cards.map((c) => {
    const o = byId.get(c.id);
    if (!o) return c;
    used.add(c.id);
    return { ...o, deckId: c.deckId, deckTitle: c.deckTitle, ...(c.altQuestion ? { altQuestion: c.altQuestion } : {}) };
  });
  return { cards: out, unknown: overrides.filter((o) => !used.has(o.id)) };
}
