/** Guesses an input file's format from its name and first lines (`--format auto`). */
import type { ImportFormat } from './model.js';

export type DetectedFormat = ImportFormat | 'progress' | undefined;

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

/** True when the text looks like an Anki text export: `#separator:`-style headers, or tab-separated lines. */
export function looksLikeAnki(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 40);
  if (
    lines.some((l) =>
      /^#(separator|html|tags column|deck column|guid column|notetype column|columns|deck|notetype|tags):/i.test(l),
    )
  ) {
    return true;
  }
  const data = lines.filter((l) => l.trim() && !l.startsWith('#'));
  return data.length > 0 && data.filter((l) => l.includes('\t')).length >= Math.ceil(data.length * 0.8);
}

/** Detects the format of one file; undefined when it cannot tell. */
export function detectFormat(name: string, text: string): DetectedFormat {
  const ext = (/\.([^./\\]+)$/.exec(name)?.[1] ?? '').toLowerCase();
  switch (ext) {
    case 'md':
    case 'markdown':
      return looksLikeDeck(text) ? 'deck' : 'qa';
    case 'txt':
      return looksLikeAnki(text) ? 'anki' : looksLikeDeck(text) ? 'deck' : 'qa';
    case 'tsv':
      return 'anki';
    case 'csv':
      return 'csv';
    case 'json':
      return isProgressJson(text) ? 'progress' : undefined;
    default:
      return undefined;
  }
}

/**
 * A progress export of llm-quiz: a JSON object whose top-level `format` is `llm-quiz-progress`.
 * Only the start of the file is given (exports can be large); the progress importer validates it all.
 */
export function isProgressJson(head: string): boolean {
  return /^\s*\{[\s\S]*?"format"\s*:\s*"llm-quiz-progress"/.test(head.slice(0, 4096));
}
