/**
 * Obsidian Spaced Repetition notes (st3v3nmw/obsidian-spaced-repetition): `question::answer`,
 * `question:::answer` (both directions), multi-line cards around a `?` or `??` line, and cloze
 * paragraphs with `==highlights==` or `{{curly braces}}`. A `#flashcards/a/b` tag gives the cards
 * after it the topics `a` and `b`. The plugin's schedule comments (`<!--SR:...-->`) are left out
 * (listed in the ledger). One note becomes one deck. Linear, line by line.
 */
import type { Problem } from '../../errors.js';
import { hasCloze } from '../cloze.js';
import { type Fence, updateFence } from '../deck.js';
import { problem } from '../problems.js';
import { asciiSlug, type ConvertOptions, type ConvertResult, fileDeck, type ImportCard, type LedgerEntry } from './model.js';

const SCHEDULE = /^\s*<!--SR:.*-->\s*$/;
const TAG = /(?:^|\s)#(flashcards(?:\/[^\s#]+)?)/i;
const HEADING = /^ {0,3}#{1,6}\s/;
const HIGHLIGHT = /==([^=\n]+?)==/g;
const CURLY = /\{\{(?!c\d+::)([^{}\n]+?)\}\}/g;

/**
 * A `question::answer` or `question:::answer` line split at its first `::` (linear: no regular
 * expression backtracks over a long line). Not a card: a URL, C++'s `std::vector` (no space
 * before the separator and none in the question), or nothing on one side.
 */
export function splitCardLine(line: string): { question: string; answer: string; reversed: boolean } | undefined {
  const at = line.indexOf('::');
  if (at <= 0) return undefined;
  let end = at + 2;
  if (line[end] === ':') end++;
  const question = line.slice(0, at).trim();
  const answer = line.slice(end).replace(/^:+/, '').trim();
  if (!question || !answer || /^(?:[-*]\s+|\d+\.\s+)?(?:https?|ftp)$/i.test(question)) return undefined;
  if (!/\s/.test(question) && !/[?？]$/.test(question)) return undefined;
  return { question, answer, reversed: end - at === 3 };
}

/** True when a file reads as Obsidian SR notes: a `#flashcards` tag, or `::` / `?` cards. */
export function looksLikeObsidian(text: string): boolean {
  const head = text.slice(0, 200_000);
  if (/(^|\s)#flashcards\b/i.test(head)) return true;
  let cards = 0;
  for (const l of head.split(/\r?\n/)) {
    if (/^\s*\?{1,2}\s*$/.test(l)) return true;
    if (splitCardLine(l)) cards++;
  }
  return cards >= 2;
}

/** `==x==` and `{{x}}` turned into numbered deletions (each highlight its own card, as the plugin does). */
function toCloze(text: string): string | undefined {
  let n = 0;
  const out = text
    .replace(HIGHLIGHT, (_, t: string) => `{{c${++n}::${t}}}`)
    .replace(CURLY, (_, t: string) => `{{c${++n}::${t}}}`);
  return n > 0 ? out : undefined;
}

export function convertObsidian(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  const ledger: LedgerEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const cards: ImportCard[] = [];
  let topics: string[] = [];
  let fence: Fence | undefined;
  let fenceStart = 0;
  // Front matter (YAML between --- lines) is metadata.
  let i = 0;
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const close = lines.findIndex((l, k) => k > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (close > 0) {
      ledger.push({ from: 1, to: close + 1, kind: 'meta', reason: 'frontMatter' });
      i = close + 1;
    }
  }
  const paragraphEnd = (from: number) => {
    let j = from;
    while (j < lines.length && (lines[j] as string).trim() !== '') j++;
    return j;
  };
  const add = (from: number, to: number, question: string, answer: string, extra: Partial<ImportCard> = {}) => {
    cards.push({
      id: '',
      question: question.trim(),
      answer: answer.trim(),
      keyPoints: [],
      topics: [...topics],
      line: from + 1,
      ...extra,
    });
    ledger.push({ from: from + 1, to: to + 1, kind: answer.trim() || hasCloze(question) ? 'card' : 'draft' });
  };
  while (i < lines.length) {
    const line = lines[i] as string;
    if (fence || /^ {0,3}(```|~~~)/.test(line)) {
      if (!fence) fenceStart = i;
      fence = updateFence(line, fence);
      if (!fence) ledger.push({ from: fenceStart + 1, to: i + 1, kind: 'left', reason: 'codeOutside' });
      i++;
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (SCHEDULE.test(line)) {
      ledger.push({ from: i + 1, to: i + 1, kind: 'left', reason: 'schedule' });
      i++;
      continue;
    }
    const tag = TAG.exec(line);
    if (tag && line.replace(/#[^\s#]+/g, '').trim() === '') {
      const parts = (tag[1] as string).split('/').slice(1);
      topics = parts.map((p) => asciiSlug(p)).filter(Boolean);
      ledger.push({ from: i + 1, to: i + 1, kind: 'meta', reason: 'tags' });
      i++;
      continue;
    }
    if (HEADING.test(line) || /^\s*(-{3,}|\*{3,}|\+{3,})\s*$/.test(line)) {
      ledger.push({ from: i + 1, to: i + 1, kind: 'meta', reason: HEADING.test(line) ? 'section' : 'separator' });
      i++;
      continue;
    }
    // A paragraph: find a `?`/`??` separator line or `::` cards in it.
    const end = paragraphEnd(i);
    const sep = lines.slice(i, end).findIndex((l) => /^\s*\?{1,2}\s*$/.test(l));
    if (sep >= 0) {
      const at = i + sep;
      const reversed = (lines[at] as string).trim() === '??';
      const question = lines.slice(i, at).join('\n');
      // The answer runs to the next blank line; a `?` followed by a blank line takes the next paragraph.
      let aStart = at + 1;
      let aEnd = end;
      if (aStart >= end) {
        while (aStart < lines.length && (lines[aStart] as string).trim() === '') aStart++;
        aEnd = paragraphEnd(aStart);
      }
      const answer = lines.slice(aStart, aEnd).join('\n');
      const group = reversed ? `obsidian-${cards.length + 1}` : undefined;
      add(i, aEnd - 1, question, answer, group ? { group } : {});
      if (reversed) cards.push({ ...(cards[cards.length - 1] as ImportCard), question: answer.trim(), answer: question.trim() });
      i = aEnd;
      continue;
    }
    for (let k = i; k < end; k++) {
      const l = lines[k] as string;
      const m = SCHEDULE.test(l) ? undefined : splitCardLine(l);
      if (m) {
        const sr = m.answer.indexOf('<!--SR:');
        const answer = (sr >= 0 ? m.answer.slice(0, sr) : m.answer).trim();
        if (m.reversed) {
          const group = `obsidian-${cards.length + 1}`;
          add(k, k, m.question, answer, { group });
          cards.push({ ...(cards[cards.length - 1] as ImportCard), question: answer.trim(), answer: m.question });
        } else add(k, k, m.question, answer);
      } else if (SCHEDULE.test(l)) {
        ledger.push({ from: k + 1, to: k + 1, kind: 'left', reason: 'schedule' });
      } else {
        const cloze = toCloze(l);
        if (cloze) {
          add(k, k, cloze, '');
        } else ledger.push({ from: k + 1, to: k + 1, kind: 'left', reason: 'textOutside' });
      }
    }
    i = end;
  }
  if (cards.length === 0) {
    problems.push(problem(file, 1, 'error', 'problem.qa.none'));
    return { decks: [], problems, ledger };
  }
  return { decks: [fileDeck(file, opts, cards, problems)], problems, ledger };
}
