import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Card, parseDeck } from '../../src/core/deck.js';
import type { ImportDeck } from '../../src/core/import/model.js';
import { renderDeck } from '../../src/core/import/render.js';
import { FIXTURES } from '../helpers.js';

export const IMPORT_FIXTURES = join(FIXTURES, 'import');

export function fixture(name: string): string {
  return readFileSync(join(IMPORT_FIXTURES, name), 'utf8');
}

/** Writes the deck as Markdown and reads it back with the deck parser, which must find no problem at all. */
export function roundTrip(deck: ImportDeck): Card[] {
  const md = renderDeck(deck, deck.source);
  const { deck: parsed, problems } = parseDeck(md, `${deck.id}.md`);
  expect(problems).toEqual([]);
  expect(parsed?.meta).toMatchObject({ id: deck.id, title: deck.title, topics: deck.topics, language: deck.language });
  return parsed?.cards ?? [];
}
