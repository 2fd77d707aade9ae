/**
 * Writes an imported deck as one of our Markdown deck files (docs/deck-format.md). The text is
 * built so that `parseDeck` reads back exactly the cards given: headings inside answers are
 * pushed below level 3, open code fences are closed, and every card carries its id.
 */
import { hasCloze } from '../cloze.js';
import { type Fence, updateFence } from '../deck.js';
import type { ImportCard, ImportDeck } from './model.js';

/**
 * Makes a Markdown block safe inside a card: headings of level 1-3 outside code become level 4
 * (a `## ` line would start a new card, `### Answer` a new section), and a code fence left open
 * is closed so it cannot swallow the next card.
 */
export function containBlock(md: string): string {
  const out: string[] = [];
  let fence: Fence | undefined;
  for (const line of md.split('\n')) {
    if (!fence) {
      const h = /^ {0,3}(#{1,3})(\s.*|)$/.exec(line);
      if (h) {
        out.push(`####${h[2] ?? ''}`);
        continue;
      }
    }
    fence = updateFence(line, fence);
    out.push(line);
  }
  if (fence) out.push(fence.char.repeat(fence.len));
  return out.join('\n');
}

/** Removes blank lines at both ends, keeping the indentation of the first and last lines. */
export function trimBlankLines(s: string): string {
  const lines = s.split('\n');
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] as string).trim() === '') a++;
  while (b > a && (lines[b - 1] as string).trim() === '') b--;
  // trimEnd, not `/\s+$/`: the pattern is quadratic on a long run of spaces inside a line.
  return lines
    .slice(a, b)
    .map((l) => l.trimEnd())
    .join('\n');
}

/** Strips characters that would break a single-line value (newlines, controls, line separators). */
export function oneLine(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
function yamlString(s: string): string {
  return JSON.stringify(oneLine(s));
}

/** The heading text of a card: the question's first line, made safe as a one-line heading. */
export function headingOf(question: string): { heading: string; rest: string } {
  const lines = question.replace(/\r\n?/g, '\n').split('\n');
  let i = lines.findIndex((l) => l.trim() !== '');
  if (i < 0) return { heading: '', rest: '' };
  let first = lines[i] as string;
  // A question that opens with a code block or list: the heading is its first plain line, and
  // the whole question stays in the body so nothing is lost.
  const structural = /^\s*(```|~~~|[-*+]\s|\d+[.)]\s|>|\||#{1,6}\s)/.test(first);
  if (structural) {
    const plain = lines.find((l) => l.trim() && !/^\s*(```|~~~|\|)/.test(l));
    first = (plain ?? '').replace(/^\s*(?:[-*+]\s|\d+[.)]\s|>+|#{1,6}\s)\s*/, '');
    i = -1;
  }
  // A hard line break (`\` at the end) means nothing in a heading, where it would show.
  let heading = oneLine(first.replace(/(^|[^\\])\\$/, '$1'));
  // The deck parser drops a trailing run of '#' from headings (`C#` would read as `C`).
  if (heading.endsWith('#')) heading = heading.replace(/(\S*#+)$/, '`$1`');
  return { heading: heading || '?', rest: trimBlankLines(lines.slice(i + 1).join('\n')) };
}

function renderCard(c: ImportCard): string {
  const { heading, rest } = headingOf(c.question);
  const meta = [`id: ${c.id}`];
  if (c.topics.length > 0) meta.push(`topics: ${c.topics.join(', ')}`);
  if (c.group) meta.push(`group: ${c.group}`);
  const answer = trimBlankLines(c.answer);
  // A cloze note needs no answer section: its deletions are the answers.
  if (!answer && !hasCloze(c.question)) meta.push('draft: true');
  const parts = [`## ${heading}\n<!-- ${meta.join('; ')} -->\n`];
  if (rest) parts.push(`\n${containBlock(rest)}\n`);
  if (answer) parts.push(`\n### Answer\n\n${containBlock(answer)}\n`);
  const kps = c.keyPoints.map(oneLine).filter(Boolean);
  if (kps.length > 0) parts.push(`\n### Key points\n\n${kps.map((k) => `- ${k}`).join('\n')}\n`);
  return parts.join('');
}

/**
 * The comment that records which source a deck was imported from (its content fingerprint), so
 * that importing the same file under another name updates this deck. Text before the first card
 * is not read by the deck parser.
 */
export const MARKER = /<!-- llm-quiz import: source fingerprint ([0-9a-f]{16}) -->/;

/** The whole deck file. `sourceName` (a file name, no folders) is mentioned in the introduction. */
export function renderDeck(deck: ImportDeck, sourceName: string, fingerprint?: string): string {
  const fm = [
    '---',
    `id: ${deck.id}`,
    `title: ${yamlString(deck.title)}`,
    `language: ${deck.language}`,
    `topics: [${deck.topics.join(', ')}]`,
    `description: ${yamlString(deck.description)}`,
    '---',
  ].join('\n');
  const intro = [
    `# ${oneLine(deck.title).replace(/#+$/, '')}`,
    '',
    `Imported from \`${oneLine(sourceName).replace(/`/g, "'")}\` by \`llm-quiz import\`. Importing that file again`,
    'replaces this one: edit the source, or copy this deck under another id before editing it.',
    ...(fingerprint && /^[0-9a-f]{16}$/.test(fingerprint)
      ? ['', `<!-- llm-quiz import: source fingerprint ${fingerprint} -->`]
      : []),
  ].join('\n');
  return `${fm}\n\n${intro}\n\n${deck.cards.map(renderCard).join('\n')}`;
}
