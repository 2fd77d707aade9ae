/**
 * CSV with a header row: `question`, `answer`, and optionally `topics`, `id`, `key_points`.
 * Cells are Markdown. One file becomes one deck.
 */
import type { Problem } from '../../errors.js';
import { problem } from '../problems.js';
import { parseDelimited } from './delimited.js';
import { normalizeLineEnds } from './guards.js';
import { htmlToMarkdown, looksLikeHtml } from './html.js';
import {
  type ConvertOptions,
  type ConvertResult,
  cleanCardId,
  deckIdFromFileName,
  deckTopics,
  dedupeIds,
  detectLanguage,
  type ImportCard,
  printable,
  recordLedger,
  tagsToTopics,
  textCardId,
} from './model.js';

/**
 * Accepted header names (lowercase, spaces and dashes read as '_') for each column: ours, the
 * flashcard apps' (Anki and Mochi `Front`/`Back`, Quizlet `Term`/`Definition`), vocabulary
 * sheets' (`Word`/`Meaning`, as in a Notion database export) and Chinese sheets'.
 */
const COLUMNS: Record<string, string> = {
  question: 'question',
  front: 'question',
  q: 'question',
  term: 'question',
  prompt: 'question',
  word: 'question',
  expression: 'question',
  问题: 'question',
  题目: 'question',
  正面: 'question',
  answer: 'answer',
  back: 'answer',
  a: 'answer',
  definition: 'answer',
  response: 'answer',
  meaning: 'answer',
  答案: 'answer',
  背面: 'answer',
  释义: 'answer',
  topics: 'topics',
  topic: 'topics',
  tags: 'topics',
  标签: 'topics',
  id: 'id',
  key_points: 'key_points',
  keypoints: 'key_points',
  key_point: 'key_points',
};

/** The column a header cell names (`question`, `answer`, `topics`, `id`, `key_points`), or undefined. */
export function columnOf(name: string): string | undefined {
  const key = name
    .trim()
    .replace(/^"|"$/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return Object.hasOwn(COLUMNS, key) ? COLUMNS[key] : undefined;
}

/** Comma, unless the header row has none and uses semicolons or tabs (spreadsheets in some locales). */
function guessDelimiter(text: string): string {
  const first = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  if (first.includes(',')) return ',';
  if (first.includes(';')) return ';';
  if (first.includes('\t')) return '\t';
  return ',';
}

/** One key point per line (a leading `- ` is dropped); a one-line cell may separate them with `;`. */
export function splitKeyPoints(cell: string): string[] {
  const lines = cell
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '').trim())
    .filter(Boolean);
  if (lines.length === 1) {
    return (lines[0] as string)
      .split(/\s*;\s*/)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return lines;
}

/** Converts one CSV file. */
export function convertCsv(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  const body = normalizeLineEnds(text.replace(/^\uFEFF/, ''));
  const parsed = parseDelimited(body, file, { delimiter: opts.separator ?? guessDelimiter(body) });
  problems.push(...parsed.problems);
  if (parsed.problems.some((p) => p.severity === 'error')) return { decks: [], problems };
  const [header, ...rows] = parsed.records;
  if (!header) {
    problems.push(problem(file, 1, 'error', 'problem.csv.empty'));
    return { decks: [], problems };
  }
  const col: Record<string, number> = Object.create(null);
  header.fields.forEach((name, i) => {
    const known = columnOf(name);
    if (known && col[known] === undefined) col[known] = i;
    else if (!known) {
      problems.push(problem(file, header.line, 'warning', 'problem.csv.unusedColumn', { name: printable(name.trim()) }));
    }
  });
  if (col.question === undefined) {
    problems.push(problem(file, header.line, 'error', 'problem.csv.noQuestionColumn'));
    return { decks: [], problems };
  }
  const deckId = opts.deckId ?? deckIdFromFileName(file);
  const cards: ImportCard[] = [];
  const allTopics = new Set<string>();
  const dropped = new Set<string>();
  /** Lines of rows whose id came from the file (these must be unique; derived ones get a suffix). */
  const givenIdLines = new Set<number>();
  const cell = (fields: string[], key: string) => {
    const i = col[key];
    return i === undefined ? '' : (fields[i] ?? '');
  };
  // Flashcard apps (Mochi, Quizlet, Anki) export cells as HTML: read as Markdown when they look like it.
  const md = (text: string) => (looksLikeHtml(text) ? htmlToMarkdown(text) : text);
  for (const row of rows) {
    const question = md(cell(row.fields, 'question')).trim();
    if (!question) {
      problems.push(problem(file, row.line, 'warning', 'problem.csv.noQuestion'));
      continue;
    }
    const rawId = cell(row.fields, 'id');
    let id = textCardId(deckId, question);
    if (rawId.trim()) {
      const clean = cleanCardId(rawId);
      if (!clean) {
        problems.push(problem(file, row.line, 'error', 'problem.csv.badId', { id: printable(rawId.trim()) }));
        continue;
      }
      id = clean;
      givenIdLines.add(row.line);
    }
    const tags = cell(row.fields, 'topics')
      .split(/[,;\s]+/)
      .filter(Boolean);
    const { topics, dropped: bad } = tagsToTopics(tags);
    for (const b of bad) dropped.add(b);
    for (const t of topics) allTopics.add(t);
    cards.push({
      id,
      question,
      answer: md(cell(row.fields, 'answer')),
      keyPoints: splitKeyPoints(cell(row.fields, 'key_points')),
      topics,
      line: row.line,
    });
  }
  if (dropped.size > 0) {
    const list = [...dropped].slice(0, 5).join(', ');
    problems.push(problem(file, header.line, 'warning', 'problem.csv.droppedTopics', { list }));
  }
  // Ids given in the file must be unique; repeated derived ids (same question twice) get a suffix.
  const given = new Map<string, number>();
  for (const c of cards) {
    if (!givenIdLines.has(c.line)) continue;
    const prev = given.get(c.id);
    if (prev !== undefined) {
      problems.push(problem(file, c.line, 'error', 'problem.csv.dupId', { id: c.id, prev }));
    }
    given.set(c.id, c.line);
  }
  dedupeIds(cards, file, problems);
  return {
    decks: [
      {
        id: deckId,
        title: deckId,
        language: detectLanguage(cards.slice(0, 50).map((c) => c.question + c.answer)),
        topics: deckTopics([], opts, deckId),
        description: `Questions imported from ${file.split(/[\\/]/).pop()}.`,
        source: file,
        line: 1,
        cards,
      },
    ],
    problems,
    ledger: recordLedger(
      rows.map((r) => r.line),
      cards,
      text.split('\n').length,
    ),
  };
}
