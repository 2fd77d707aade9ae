/**
 * org-drill files (Emacs Org mode): every heading tagged `:drill:` is a card. Its title and body
 * are the question and its subheadings the answer (`** Answer`, or whatever they are called); a
 * card without subheadings shows the title and reveals the body. `[text]` and `[text||hint]` in
 * the body are cloze deletions. `DRILL_CARD_TYPE: twosided` and `multisided` make one card per
 * side (a sibling group). Headings without the tag are sections (topics). Property drawers and
 * planning lines are metadata. Linear, line by line.
 */
import type { Problem } from '../../errors.js';
import { problem } from '../problems.js';
import {
  asciiSlug,
  type ConvertOptions,
  type ConvertResult,
  fileDeck,
  headingTopic,
  type ImportCard,
  type LedgerEntry,
} from './model.js';

/** Tags at the end of a headline, after whitespace: `:drill:tag:`. */
const TAGS = /\s(:[\w@#%:]+:)$/;

/**
 * An Org headline: stars, whitespace, the title, and tags at the end. In two linear steps: one
 * pattern with a lazy title before optional spaces and tags backtracked cubically on a long run
 * of spaces (`** a` and 2,000 spaces took seconds).
 */
function headline(line: string): { level: number; title: string; tags: string[] } | undefined {
  const m = /^(\*+)\s/.exec(line);
  if (!m) return undefined;
  const rest = line.slice(m[0].length).trimEnd();
  const tags = TAGS.exec(rest);
  return {
    level: (m[1] as string).length,
    title: (tags ? rest.slice(0, tags.index) : rest).trim(),
    tags: (tags?.[1] ?? '').split(':').filter(Boolean),
  };
}

export function looksLikeOrgDrill(text: string): boolean {
  return /^\*+\s.*:drill:/m.test(text.slice(0, 200_000));
}

/** A link target that is a web address (or mail, or file); anything else links inside the Org file. */
const URL_TARGET = /^(?:https?|ftp|mailto|file):/i;

/**
 * Org inline markup to Markdown: links, `=code=` / `~code~`. A link to a heading or target of
 * the same file (`[[*Heading][text]]`) cannot be followed from a card: its text is kept.
 */
function orgToMarkdown(s: string): string {
  return s
    .replace(/\[\[([^\]]+)\]\[([^\]]+)\]\]/g, (_, to: string, text: string) => (URL_TARGET.test(to) ? `[${text}](${to})` : text))
    .replace(/\[\[([^\]]+)\]\]/g, (_, to: string) => (URL_TARGET.test(to) ? `<${to}>` : to.replace(/^[*#]/, '')))
    .replace(/(^|\s)[=~]([^=~\s][^=~]*?)[=~](?=\s|[.,;:!?]|$)/g, '$1`$2`');
}

/** `[text]` / `[text||hint]` → `{{cN::text::hint}}`; links were converted before. */
function orgCloze(s: string): { text: string; n: number } {
  let n = 0;
  const text = s.replace(/(?<![\\!])\[([^[\]\n|]+?)(?:\|\|([^[\]\n]+?))?\](?!\()/g, (_, t: string, hint?: string) =>
    hint ? `{{c${++n}::${t}::${hint}}}` : `{{c${++n}::${t}}}`,
  );
  return { text, n };
}

interface Entry {
  level: number;
  title: string;
  tags: string[];
  from: number;
  to: number;
  body: string[];
  props: Map<string, string>;
}

export function convertOrgDrill(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  const ledger: LedgerEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  // Split into headline entries; lines before the first headline are the file header.
  const entries: Entry[] = [];
  let cur: Entry | undefined;
  let inDrawer = false;
  let title: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const h = headline(line);
    if (h && !inDrawer) {
      cur = {
        ...h,
        from: i + 1,
        to: i + 1,
        body: [],
        props: new Map(),
      };
      entries.push(cur);
      continue;
    }
    if (!cur) {
      const kw = /^#\+(\w+):\s*(.*)$/.exec(line);
      if (kw && kw[1]?.toLowerCase() === 'title') title = kw[2];
      if (line.trim()) ledger.push({ from: i + 1, to: i + 1, kind: kw ? 'meta' : 'left', reason: kw ? 'header' : 'textOutside' });
      continue;
    }
    if (line.trim()) cur.to = i + 1;
    if (/^\s*:(PROPERTIES|LOGBOOK):\s*$/i.test(line)) inDrawer = true;
    else if (inDrawer && /^\s*:END:\s*$/i.test(line)) inDrawer = false;
    else if (inDrawer) {
      const p = /^\s*:([\w-]+):\s*(.*)$/.exec(line);
      if (p) cur.props.set((p[1] as string).toUpperCase(), (p[2] as string).trim());
    } else if (!/^\s*(SCHEDULED|DEADLINE|CLOSED):/.test(line)) cur.body.push(line);
  }

  const cards: ImportCard[] = [];
  const sections: { level: number; topic: string }[] = [];
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k] as Entry;
    if (!e.tags.includes('drill')) {
      // Not a card, and not inside one: a section. Its own text is left out.
      while (sections.length > 0 && (sections[sections.length - 1]?.level ?? 0) >= e.level) sections.pop();
      const topic = headingTopic(e.title, opts.vocabulary);
      if (topic) sections.push({ level: e.level, topic });
      ledger.push({ from: e.from, to: e.from, kind: 'meta', reason: 'section' });
      const body = e.body.some((l) => l.trim());
      if (body && e.to > e.from) ledger.push({ from: e.from + 1, to: e.to, kind: 'left', reason: 'textOutside' });
      continue;
    }
    // The card's subtree: the following entries with a deeper level.
    let j = k + 1;
    while (j < entries.length && (entries[j] as Entry).level > e.level) j++;
    const subs = entries.slice(k + 1, j);
    const to = subs.length > 0 ? (subs[subs.length - 1] as Entry).to : e.to;
    const topics = [...new Set(sections.map((s) => s.topic))];
    const type = (e.props.get('DRILL_CARD_TYPE') ?? 'simple').toLowerCase();
    const heading = orgToMarkdown(e.title);
    const body = orgToMarkdown(e.body.join('\n')).trim();
    const sideText = (s: Entry) => orgToMarkdown([s.title, ...s.body].join('\n')).trim();
    const push = (question: string, answer: string, extra: Partial<ImportCard> = {}) =>
      cards.push({ id: '', question, answer, keyPoints: [], topics, line: e.from, ...extra });
    const group = `org-${asciiSlug(heading, 40) || 'card'}-${e.from}`;
    const answerSubs = subs.filter((s) => /^answer$/i.test(s.title.trim()));
    const sides = subs.filter((s) => !/^answer$/i.test(s.title.trim()));
    if ((type === 'twosided' || type === 'multisided') && sides.length >= 2) {
      const extra = answerSubs.map((s) => orgToMarkdown(s.body.join('\n')).trim()).join('\n\n');
      const used = type === 'twosided' ? sides.slice(0, 2) : sides;
      used.forEach((side, n) => {
        const others = used.filter((_, m) => m !== n).map(sideText);
        push([heading, body, sideText(side)].filter(Boolean).join('\n\n'), [...others, extra].filter(Boolean).join('\n\n'), {
          group,
        });
      });
    } else if (subs.length > 0) {
      const answer = subs
        .map((s) => (/^answer$/i.test(s.title.trim()) ? orgToMarkdown(s.body.join('\n')).trim() : sideText(s)))
        .join('\n\n');
      const c = orgCloze(body);
      push(c.n > 0 ? `${heading}\n\n${c.text}` : [heading, body].filter(Boolean).join('\n\n'), answer.trim());
    } else {
      const c = orgCloze(body);
      if (c.n > 0) push(`${heading}\n\n${c.text}`, '');
      // A headline of tags alone (`* :drill:`): its body is the question, still to be answered.
      else if (heading) push(heading, body);
      else push(body, '');
    }
    // Nothing to ask (no title, no body): no card, and the ledger says why.
    if (!cards[cards.length - 1]?.question.trim()) {
      cards.pop();
      ledger.push({ from: e.from, to, kind: 'left', reason: 'emptyNote' });
      k = j - 1;
      continue;
    }
    ledger.push({
      from: e.from,
      to,
      kind: cards[cards.length - 1]?.answer || /\{\{c\d+::/.test(cards[cards.length - 1]?.question ?? '') ? 'card' : 'draft',
    });
    k = j - 1;
  }
  if (cards.length === 0) {
    problems.push(problem(file, 1, 'error', 'problem.qa.none'));
    return { decks: [], problems, ledger };
  }
  return { decks: [fileDeck(file, opts, cards, problems, title ? { title } : {})], problems, ledger };
}
