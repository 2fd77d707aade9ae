/**
 * Markdown documents written as question lists (blog posts, notes, chatbot transcripts), turned
 * into one deck. The document is split into blocks (marked's block lexer) and each region is
 * judged in context, section by section (see docs/import.md):
 *
 * - `Q:` / `A:` pairs (also `问：` / `答：`);
 * - bold questions, `**1. question**` or `**What is X?**`, each followed by its answer;
 * - numbered questions, `1. question`, followed by the answer as `>` blockquotes or paragraphs;
 * - headings as questions, with everything under the heading as its answer;
 * - question-only lists (numbered or bulleted questions, or one question a line in a plain code
 *   block), which become drafts.
 *
 * A numbered or bold line inside an answer stays in the answer unless it continues the numbering
 * of the questions (or, for bold lines, reads as a question). Every block ends up in the ledger:
 * in a card, a draft, as deck metadata (front matter, title, section headings), or left out with
 * a reason. Headings above the questions are sections and become topics.
 */

import type { Tokens } from 'marked';
import type { Problem } from '../../errors.js';
import { MAX_NESTING } from '../limits.js';
import { problem } from '../problems.js';
import { type Block, markdownBlocks, tooDeep } from './blocks.js';
import { readPostFrontMatter } from './frontmatter.js';
import {
  type ConvertOptions,
  type ConvertResult,
  deckIdFromFileName,
  deckTopics,
  dedupeIds,
  detectLanguage,
  headingTopic,
  type ImportCard,
  type LedgerEntry,
  type LedgerReason,
  stripNumbering,
  tagsToTopics,
  textCardId,
} from './model.js';

/** `**1. question**` or `**1.** question`. */
const BOLD_NUMBERED = /^ {0,3}\*\*\s*(\d{1,4})\s*[.)、．）]\s*(?:\*\*\s*(\S.*)|(\S.*)\*\*\s*[:：]?)$/;
/**
 * A line that is bold as a whole, after an optional bullet or question number: `**What is X?**`,
 * `**• What is X?**`, `**Q12. What is X?**` (the number is not part of the question).
 */
const BOLD_LINE = /^ {0,3}\*\*\s*(?:[•·▪-]\s*|Q\d{1,4}\s*[.:：)、]\s*)?(\S.*)\*\*$/;
/**
 * A question whose label is inside the bold of a whole bold line: `**Q2: question**`,
 * `**Question 3: question**`. Its answer is what follows (a `Q:` line would take the following
 * text into the question until an `A:` line); a following `A:` label is dropped.
 */
const BOLD_Q_LINE = /^ {0,3}\*\*\s*(?:Q|Question|问|问题)(?:\s*(\d{1,4}))?\s*[.:：)、]((?:(?!\*\*).)+)\*\*\s*[:：]?$/i;
// No two whitespace runs of these patterns can match the same spaces (each sits before a
// required token), so a long run of spaces costs linear time, not cubic: `Q` and 4,000 spaces
// took a minute. The bold patterns run on the line without its trailing spaces (boldLine).
const Q_LINE = /^ {0,3}(?:\*\*)?\s*(?:Q|Question|问|问题)(?:\s*\d+)?(?:\s*\*\*)?\s*[:：](?:\s*\*\*)?\s*(.*)$/i;
const A_LINE = /^ {0,3}(?:\*\*)?\s*(?:A|Answer|答|答案|回答)(?:\s*\d+)?(?:\s*\*\*)?\s*[:：](?:\s*\*\*)?\s*(.*)$/i;
/** The line that opens a chatbot's list of sources. */
const CITE_HEAD = /^\s*(?:\*\*)?\s*(?:源|来源|参考|参考资料|参考文献|Sources?|References?)\s*(?:\*\*)?\s*[:：]/i;
/** One source in such a list: `(1) title. url.` or `[1]: url`. */
const CITE_ITEM = /^\s*(?:\(\d{1,3}\)|\[\d{1,3}\]:?)\s/;
const CITE_URL_ITEM = /^\s*(?:\(\d{1,3}\)|\[\d{1,3}\]:?)\s.*https?:\/\/\S+\s*$/;
/** Bing-style reference marks left in the text once the list is gone: `[^3^]` and trailing superscripts. */
const REF_MARK = /\[\^\d{1,3}\^\]/g;
const SUPERSCRIPT_REFS = /(?<![A-Za-z0-9)\]}^_⁰¹²³⁴⁵⁶⁷⁸⁹])[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?=[。，、；：！？）.,;:!?]|$)/gm;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
/** Languages of code blocks that may hold a plain list of questions, one a line. */
const PLAIN_CODE = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'markdown', 'md']);

const EN_QUESTION =
  /^(?:what|why|how|when|where|which|who|whom|whose|is|are|was|were|can|could|does|do|did|should|would|will|explain|describe|compare|contrast|define|name|list|give|tell|write|implement|derive|discuss|summari[sz]e|walk me through)\b/i;
const ZH_QUESTION =
  /什么|如何|为什么|为何|怎么|怎样|哪些|哪个|哪种|多少|区别|是否|吗|呢|介绍|解释|谈一谈|谈谈|说一下|说说|简述|讲解|讲一下|对比|比较|有何|原理/;

/** True when a line reads as a question: it ends with a question mark or starts like one. */
export function looksLikeQuestion(text: string): boolean {
  const t = text
    .replace(/[*_`]/g, '')
    .replace(/^\s*(?:\d{1,4}[.)、．）]\s*|[-•·]\s*)/, '')
    .trim();
  if (!t || t.length > 300) return false;
  if (/[?？]\s*$/.test(t)) return true;
  return EN_QUESTION.test(t) || ZH_QUESTION.test(t);
}

const endsWithQuestionMark = (s: string) => /[?？]\s*(\*\*)?\s*$/.test(s);

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

/** The text without the `A:` / `**A2:**` / `答：` label of its first line, when it has one. */
function dropAnswerLabel(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  const a = A_LINE.exec(first);
  return a ? [a[1] ?? '', ...rest].join('\n') : text;
}

/** `**text**` → `text` when the whole question is bold. */
function unbold(s: string): string {
  const m = /^\*\*(.+)\*\*[:：]?$/.exec(s.trim());
  return m && !(m[1] as string).includes('**') ? (m[1] as string).trim() : s.trim();
}

/** Removes a list marker and the indentation of the item's continuation lines. */
function itemParts(item: Tokens.ListItem): { question: string; rest: string } {
  const lines = item.raw.replace(/\n+$/, '').split('\n');
  const first = (lines[0] ?? '').replace(/^\s*(?:\d{1,9}[.)]|[-*+])\s+(?:\[[ xX]\]\s+)?/, '');
  const indent = Math.min(
    ...lines
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => /^\s*/.exec(l)?.[0].length ?? 0),
    8,
  );
  return {
    question: first.trim(),
    rest: lines
      .slice(1)
      .map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)?.[0].length ?? 0)))
      .join('\n'),
  };
}

const dequote = (raw: string) =>
  raw
    .split('\n')
    .map((l) => l.replace(/^ {0,3}> ?/, ''))
    .join('\n');

type Kind = 'numbered' | 'bold' | 'pair' | 'heading' | 'list';

interface Pending {
  kind: Kind;
  from: number;
  to: number;
  number?: number;
  /** Heading level of a heading question (deeper headings belong to its answer). */
  level?: number;
  question: string[];
  answer: string[];
  /** How the answer is written: as a blockquote or as plain blocks. */
  mode?: 'quote' | 'plain';
  /** Pairs: reading the question (before `A:`) or the answer. */
  part: 'q' | 'a';
  /** The answer is over: further text is between questions. */
  closed: boolean;
  topics: string[];
}

interface HeadingInfo {
  level: number;
  text: string;
  /** The heading has text under it before the next heading. */
  body: boolean;
  /** Question starters (numbered lists, bold questions, Q: lines) under it before the next heading. */
  starters: boolean;
}

/** True when a block opens questions of its own (a numbered list, a bold question, a `Q:` line). */
function isStarter(b: Block): boolean {
  if (b.type === 'list') return (b.token as Tokens.List).ordered && !/^\s/.test(b.raw);
  if (b.type !== 'paragraph') return false;
  const first = b.raw.split('\n', 1)[0] as string;
  if (Q_LINE.test(first) || BOLD_NUMBERED.test(first.trimEnd())) return true;
  const bold = BOLD_LINE.exec(first.trimEnd());
  return !!bold && looksLikeQuestion(bold[1] as string);
}

/**
 * Splits a list whose items start at different indentations (`   1. step` inside an answer,
 * then `3. next question` at the margin, which Markdown reads as one list) into one list block
 * per run of equally indented items, so that each run is judged on its own.
 */
function splitMixedLists(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const list = b.type === 'list' ? (b.token as Tokens.List) : undefined;
    const indentOf = (it: Tokens.ListItem) => (/^\s*/.exec(it.raw)?.[0].length ?? 0) > 0;
    if (!list || list.items.every((it) => indentOf(it) === indentOf(list.items[0] as Tokens.ListItem))) {
      out.push(b);
      continue;
    }
    let from = b.from;
    let k = 0;
    while (k < list.items.length) {
      const run: Tokens.ListItem[] = [];
      const indented = indentOf(list.items[k] as Tokens.ListItem);
      while (k < list.items.length && indentOf(list.items[k] as Tokens.ListItem) === indented)
        run.push(list.items[k++] as Tokens.ListItem);
      const raw = run.map((it) => it.raw).join('');
      const body = raw.replace(/\n+$/, '');
      const start = list.ordered ? Number(list.start || 1) + list.items.indexOf(run[0] as Tokens.ListItem) : '';
      const token = { ...list, raw, items: run, start } as Tokens.List;
      out.push({ type: 'list', from, to: from + body.split('\n').length - 1, raw: body, token });
      from += raw.split('\n').length - 1;
    }
  }
  return out;
}

/** Per heading block: level, text, whether text and question starters follow it. */
function headingInfo(blocks: Block[]): Map<number, HeadingInfo> {
  const info = new Map<number, HeadingInfo>();
  let cur: HeadingInfo | undefined;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    if (b.type === 'heading') {
      const t = b.token as Tokens.Heading;
      cur = { level: t.depth, text: t.text, body: false, starters: false };
      info.set(i, cur);
    } else if (cur) {
      if (b.type !== 'hr' && !(b.type === 'html' && /^\s*<!--/.test(b.raw))) cur.body = true;
      if (isStarter(b)) cur.starters = true;
    }
  }
  return info;
}

/** The heading level used for questions: the most common level of headings with text but no questions under them (ties: deeper). */
function questionLevel(info: Map<number, HeadingInfo>, titleIndex: number): number | undefined {
  const counts = new Map<number, number>();
  for (const [i, h] of info) {
    if (i === titleIndex || !h.body || h.starters) continue;
    counts.set(h.level, (counts.get(h.level) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestN = 0;
  for (const [level, n] of counts) {
    if (n > bestN || (n === bestN && level > (best ?? 0))) {
      best = level;
      bestN = n;
    }
  }
  return best;
}

/** Sections (heading-delimited) where numbered questions are answered with blockquotes: their answers are quotes only. */
function quotedSections(blocks: Block[]): Set<number> {
  const quoted = new Set<number>();
  let section = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    if (b.type === 'heading') section = i + 1;
    else if (isStarter(b) && b.type === 'list' && blocks[i + 1]?.type === 'blockquote') quoted.add(section);
  }
  return quoted;
}

interface Section {
  level: number;
  topic: string;
}

/** Converts one question-list document into a deck, with a ledger of every region. */
export function convertQa(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  const ledger: LedgerEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fm = readPostFrontMatter(lines, file, problems);
  const deckId = opts.deckId ?? deckIdFromFileName(file);
  if (fm.bodyStart > 0) ledger.push({ from: 1, to: fm.bodyStart, kind: 'meta', reason: 'frontMatter' });
  const deep = tooDeep(lines, fm.bodyStart);
  if (deep > 0) {
    problems.push(problem(file, deep, 'error', 'problem.qa.tooDeep', { max: MAX_NESTING }));
    return { decks: [], problems, ledger };
  }
  const blocks = splitMixedLists(markdownBlocks(lines.slice(fm.bodyStart).join('\n'), fm.bodyStart + 1));
  const info = headingInfo(blocks);
  const ones = [...info.values()].filter((h) => h.level === 1).length;
  const titleIndex = ones === 1 ? ([...info.entries()].find(([, h]) => h.level === 1)?.[0] ?? -1) : -1;
  const qLevel = questionLevel(info, titleIndex);
  const quoted = quotedSections(blocks);

  let title = fm.meta.title;
  const sections: Section[] = [];
  let sectionCount = 0;
  let sectionIndex = 0;
  const fallbackSections: string[] = [];
  const cards: ImportCard[] = [];
  /** Lines of text between blockquote answers (reported as a warning too: the answers' format suggests they belong to one). */
  const between: number[] = [];
  let cur: Pending | undefined;
  let citations = false;
  /** A question was seen in the current section (text after it in a quoted section is "between answers"). */
  let asked = false;
  /** The last thing read was a list of one-line questions. */
  let afterList = false;

  const left = (b: Block, reason: LedgerReason) => {
    ledger.push({ from: b.from, to: b.to, kind: 'left', reason });
    if (reason === 'textBetween') between.push(b.from);
  };
  const meta = (b: Block, reason: LedgerReason) => ledger.push({ from: b.from, to: b.to, kind: 'meta', reason });
  const topicsNow = () => [...new Set(sections.map((s) => s.topic))];

  const emit = (p: Pending) => {
    const q = p.question.join('\n').trim();
    const cleaned = dropCitations(p.answer.join('\n').replace(HTML_COMMENT, '').split('\n'));
    if (cleaned.dropped) citations = true;
    const answer = trimLines(cleaned.lines);
    if (!q) {
      ledger.push({ from: p.from, to: p.to, kind: 'left', reason: 'answerWithoutQuestion' });
      return;
    }
    cards.push({ id: '', question: q, answer, keyPoints: [], topics: p.topics, line: p.from });
    ledger.push({ from: p.from, to: p.to, kind: answer ? 'card' : 'draft' });
  };
  const close = () => {
    if (cur) emit(cur);
    cur = undefined;
  };
  const open = (b: Block, kind: Kind, question: string, extra: Partial<Pending> = {}) => {
    close();
    cur = {
      kind,
      from: b.from,
      to: b.to,
      question: [question],
      answer: [],
      part: 'q',
      closed: false,
      topics: topicsNow(),
      ...extra,
    };
    asked = true;
    afterList = false;
  };
  /** A question that is complete as it is (an item of a question list): emitted at once. */
  const single = (from: number, to: number, question: string, answer: string, number?: number) => {
    emit({
      kind: 'list',
      from,
      to,
      question: [question],
      answer: [answer],
      part: 'a',
      closed: true,
      topics: topicsNow(),
      ...(number !== undefined ? { number } : {}),
    });
  };
  const section = (b: Block, level: number, heading: string) => {
    sectionCount++;
    while (sections.length > 0 && (sections[sections.length - 1] as Section).level >= level) sections.pop();
    let topic = headingTopic(heading, opts.vocabulary);
    if (!topic) {
      topic = `${deckId.slice(0, 40)}-section-${sectionCount}`;
      fallbackSections.push(`line ${b.from} → ${topic}`);
    }
    sections.push({ level, topic });
    meta(b, 'section');
  };

  /** Handles a block that no open answer takes: a starter, a question-only list, or text left out. */
  const outside = (b: Block, i: number) => {
    const t = b.token;
    if (b.type === 'list') {
      const list = t as Tokens.List;
      const items = list.items;
      const oneLiners = items.every((it) => !it.raw.replace(/\n+$/, '').includes('\n'));
      const questionish = items.filter((it) => looksLikeQuestion(itemParts(it).question)).length;
      if (!list.ordered && questionish * 2 < items.length) return left(b, 'listOutside');
      let line = b.from;
      items.forEach((it, k) => {
        const from = line;
        const to = from + it.raw.replace(/\n+$/, '').split('\n').length - 1;
        line = from + it.raw.split('\n').length - 1;
        const { question, rest } = itemParts(it);
        const number = list.ordered ? Number(list.start || 1) + k : undefined;
        const q = unbold(question);
        if (k === items.length - 1 && list.ordered && (items.length === 1 || !oneLiners)) {
          open({ ...b, from, to }, 'numbered', q, number !== undefined ? { number } : {});
          if (rest.trim() && cur) {
            cur.answer.push(rest);
            cur.mode = 'plain';
          }
        } else single(from, to, q, rest, number);
      });
      // A list of one-line questions is complete: text after it is not the last question's answer.
      afterList = !cur;
      return;
    }
    if (b.type === 'paragraph') {
      const [first = '', ...restLines] = b.raw.split('\n');
      const bq = BOLD_Q_LINE.exec(first.trimEnd());
      if (bq?.[2]?.trim()) {
        open(b, 'bold', (bq[2] as string).trim(), bq[1] ? { number: Number(bq[1]) } : {});
        if (restLines.length > 0 && cur) {
          (cur as Pending).answer.push(dropAnswerLabel(restLines.join('\n')));
          (cur as Pending).mode = 'plain';
        }
        return;
      }
      const q = Q_LINE.exec(first);
      if (q) {
        open(b, 'pair', unbold(q[1] ?? ''));
        const p = cur as unknown as Pending;
        for (const l of restLines) {
          const a = p.part === 'q' ? A_LINE.exec(l) : null;
          if (a) {
            p.part = 'a';
            p.answer.push(a[1] ?? '');
          } else (p.part === 'q' ? p.question : p.answer).push(l);
        }
        return;
      }
      const bn = BOLD_NUMBERED.exec(first.trimEnd());
      const bl = bn ? null : BOLD_LINE.exec(first.trimEnd());
      if (bn || (bl && looksLikeQuestion(bl[1] as string))) {
        const question = bn ? (bn[2] ?? bn[3] ?? '').trim() : (bl?.[1] ?? '').trimEnd();
        open(b, 'bold', question, bn ? { number: Number(bn[1]) } : {});
        if (restLines.length > 0 && cur) {
          (cur as Pending).answer.push(restLines.join('\n'));
          (cur as Pending).mode = 'plain';
        }
        return;
      }
      if (A_LINE.test(first)) return left(b, 'answerWithoutQuestion');
      // A lone short question line (`**Follow-up:** How would you …?`) is a draft; a long one is
      // more often an instruction to a chatbot than a question to learn.
      const plain = b.raw.replace(/^\s*\*\*[^*]{1,40}\*\*\s*[:：]?\s*/, '');
      if (!b.raw.includes('\n') && plain.length <= 80 && endsWithQuestionMark(plain)) {
        single(b.from, b.to, plain.trim(), '');
        return;
      }
      return left(b, afterList ? 'textAfterList' : quoted.has(sectionIndex) && asked ? 'textBetween' : 'textOutside');
    }
    if (b.type === 'code') {
      const code = t as Tokens.Code;
      const lang = (code.lang ?? '').trim().toLowerCase();
      const qs = code.text.split('\n').map((l) => l.trim());
      const nonEmpty = qs.filter(Boolean);
      const hits = nonEmpty.filter((l) => l.length <= 160 && looksLikeQuestion(l)).length;
      if (!code.codeBlockStyle && PLAIN_CODE.has(lang) && nonEmpty.length >= 2 && hits * 10 >= nonEmpty.length * 6) {
        // One question a line in a plain block: each line is a draft; the fences are part of the block.
        const firstText = b.from + 1;
        meta({ ...b, to: b.from }, 'separator');
        meta({ ...b, from: b.to }, 'separator');
        qs.forEach((l, k) => {
          if (l) single(firstText + k, firstText + k, l.replace(/[,，]\s*$/, ''), '');
        });
        return;
      }
      return left(b, 'codeOutside');
    }
    if (b.type === 'html') return /^\s*<!--[\s\S]*-->\s*$/.test(b.raw) ? meta(b, 'comment') : left(b, 'htmlOutside');
    if (b.type === 'blockquote') return left(b, quoted.has(sectionIndex) && asked ? 'textBetween' : 'quoteOutside');
    if (b.type === 'table') return left(b, 'tableOutside');
    void i;
    return left(b, 'textOutside');
  };

  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    if (b.type === 'heading') {
      const h = info.get(i) as HeadingInfo;
      if (cur && cur.kind === 'heading' && !cur.closed && h.level > (cur.level ?? 6)) {
        cur.answer.push(b.raw, '');
        cur.to = b.to;
        continue;
      }
      close();
      sectionIndex = i + 1;
      asked = false;
      afterList = false;
      if (i === titleIndex) {
        title ??= h.text.replace(/[*_`]/g, '').trim();
        meta(b, 'title');
        continue;
      }
      const asQuestion =
        !h.starters && ((h.level === qLevel && h.body) || (endsWithQuestionMark(h.text) && h.level >= (qLevel ?? 1)));
      if (asQuestion) {
        const q = unbold(
          stripNumbering(h.text.replace(/^(?:(?:Q|问题?)\s*\d*\s*[:：.]|Q\d{1,4}\s)\s*/i, '')).replace(/^\d+(?:\.\d+)+\s*/, ''),
        );
        open(b, 'heading', q, { level: h.level, mode: 'plain' });
        continue;
      }
      section(b, h.level, h.text);
      continue;
    }
    if (b.type === 'hr') {
      close();
      meta(b, 'separator');
      continue;
    }
    const p = cur;
    if (!p || p.closed) {
      outside(b, i);
      continue;
    }
    if (p.kind !== 'heading' && isStarter(b)) {
      // Judged in context: inside an answer, a starter opens a new question only when it
      // continues the questions around it; otherwise it is part of the answer.
      const first = b.raw.split('\n', 1)[0] as string;
      let starts = false;
      if (b.type === 'list') {
        const start = Number((b.token as Tokens.List).start || 1);
        starts = p.kind === 'numbered' && (p.mode === 'quote' || start === (p.number ?? -2) + 1 || p.answer.length === 0);
        starts ||= p.kind === 'pair' && p.part === 'a' && false;
      } else if (Q_LINE.test(first)) starts = p.kind === 'pair' || p.kind === 'numbered' || p.kind === 'bold';
      else {
        const bn = BOLD_NUMBERED.exec(first.trimEnd());
        const text = (bn ? (bn[2] ?? bn[3] ?? '') : (BOLD_LINE.exec(first.trimEnd())?.[1] ?? '')).trimEnd();
        const n = bn ? Number(bn[1]) : undefined;
        starts =
          p.kind === 'bold' &&
          (looksLikeQuestion(text) || (n !== undefined && n === (p.number ?? -2) + 1 && !/[:：]\s*$/.test(text)));
        starts ||= p.kind !== 'bold' && endsWithQuestionMark(text) && p.answer.length === 0;
      }
      if (starts) {
        close();
        outside(b, i);
        continue;
      }
    }
    // `**Q2: question**` then `A: answer` (or `**A2:** answer`) in a paragraph of its own.
    if (p.kind === 'bold' && p.answer.length === 0 && b.type === 'paragraph' && A_LINE.test(b.raw.split('\n', 1)[0] as string)) {
      p.answer.push(dropAnswerLabel(b.raw), '');
      p.mode = 'plain';
      p.to = b.to;
      continue;
    }
    if (p.kind === 'pair' && p.part === 'q') {
      const [first = '', ...rest] = b.raw.split('\n');
      const a = b.type === 'paragraph' ? A_LINE.exec(first) : null;
      if (a) {
        p.part = 'a';
        p.answer.push([a[1] ?? '', ...rest].join('\n'));
      } else p.question.push('', b.raw);
      p.to = b.to;
      continue;
    }
    if (p.mode === undefined) {
      if (b.type === 'blockquote') p.mode = 'quote';
      else if (quoted.has(sectionIndex) && p.kind === 'numbered') {
        // In a section answered with blockquotes, other text after a question is not its answer.
        close();
        outside(b, i);
        continue;
      } else p.mode = 'plain';
    }
    if (p.mode === 'quote') {
      if (b.type === 'blockquote') {
        p.answer.push(p.answer.length === 0 ? dropAnswerLabel(dequote(b.raw)) : dequote(b.raw), '');
        p.to = b.to;
        continue;
      }
      p.closed = true;
      close();
      outside(b, i);
      continue;
    }
    p.answer.push(b.raw, '');
    p.to = b.to;
  }
  close();

  if (cards.length === 0) {
    problems.push(problem(file, fm.bodyStart + 1, 'error', 'problem.qa.none'));
    return { decks: [], problems, ledger };
  }
  if (between.length > 0) {
    const list = between.slice(0, 5).join(', ') + (between.length > 5 ? ', …' : '');
    const key = between.length > 1 ? 'problem.qa.skippedLines' : 'problem.qa.skippedLine';
    problems.push(problem(file, between[0] as number, 'warning', key, { lines: list }));
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
    ledger,
  };
}
