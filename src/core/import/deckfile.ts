/**
 * Our own Markdown deck files, imported as they are: validated with the deck parser, given
 * explicit card ids where they have none (the same ids the parser derives), and, with
 * `--deck-id` or `--topic`, given a rewritten front matter.
 */

import type { Problem } from '../../errors.js';
import { fixMissingIds, parseDeck, splitLines } from '../deck.js';
import { problem } from '../problems.js';
import { type ConvertOptions, deckIdProblem } from './model.js';
import { oneLine } from './render.js';

export interface PreparedDeckText {
  id: string;
  title: string;
  text: string;
  cards: number;
}

/** Validates a deck file's text and returns the text to copy into the user deck folder. */
export function prepareDeckFile(
  text: string,
  file: string,
  opts: ConvertOptions,
): { deck?: PreparedDeckText; problems: Problem[] } {
  const parsed = parseDeck(text, file);
  // Missing ids are fixed below, so their warnings would only be noise.
  const problems = parsed.problems.filter((p) => p.key !== 'problem.card.noId');
  if (!parsed.deck || problems.some((p) => p.severity === 'error')) return { problems };
  const { meta } = parsed.deck;
  const why = deckIdProblem(opts.deckId ?? meta.id);
  if (why) {
    problems.push(problem(file, 2, 'error', 'problem.import.deckFileId', { reasonKey: why.key, ...why.params }));
    return { problems };
  }
  let out = fixMissingIds(text, file).text;
  const topics = [...new Set([...meta.topics, ...(opts.topics ?? [])])];
  if ((opts.deckId && opts.deckId !== meta.id) || topics.length !== meta.topics.length) {
    out = replaceFrontMatter(out, [
      `id: ${opts.deckId ?? meta.id}`,
      `title: ${JSON.stringify(oneLine(meta.title))}`,
      `language: ${JSON.stringify(oneLine(meta.language))}`,
      `topics: [${topics.join(', ')}]`,
      `description: ${JSON.stringify(oneLine(meta.description))}`,
      ...(meta.version !== undefined ? [`version: ${meta.version}`] : []),
    ]);
  }
  return {
    deck: { id: opts.deckId ?? meta.id, title: meta.title, text: out, cards: parsed.deck.cards.length },
    problems,
  };
}

/** Replaces the lines between the opening and closing `---` of a front matter. */
function replaceFrontMatter(text: string, fields: string[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(text);
  const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  return ['---', ...fields, ...lines.slice(close)].join(eol);
}
