/**
 * Markdown documents written as question lists (blog posts, notes, chatbot transcripts), turned
 * into one deck. Shapes understood, chosen per document (see docs/import.md):
 *
 * - `Q:` / `A:` pairs (also `问：` / `答：`);
 * - bold numbered questions, `**1. question**`, each followed by its answer;
 * - numbered questions, `1. question`, followed by the answer as `>` blockquotes or paragraphs;
 * - headings as questions, with the text under each heading as its answer.
 *
 * Headings above the questions are sections and become topics. Chatbot citation blocks (a
 * `源: ...` / `Source: ...` line followed by `(1) title. url.` lines) are dropped.
 */

import type { Problem } from '../../errors.js';
import { type Fence, updateFence } from '../deck.js';
import { problem } from '../problems.js';
import { readPostFrontMatter } from './frontmatter.js';
import {
  asciiSlug,
  type ConvertOptions,
  type ConvertResult,
  deckIdFromFileName,
  deckTopics,
  dedupeIds,
  detectLanguage,
  type ImportCard,
  stripNumbering,
  tagsToTopics,
  textCardId,
} from './model.js';

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const QUOTE = /^ {0,3}>/;
/**
 * `1. question`, `1) question`, `1、question` (CJK punctuation needs no space after it), at the
 * start of the line: an indented numbered line is a list inside an answer.
 */
const NUMBERED = /^(\d{1,4})(?:[.)]\s+|[、．）]\s*)(\S.*)$/;
/** `**1. question**` or `**1.** question`. */
const BOLD_NUMBERED = /^ {0,3}\*\*\s*(\d{1,4})\s*(?:[.)、．）])\s*(?:\*\*\s*(\S.*?)|(\S.*?)\s*\*\*\s*[:：]?)\s*$/;
const Q_LINE = /^ {0,3}(?:\*\*)?\s*(?:Q|Question|问|问题)\s*\d*\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/i;
const A_LINE = /^ {0,3}(?:\*\*)?\s*(?:A|Answer|答|答案|回答)\s*\d*\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/i;
/** The line that opens a chatbot's list of sources. */
const CITE_HEAD = /^\s*(?:\*\*)?\s*(?:源|来源|参考|参考资料|参考文献|Sources?|References?)\s*(?:\*\*)?\s*[:：]/i;
/** One source in such a list: `(1) title. url.` or `[1]: url`. */
const CITE_ITEM = /^\s*(?:\(\d{1,3}\)|\[\d{1,3}\]:?)\s/;
const CITE_URL_ITEM = /^\s*(?:\(\d{1,3}\)|\[\d{1,3}\]:?)\s.*https?:\/\/\S+\s*$/;
/** Bing-style reference marks left in the text once the list is gone: `[^3^]` and trailing superscripts. */
const REF_MARK = /\[\^\d{1,3}\^\]/g;
const SUPERSCRIPT_REFS = /(?<![A-Za-z0-9)\]}^_⁰¹²³⁴⁵⁶⁷⁸⁹])[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?=[。，、；：！？）.,;:!?]|$)/gm;

type Shape = 'pairs' | 'bold' | 'numbered' | 'headings';

const endsWithQuestionMark = (s: string) => /[?？]\s*(\*\*)?\s*$/.test(s);

interface Scan {
  /** Per line: inside a top-level code fence (the fence lines themselves count as inside). */
  inFence: boolean[];
}

function scanFences(lines: string[], start: number): Scan {
  const inFence: boolean[] = new Array(lines.length).fill(false);
  let fence: Fence | undefined;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (QUOTE.test(line)) continue;
    const before = fence;
    fence = updateFence(line, fence);
    inFence[i] = before !== undefined || fence !== undefined;
  }
  return { inFence };
}

/** Picks the shape of the document (see the module comment and docs/import.md). */
function detectShape(lines: string[], start: number, scan: Scan): { shape: Shape; questionLevel: number; quoted: boolean } {
  let pairsQ = 0;
  let pairsA = 0;
  let bold = 0;
  const numbered: number[] = [];
  const headings: { i: number; level: number; text: string }[] = [];
  for (let i = start; i < lines.length; i++) {
    if (scan.inFence[i]) continue;
    const line = lines[i] as string;
    if (Q_LINE.test(line)) pairsQ++;
    else if (A_LINE.test(line)) pairsA++;
    if (BOLD_NUMBERED.test(line)) bold++;
    else if (NUMBERED.test(line)) numbered.push(i);
    const h = HEADING.exec(line);
    if (h) headings.push({ i, level: (h[1] as string).length, text: h[2] as string });
  }
  const questionLevel = headingQuestionLevel(lines, headings, scan);
  // A numbered line answered by a blockquote is the clearest sign of a numbered question list,
  // and says that answers in this document are blockquotes.
  const quoted = numbered.some((i) => {
    let j = i + 1;
    while (j < lines.length && (lines[j] as string).trim() === '') j++;
    return QUOTE.test(lines[j] ?? '');
  });
  const r = (shape: Shape) => ({ shape, questionLevel, quoted: quoted && shape === 'numbered' });
  if (pairsQ > 0 && pairsA > 0) return r('pairs');
  if (bold > 0) return r('bold');
  if (numbered.length === 0) return r('headings');
  const withBody = headings.filter((h) => h.level >= 2 && headingHasText(lines, h.i, scan));
  if (withBody.length === 0 || quoted) return r('numbered');
  const qNumbered = numbered.filter((i) => endsWithQuestionMark(lines[i] as string)).length;
  const qHeadings = headings.filter((h) => h.level >= 2 && endsWithQuestionMark(h.text)).length;
  if (qNumbered !== qHeadings) return r(qNumbered > qHeadings ? 'numbered' : 'headings');
  // Numbered items with text between them are questions with answers; a tight list is an answer.
  const answered = numbered.some((i) => {
    const next = lines.slice(i + 1).findIndex((l) => l.trim() !== '');
    const line = next >= 0 ? (lines[i + 1 + next] as string) : '';
    return next >= 0 && !NUMBERED.test(line) && !HEADING.test(line);
  });
  return r(answered ? 'numbered' : 'headings');
}

function headingHasText(lines: string[], i: number, scan: Scan): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j] as string;
    if (!scan.inFence[j] && HEADING.test(l)) return false;
    if (l.trim() && !NUMBERED.test(l)) return true;
  }
  return false;
}

/** The heading level used for questions: the most common level among headings with text under them (ties: deeper). */
function headingQuestionLevel(lines: string[], headings: { i: number; level: number }[], scan: Scan): number {
  const counts = new Map<number, number>();
  const ones = headings.filter((h) => h.level === 1).length;
  for (const h of headings) {
    // A single `# Title` is the document title, not a question.
    if (h.level === 1 && ones === 1) continue;
    let text = false;
    for (let j = h.i + 1; j < lines.length; j++) {
      const l = lines[j] as string;
      if (!scan.inFence[j] && HEADING.test(l)) break;
      if (l.trim()) {
        text = true;
        break;
      }
    }
    if (text) counts.set(h.level, (counts.get(h.level) ?? 0) + 1);
  }
  let best = 2;
  let bestN = -1;
  for (const [level, n] of counts) {
    if (n > bestN || (n === bestN && level > best)) {
      best = level;
      bestN = n;
    }
  }
  return best;
}

/** Drops chatbot citation lists and the reference marks pointing into them. */
export function dropCitations(lines: string[]): { lines: string[]; dropped: boolean } {
  const out: string[] = [];
  let dropped = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (CITE_HEAD.test(line)) {
      let j = i + 1;
      while (j < lines.length && (lines[j] as string).trim() === '') j++;
      const bing = /必应|Bing/i.test(line);
      if (bing || CITE_ITEM.test(lines[j] ?? '')) {
        dropped = true;
        while (j < lines.length && (CITE_ITEM.test(lines[j] as string) || (lines[j] as string).trim() === '')) j++;
        i = j - 1;
        continue;
      }
    }
    if (CITE_URL_ITEM.test(line)) {
      dropped = true;
      continue;
    }
    out.push(line);
  }
  return { lines: out, dropped };
}

function cleanRefs(text: string): string {
  return text.replace(REF_MARK, '').replace(SUPERSCRIPT_REFS, '');
}

function trimLines(lines: string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] as string).trim() === '') a++;
  while (b > a && (lines[b - 1] as string).trim() === '') b--;
  return lines.slice(a, b).join('\n');
}

/** `**text**` → `text` when the whole question is bold. */
function unbold(s: string): string {
  const m = /^\*\*(.+)\*\*[:：]?$/.exec(s.trim());
  return m && !(m[1] as string).includes('**') ? (m[1] as string).trim() : s.trim();
}

interface Section {
  level: number;
  topic: string;
}

interface Pending {
  line: number;
  number?: number;
  question: string[];
  answer: string[];
  /** How the answer is written: as a blockquote or as plain paragraphs. */
  mode?: 'quote' | 'plain';
  /** The previous line was part of the blockquote (a plain line right after it continues it). */
  inQuote: boolean;
  /** Text outside the blockquote came after it: the answer is over. */
  closed: boolean;
  /** Pairs shape: reading the question or the answer. */
  part: 'q' | 'a';
  topics: string[];
}

/** Converts one question-list document into a deck. */
export function convertQa(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fm = readPostFrontMatter(lines, file, problems);
  const deckId = opts.deckId ?? deckIdFromFileName(file);
  const scan = scanFences(lines, fm.bodyStart);
  const { shape, questionLevel, quoted } = detectShape(lines, fm.bodyStart, scan);
  /** Lines of text between questions that no answer took (reported once, as a warning). */
  const skipped: number[] = [];

  const ones = lines.slice(fm.bodyStart).filter((l, k) => !scan.inFence[k + fm.bodyStart] && /^ {0,3}#\s/.test(l)).length;
  let title = fm.meta.title;
  const sections: Section[] = [];
  let sectionCount = 0;
  const fallbackSections: string[] = [];
  const cards: ImportCard[] = [];
  let cur: Pending | undefined;
  let citations = false;

  const close = () => {
    if (!cur) return;
    const q = cur.question.join('\n').trim();
    const cleaned = dropCitations(cur.answer);
    if (cleaned.dropped) citations = true;
    if (q) {
      cards.push({
        id: '',
        question: q,
        answer: trimLines(cleaned.lines),
        keyPoints: [],
        topics: cur.topics,
        line: cur.line,
      });
    }
    cur = undefined;
  };
  const start = (i: number, question: string, number?: number, mode?: 'plain') => {
    close();
    cur = {
      line: i + 1,
      ...(mode ? { mode } : {}),
      question: [question],
      answer: [],
      inQuote: false,
      closed: false,
      part: 'q',
      topics: [...new Set(sections.map((s) => s.topic))],
      ...(number !== undefined ? { number } : {}),
    };
  };
  const section = (i: number, level: number, heading: string) => {
    close();
    if (level === 1 && ones === 1) {
      title ??= heading.replace(/[*_`]/g, '').trim();
      return;
    }
    sectionCount++;
    while (sections.length > 0 && (sections[sections.length - 1] as Section).level >= level) sections.pop();
    let topic = asciiSlug(stripNumbering(heading.replace(/[*_`]/g, '')));
    if (!topic) {
      topic = `${deckId.slice(0, 40)}-section-${sectionCount}`;
      fallbackSections.push(`line ${i + 1} → ${topic}`);
    }
    sections.push({ level, topic });
  };

  for (let i = fm.bodyStart; i < lines.length; i++) {
    const line = lines[i] as string;
    if (scan.inFence[i]) {
      // Code at the top level belongs to the answer being read (or to the question in pairs).
      if (cur && !cur.closed && cur.mode !== 'quote') {
        if (shape === 'pairs' && cur.part === 'q') cur.question.push(line);
        else cur.answer.push(line);
        cur.mode ??= 'plain';
      }
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      const level = (h[1] as string).length;
      const text = h[2] as string;
      if (shape === 'headings' && level === questionLevel) {
        // The whole body under a question heading is its answer, blockquotes included.
        start(i, unbold(stripNumbering(text.replace(/^(?:Q|问题?)\s*\d*\s*[:：.]\s*/i, ''))), undefined, 'plain');
        continue;
      }
      if (shape === 'headings' && level > questionLevel && cur) {
        cur.answer.push(line);
        continue;
      }
      section(i, level, text);
      continue;
    }
    if (shape === 'pairs') {
      const q = Q_LINE.exec(line);
      if (q) {
        start(i, unbold(q[1] ?? ''));
        continue;
      }
      const a = A_LINE.exec(line);
      if (a && cur && cur.part === 'q') {
        cur.part = 'a';
        cur.answer.push(a[1] ?? '');
        continue;
      }
      if (cur) (cur.part === 'q' ? cur.question : cur.answer).push(line);
      continue;
    }
    if (shape === 'bold') {
      const b = BOLD_NUMBERED.exec(line);
      if (b) {
        start(i, (b[2] ?? b[3] ?? '').trim(), Number(b[1]));
        continue;
      }
    }
    if (shape === 'numbered') {
      const n = NUMBERED.exec(line);
      if (n) {
        const number = Number(n[1]);
        const p = cur as Pending | undefined;
        const accept =
          !p || p.mode === 'quote' || p.mode === undefined || p.closed || (p.number !== undefined && number === p.number + 1);
        if (accept) {
          start(i, unbold(n[2] as string), number);
          continue;
        }
      }
    }
    if (!cur) continue;
    const p: Pending = cur;
    if (p.closed) continue;
    if (QUOTE.test(line)) {
      p.mode ??= 'quote';
      p.answer.push(p.mode === 'quote' ? line.replace(/^ {0,3}> ?/, '') : line);
      p.inQuote = true;
      continue;
    }
    if (line.trim() === '') {
      if (p.mode === 'quote') p.inQuote = false;
      if (p.mode) p.answer.push('');
      continue;
    }
    if (p.mode === 'quote' || (p.mode === undefined && quoted)) {
      // A plain line right after a quoted one continues it (Markdown's lazy continuation);
      // after a blank line it is text between answers, such as an introduction to a new list.
      if (p.inQuote) p.answer.push(line);
      else {
        p.closed = true;
        skipped.push(i + 1);
      }
      continue;
    }
    p.mode = 'plain';
    p.answer.push(line);
  }
  close();

  if (cards.length === 0) {
    problems.push(problem(file, fm.bodyStart + 1, 'error', 'problem.qa.none'));
    return { decks: [], problems };
  }
  if (skipped.length > 0) {
    const lines = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? ', …' : '');
    const key = skipped.length > 1 ? 'problem.qa.skippedLines' : 'problem.qa.skippedLine';
    problems.push(problem(file, skipped[0] as number, 'warning', key, { lines }));
  }
  if (fallbackSections.length > 0) {
    const list = fallbackSections.slice(0, 3).join(', ') + (fallbackSections.length > 3 ? ', …' : '');
    problems.push(problem(file, fm.bodyStart + 1, 'warning', 'problem.qa.numberedTopics', { list }));
  }
  for (const c of cards) {
    if (citations) c.answer = cleanRefs(c.answer);
    c.id = textCardId(deckId, c.question);
  }
  dedupeIds(cards, file, problems);
  const { topics: fmTopics, dropped } = tagsToTopics(fm.meta.tags);
  if (dropped.length > 0) {
    problems.push(problem(file, 1, 'warning', 'problem.qa.droppedTags', { list: dropped.slice(0, 5).join(', ') }));
  }
  const language = fm.meta.language && /^[a-z]{2}(-[A-Za-z0-9]+)?$/.test(fm.meta.language) ? fm.meta.language : undefined;
  const answered = cards.filter((c) => c.answer.trim()).length;
  return {
    decks: [
      {
        id: deckId,
        title: title ?? deckId,
        language: language ?? detectLanguage(cards.slice(0, 50).map((c) => c.question + c.answer)),
        topics: deckTopics(fmTopics, opts, deckId),
        description:
          fm.meta.description ??
          `${cards.length} questions (${answered} with answers) imported from ${file.split(/[\\/]/).pop()}.`,
        source: file,
        line: cards[0]?.line ?? 1,
        cards,
      },
    ],
    problems,
  };
}
