/**
 * Cloze deletions in our deck format: a card whose question holds `{{c1::text}}` (or
 * `{{c1::text::hint}}`) is a cloze note. Each deletion number becomes its own card (id
 * `<note id>.c<n>`, one sibling group per note): its question shows that deletion as a gap
 * (`[…]`, or `[hint]`) and the others as plain text; its answer shows the whole text with the
 * deletion in bold, then the note's own answer section, if any. Pure and linear in the text.
 */
import type { Card } from './deck.js';

interface Deletion {
  start: number;
  end: number;
  n: number;
  text: string;
  hint?: string;
}

/** The deletions in a text, in order. A `{{c` that is never closed ends the scan (linear time). */
export function clozeDeletions(text: string): Deletion[] {
  const out: Deletion[] = [];
  let pos = 0;
  for (;;) {
    const start = text.indexOf('{{c', pos);
    if (start < 0) break;
    let i = start + 3;
    while (i < text.length && i - start < 7 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === start + 3 || text.slice(i, i + 2) !== '::') {
      pos = start + 3;
      continue;
    }
    const close = text.indexOf('}}', i + 2);
    if (close < 0) break;
    const inner = text.slice(i + 2, close);
    const sep = inner.lastIndexOf('::');
    out.push({
      start,
      end: close + 2,
      n: Number(text.slice(start + 3, i)),
      text: sep >= 0 ? inner.slice(0, sep) : inner,
      ...(sep >= 0 ? { hint: inner.slice(sep + 2) } : {}),
    });
    pos = close + 2;
  }
  return out;
}

export function hasCloze(text: string): boolean {
  return clozeDeletions(text).length > 0;
}

/** The deletion numbers used, ascending. */
export function clozeNumbers(text: string): number[] {
  return [...new Set(clozeDeletions(text).map((d) => d.n))].sort((a, b) => a - b);
}

function replaceDeletions(text: string, f: (d: Deletion) => string): string {
  let out = '';
  let last = 0;
  for (const d of clozeDeletions(text)) {
    out += text.slice(last, d.start) + f(d);
    last = d.end;
  }
  return out + text.slice(last);
}

/** The text as asked for deletion `n`: that deletion is a gap, the others are shown. */
export function clozeQuestion(text: string, n: number): string {
  return replaceDeletions(text, (d) => (d.n === n ? `[${d.hint?.trim() || '…'}]` : d.text));
}

/** The text as revealed for deletion `n`: that deletion in bold, the others plain. */
export function clozeAnswer(text: string, n: number): string {
  return replaceDeletions(text, (d) => (d.n === n ? `**${d.text.trim()}**` : d.text));
}

/** The id of the card for deletion `n` of a note: `<note id>.c<n>`, shortened to stay a valid id. */
export function clozeCardId(noteId: string, n: number): string {
  const suffix = `.c${n}`;
  return `${noteId.slice(0, 64 - suffix.length)}${suffix}`;
}

/** A card as parsed from the file, turned into one card per deletion; other cards are returned as they are. */
export function expandCloze(card: Card): Card[] {
  // `{{c` cannot straddle the blank line joining question and body, so most cards stop here.
  if (!card.question.includes('{{c') && !card.questionBody.includes('{{c')) return [card];
  const full = card.questionBody ? `${card.question}\n\n${card.questionBody}` : card.question;
  const numbers = clozeNumbers(full);
  if (numbers.length === 0) return [card];
  const group = card.group ?? `cloze-${card.id.replace(/[^a-z0-9-]+/g, '-')}`.replace(/-+$/, '');
  return numbers.map((n) => ({
    ...card,
    id: clozeCardId(card.id, n),
    question: clozeQuestion(card.question, n),
    questionBody: clozeQuestion(card.questionBody, n),
    answer: [clozeAnswer(full, n), card.answer].filter((s) => s.trim()).join('\n\n'),
    draft: false,
    group,
    cloze: n,
  }));
}
