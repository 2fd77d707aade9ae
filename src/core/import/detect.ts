/**
 * Tells an input file's format from its content (`--format auto`); the file name is only a
 * hint, used when the content fits several formats. When nothing fits, {@link closestFormat}
 * names the shape the file is nearest to, for the refusal message.
 */
import { looksLikeCrowdAnki } from './crowdanki.js';
import { columnOf } from './csv.js';
import { looksLikeHashcards } from './hashcards.js';
import type { ImportFormat } from './model.js';
import { looksLikeObsidian } from './obsidian.js';
import { looksLikeOrgDrill } from './orgdrill.js';

export type DetectedFormat = ImportFormat | 'progress' | undefined;

export interface Detection {
  format: DetectedFormat;
  /** The field separator found, for delimited text. */
  separator?: string;
}

/** True when the text starts with our deck front matter (id, title and topics) and has `## ` cards. */
export function looksLikeDeck(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 400);
  if (!/^---\s*(yaml|yml)?\s*$/i.test(lines[0] ?? '')) return false;
  const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (close < 0) return false;
  const fm = lines.slice(1, close);
  const has = (key: string) => fm.some((l) => new RegExp(`^${key}\\s*:`).test(l));
  return has('id') && has('title') && has('topics') && /^##\s/m.test(text);
}

/** Anki's `#separator:`-style header lines. */
export function hasAnkiHeader(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 40);
  return lines.some((l) =>
    /^#(separator|html|tags column|deck column|guid column|notetype column|columns|deck|notetype|tags):/i.test(l),
  );
}

const SEPARATORS = ['\t', ';', '|', ','];

function sample(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 200)
    .filter((l) => l.trim() && !l.startsWith('#'))
    .slice(0, 60);
}

/**
 * The separator of a header row naming question and answer columns (a spreadsheet export), if
 * any: the names the CSV converter reads, so a header row is never taken for a card. The
 * one-letter names `q` and `a` are left to `--format csv`: `q<TAB>a` alone is more likely a card.
 */
export function headerSeparator(text: string): string | undefined {
  const first = sample(text)[0] ?? '';
  const named = (cell: string) => (cell.trim().replace(/^"|"$/g, '').length > 1 ? columnOf(cell) : undefined);
  for (const sep of SEPARATORS) {
    const cells = first.split(sep).map(named);
    if (cells.length >= 2 && cells.includes('question') && cells.includes('answer')) return sep;
  }
  return undefined;
}

/**
 * The separator that splits (almost) every line into the same number of fields, at least two:
 * headerless delimited text. Quotes are not parsed here; a quoted multi-line field only lowers
 * the share, which must still be 80%.
 */
export function delimiterOf(text: string): string | undefined {
  const lines = sample(text);
  if (lines.length === 0) return undefined;
  let best: { sep: string; share: number } | undefined;
  for (const sep of SEPARATORS) {
    const counts = new Map<number, number>();
    for (const l of lines) {
      const n = l.split(sep).length;
      if (n >= 2) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const top = Math.max(0, ...counts.values());
    const share = top / lines.length;
    if (share >= 0.8 && (!best || share > best.share)) best = { sep, share };
  }
  return best?.sep;
}

/**
 * A progress export of llm-quiz: a JSON object whose top-level `format` is `llm-quiz-progress`.
 * Only the start of the file is given (exports can be large); the progress importer validates it all.
 */
export function isProgressJson(head: string): boolean {
  return /^\s*\{[\s\S]*?"format"\s*:\s*"llm-quiz-progress"/.test(head.slice(0, 4096));
}

const ext = (name: string) => (/\.([^./\\]+)$/.exec(name)?.[1] ?? '').toLowerCase();

/** Detects the format of one text file from its content; undefined when no shape fits. */
export function detect(name: string, text: string): Detection {
  const e = ext(name);
  if (isProgressJson(text)) return { format: 'progress' };
  if (looksLikeCrowdAnki(text)) return { format: 'crowdanki' };
  if (e === 'json') return { format: undefined };
  if (looksLikeDeck(text)) return { format: 'deck' };
  if (looksLikeOrgDrill(text)) return { format: 'orgdrill' };
  if (hasAnkiHeader(text)) return { format: 'anki' };
  const header = headerSeparator(text);
  if (header) return { format: 'csv', separator: header };
  if (looksLikeHashcards(text)) return { format: 'hashcards' };
  if (looksLikeObsidian(text)) return { format: 'obsidian' };
  const sep = delimiterOf(text);
  // Prose has commas: a comma-separated guess is only taken for files named as such.
  if (sep && (sep !== ',' || e === 'csv' || e === 'tsv')) return { format: 'anki', separator: sep };
  if (e === 'csv') return { format: 'csv' };
  if (e === 'md' || e === 'markdown' || e === 'txt' || e === '') return { format: 'qa' };
  return { format: undefined };
}

/** Kept for callers that only need the format. */
export function detectFormat(name: string, text: string): DetectedFormat {
  return detect(name, text).format;
}

/** Shapes looked for, in the order they are tried (named in refusals). */
export const SHAPES =
  'Markdown questions (numbered, bold, headings, Q:/A:), Obsidian SR cards (::, ?), hashcards (Q:/A:/C:), org-drill (:drill:), Anki text export, CSV/TSV with a header, delimited text, CrowdAnki JSON, Anki .apkg';

/** The format a file that fit no shape is closest to, with what was seen; for the refusal's hint. */
export function closestFormat(text: string): { format: ImportFormat; seen: string } {
  const lines = text.slice(0, 200_000).split(/\r?\n/);
  const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
  const scores: Array<{ format: ImportFormat; n: number; seen: string }> = [
    { format: 'qa', n: count(/^\s*(\d+[.)、]|#{1,6}\s|\*\*\d+)/), seen: 'numbered lines or headings' },
    { format: 'obsidian', n: count(/\S\s*:{2,3}\s*\S|^\s*\?{1,2}\s*$/), seen: '`::` or `?` lines' },
    { format: 'hashcards', n: count(/^[QAC]:/), seen: '`Q:`/`A:`/`C:` lines' },
    { format: 'anki', n: count(/\t/), seen: 'tab-separated lines' },
    { format: 'csv', n: count(/^[^,\n]+(,[^,\n]*)+$/), seen: 'comma-separated lines' },
    { format: 'orgdrill', n: count(/^\*+\s/), seen: 'Org headlines' },
  ];
  scores.sort((a, b) => b.n - a.n);
  const top = scores[0] as { format: ImportFormat; n: number; seen: string };
  return top.n > 0 ? { format: top.format, seen: `${top.n} ${top.seen}` } : { format: 'qa', seen: 'plain text only' };
}
