/**
 * The user's personal deck, where `add` puts cards: its file text and new cards in the deck
 * format. Pure: ids are derived from the question and the ids already taken.
 */
import { derivedCardId, slugify } from './deck.js';
import { deckHead } from './override.js';

export const PERSONAL_DECK = 'personal';

/** The front matter of a new personal deck. */
export function personalDeckHead(title: string, language: string, description: string): string {
  return deckHead({ id: PERSONAL_DECK, title, language, topics: [PERSONAL_DECK], description });
}

/** A readable id for a new card (`my-what-is-gqa`), made unique against `taken`; a hash for text without Latin letters. */
export function newCardId(question: string, taken: (id: string) => boolean): string {
  const slug = slugify(question)
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
  const base = slug.length >= 3 ? `my-${slug}` : derivedCardId(PERSONAL_DECK, question);
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/** What is wrong with a one-line card, as a message key; undefined when it is fine. */
export function newCardProblem(question: string, answer: string): 'add.badQuestion' | 'add.badAnswer' | undefined {
  if (!question.trim() || /[\r\n]/.test(question)) return 'add.badQuestion';
  if (!answer.trim() || /^#{1,3}\s/m.test(answer)) return 'add.badAnswer';
  return undefined;
}

/** One card in the deck format. */
export function cardText(c: { id: string; question: string; answer: string; topics: string[] }): string {
  const meta = c.topics.length > 0 ? `id: ${c.id}; topics: ${c.topics.join(', ')}` : `id: ${c.id}`;
  return `## ${c.question.trim()}\n<!-- ${meta} -->\n\n### Answer\n\n${c.answer.trim()}\n`;
}
