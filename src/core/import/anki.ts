/**
 * Anki's "Notes in Plain Text" export: one note per record, fields separated by a tab (or the
 * `#separator:` given), optional `#` header lines naming the columns that hold the guid, the
 * note type, the deck and the tags. The first field is the question, the second the answer;
 * further fields are added to the answer. Anki deck names become decks, tags become topics,
 * and the guid becomes the card id so that importing an updated export updates in place.
 */
import type { Problem } from '../../errors.js';
import { hasCloze } from '../cloze.js';
import { isCardId, isSlug } from '../deck.js';
import { problem } from '../problems.js';
import { parseDelimited } from './delimited.js';
import { htmlToMarkdown, looksLikeHtml } from './html.js';
import {
  asciiSlug,
  type ConvertOptions,
  type ConvertResult,
  deckIdFromFileName,
  deckTopics,
  dedupeIds,
  detectLanguage,
  type ImportCard,
  type ImportDeck,
  MAX_DECK_ID,
  printable,
  recordLedger,
  shortHash,
  tagsToTopics,
  textCardId,
} from './model.js';

/** Separator names Anki accepts in `#separator:` (a single literal character works too). */
const SEPARATORS: Record<string, string> = {
  tab: '\t',
  comma: ',',
  semicolon: ';',
  pipe: '|',
  space: ' ',
  colon: ':',
};

/** Anki's own bookkeeping tags: card states there, not topics here. */
export const ANKI_STATE_TAGS = new Set(['leech', 'marked']);

export interface AnkiHeader {
  separator?: string;
  html?: boolean;
  tags: string[];
  deck?: string;
  notetype?: string;
  columns?: string[];
  guidColumn?: number;
  deckColumn?: number;
  notetypeColumn?: number;
  tagsColumn?: number;
  /** Number of header lines (the records start after them). */
  lines: number;
}

/** Reads the `#key:value` lines at the top of an export (and the legacy first line `tags:...`). */
export function readAnkiHeader(lines: string[], file: string, problems: Problem[]): AnkiHeader {
  const h: AnkiHeader = { tags: [], lines: 0 };
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/^\uFEFF/, '');
    if (i === 0 && raw.startsWith('tags:')) {
      h.tags = raw.slice(5).split(/\s+/).filter(Boolean);
      h.lines = 1;
      continue;
    }
    if (!raw.startsWith('#')) break;
    h.lines = i + 1;
    const colon = raw.indexOf(':');
    if (colon < 0) continue;
    const key = raw.slice(1, colon).trim().toLowerCase();
    const value = raw.slice(colon + 1);
    const column = () => {
      const n = Number(value.trim());
      if (Number.isInteger(n) && n >= 1 && n <= 1000) return n;
      problems.push(problem(file, i + 1, 'error', 'problem.anki.badColumn', { name: key, value: printable(value.trim()) }));
      return undefined;
    };
    switch (key) {
      case 'separator': {
        const name = value.trim().toLowerCase();
        if (Object.hasOwn(SEPARATORS, name)) h.separator = SEPARATORS[name];
        else if ([...value].length === 1) h.separator = value;
        else {
          problems.push(problem(file, i + 1, 'error', 'problem.anki.badSeparator', { value: printable(value) }));
        }
        break;
      }
      case 'html': {
        const v = value.trim().toLowerCase();
        if (v === 'true' || v === 'false') h.html = v === 'true';
        break;
      }
      case 'tags':
        h.tags = value.split(/\s+/).filter(Boolean);
        break;
      case 'deck':
        h.deck = value.trim();
        break;
      case 'notetype':
        h.notetype = value.trim();
        break;
      case 'columns':
        h.columns = value.split(h.separator ?? '\t').map((c) => c.trim());
        break;
      case 'guid column': {
        const n = column();
        if (n !== undefined) h.guidColumn = n;
        break;
      }
      case 'deck column': {
        const n = column();
        if (n !== undefined) h.deckColumn = n;
        break;
      }
      case 'notetype column': {
        const n = column();
        if (n !== undefined) h.notetypeColumn = n;
        break;
      }
      case 'tags column': {
        const n = column();
        if (n !== undefined) h.tagsColumn = n;
        break;
      }
      default:
        break;
    }
  }
  return h;
}

/** Without a `#separator:` line: a tab if the first record has one, else the most frequent of ; , |. */
function guessSeparator(text: string): string {
  const first = text.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? '';
  if (first.includes('\t')) return '\t';
  let best = '\t';
  let bestN = 0;
  for (const c of [';', ',', '|']) {
    const n = first.split(c).length - 1;
    if (n > bestN) {
      best = c;
      bestN = n;
    }
  }
  return best;
}

/** Cloze deletions `{{c1::answer::hint}}`: hidden in the question, shown in bold in the answer. */
/** The parent deck of `llm-quiz export --format anki` (see core/export.ts). */
const OWN_PREFIX = 'llm-quiz::';
const ownExport = (deckName: string) => deckName.startsWith(OWN_PREFIX) && !deckName.slice(OWN_PREFIX.length).includes('::');

/** The deck id for an Anki deck name: `Parent::Child` → `parent-child`. */
export function ankiDeckId(name: string): string {
  const slug = asciiSlug(name.split('::').join(' '), MAX_DECK_ID);
  return slug || `anki-${shortHash(name, 8)}`;
}

/** The card id for an Anki guid: stable, and safe whatever characters the guid has. */
export function ankiCardId(guid: string): string {
  return `anki-${shortHash(guid, 12)}`;
}

/** A value Anki writes in a tags column: a few space-separated words without punctuation. */
const TAG_LIST = /^[\p{L}\p{N}_:-]{1,60}(?: [\p{L}\p{N}_:-]{1,60}){0,7}$/u;

/**
 * The tags column of a file that does not name one (no `#tags column:` or `#columns:` line): the
 * last of three or more columns, when in every row it is empty or a tag list
 * (`facts associate-foundations`), as in Anki's older exports and in hand-made decks. Otherwise
 * undefined, and the column is part of the answer.
 */
function tagsColumnByContent(records: { fields: string[] }[]): number | undefined {
  const sample = records.slice(0, 500);
  const n = sample[0]?.fields.length ?? 0;
  if (sample.length < 2 || n < 3 || sample.some((r) => r.fields.length !== n)) return undefined;
  const values = sample.map((r) => (r.fields[n - 1] ?? '').trim());
  if (values.every((v) => v === '')) return undefined;
  return values.every((v) => v === '' || TAG_LIST.test(v)) ? n : undefined;
}

interface Group {
  name: string;
  line: number;
  cards: ImportCard[];
  tags: Set<string>;
}

/** Converts one Anki text export. */
export function convertAnki(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  const body = text.replace(/^\uFEFF/, '');
  const allLines = body.split('\n');
  const header = readAnkiHeader(allLines, file, problems);
  if (problems.some((p) => p.severity === 'error')) return { decks: [], problems };
  const rest = allLines.slice(header.lines).join('\n');
  const separator = header.separator ?? opts.separator ?? guessSeparator(rest);
  const parsed = parseDelimited(rest, file, { delimiter: separator, comments: true, firstLine: header.lines + 1 });
  problems.push(...parsed.problems);
  if (parsed.problems.some((p) => p.severity === 'error')) return { decks: [], problems };
  const html = header.html ?? parsed.records.slice(0, 50).some((r) => r.fields.some(looksLikeHtml));
  const tagsColumn = header.tagsColumn ?? (header.columns ? undefined : tagsColumnByContent(parsed.records));
  const meta = new Set([header.guidColumn, header.deckColumn, header.notetypeColumn, tagsColumn].filter((n) => n));
  const defaultDeck = header.deck || undefined;
  const groups = new Map<string, Group>();
  const guids = new Map<string, number>();
  const droppedTags = new Set<string>();
  const convert = (s: string) => (html ? htmlToMarkdown(s) : s.replace(/\r\n?/g, '\n').trim());
  for (const rec of parsed.records) {
    const col = (n: number | undefined) => (n ? (rec.fields[n - 1] ?? '') : '');
    const fields = rec.fields.filter((_, i) => !meta.has(i + 1));
    const notetype = col(header.notetypeColumn) || header.notetype || '';
    let question = convert(fields[0] ?? '');
    const answer = fields
      .slice(1)
      .map(convert)
      .filter((f) => f.trim())
      .join('\n\n');
    // A cloze note keeps its `{{c1::...}}` deletions: it becomes a cloze note of our deck format
    // (one card per deletion), and its other fields (Back Extra) are shown after the revealed text.
    if (!hasCloze(question) && /cloze/i.test(notetype) && !question.trim()) {
      question = answer;
    }
    if (!question.trim()) {
      problems.push(problem(file, rec.line, 'warning', 'problem.anki.emptyFirst'));
      continue;
    }
    const deckName = col(header.deckColumn).trim() || defaultDeck || '';
    const rawTags = [...header.tags, ...col(tagsColumn).split(/\s+/)].filter((t) => t && !ANKI_STATE_TAGS.has(t.toLowerCase()));
    const { topics, dropped } = tagsToTopics(rawTags);
    for (const d of dropped) droppedTags.add(d);
    const guid = col(header.guidColumn).trim();
    let id = '';
    if (guid) {
      const prev = guids.get(guid);
      if (prev !== undefined) {
        problems.push(problem(file, rec.line, 'error', 'problem.anki.dupGuid', { guid: printable(guid), prev }));
        continue;
      }
      guids.set(guid, rec.line);
      // Our own export (decks `llm-quiz::<deck id>`) carries the card id as guid: it maps back.
      id = ownExport(deckName) && isCardId(guid) ? guid : ankiCardId(guid);
    }
    const g = groups.get(deckName) ?? { name: deckName, line: rec.line, cards: [], tags: new Set<string>() };
    groups.set(deckName, g);
    g.cards.push({ id, question, answer, keyPoints: [], topics, line: rec.line });
  }
  if (droppedTags.size > 0) {
    const list = [...droppedTags].slice(0, 5).join(', ');
    problems.push(problem(file, header.lines || 1, 'warning', 'problem.anki.droppedTags', { list }));
  }
  if (groups.size === 0) {
    problems.push(problem(file, header.lines + 1, 'error', 'problem.anki.noNotes'));
    return { decks: [], problems };
  }
  if (opts.deckId && groups.size > 1) {
    const list = [...groups.keys()].slice(0, 3).join(', ');
    problems.push(problem(file, header.lines + 1, 'error', 'problem.anki.deckIdMany', { n: groups.size, list }));
    return { decks: [], problems };
  }
  const decks: ImportDeck[] = [];
  const usedIds = new Map<string, string>();
  for (const g of groups.values()) {
    const own = ownExport(g.name) && isSlug(g.name.slice(OWN_PREFIX.length)) ? g.name.slice(OWN_PREFIX.length) : undefined;
    const id = opts.deckId ?? own ?? (g.name ? ankiDeckId(g.name) : deckIdFromFileName(file));
    const other = usedIds.get(id);
    if (other !== undefined) {
      problems.push(problem(file, g.line, 'error', 'problem.anki.sameId', { a: printable(other), b: printable(g.name), id }));
      continue;
    }
    usedIds.set(id, g.name);
    for (const card of g.cards) if (!card.id) card.id = textCardId(id, card.question);
    dedupeIds(g.cards, file, problems);
    const title = g.name ? g.name.split('::').join(' / ') : id;
    decks.push({
      id,
      title,
      language: detectLanguage(g.cards.slice(0, 50).map((c) => c.question + c.answer)),
      topics: deckTopics([], opts, id),
      description: g.name
        ? `Anki deck ${title}, imported from ${file.split(/[\\/]/).pop()}.`
        : `Imported from ${file.split(/[\\/]/).pop()}.`,
      source: file,
      line: g.line,
      cards: g.cards,
    });
  }
  const all = decks.flatMap((d) => d.cards);
  const ledger = recordLedger(
    parsed.records.map((r) => r.line),
    all,
    allLines.length,
  );
  return { decks, problems, ledger };
}
