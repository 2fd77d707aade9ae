/**
 * Guards that keep the importers linear on hostile input (issue 17): each takes the raw text
 * an importer is about to work on and returns text that importer handles in linear time, or
 * does the job itself in one pass. Limits are in docs/limits.md.
 */
import { MAX_NESTING } from '../limits.js';

/**
 * An HTML field longer than this is imported as plain text (tags dropped, text kept): the
 * converter builds each Markdown line by appending, which grows faster than linearly on one very
 * long paragraph. Anki fields are rarely over a few KB.
 */
export const MAX_HTML_CHARS = 20_000;

/** Block elements whose nesting the HTML converter follows (lists, quotes, tables, divs). */
const BLOCK_TAG = /<(\/?)(ol|ul|li|blockquote|div|table|tbody|thead|tr|td|th|dl|dd|dt|section|article|p)\b[^<>]*>/gi;

/** The deepest nesting of block elements in an HTML fragment (one pass, unclosed tags count as open). */
export function htmlBlockDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(BLOCK_TAG)) {
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > max) max = depth;
  }
  return max;
}

/**
 * HTML made safe for htmlToMarkdown: a field longer than MAX_HTML_CHARS, or with block elements
 * nested deeper than MAX_NESTING lists (each list level is two elements, `<ol><li>`), loses its
 * tags and comes through as plain text; and a
 * `<!--` that is never closed is shown as text instead of being searched for its end from every
 * later position.
 */
export function tameHtml(html: string): string {
  let out = html;
  const lastClose = out.lastIndexOf('-->');
  const openAfter = out.indexOf('<!--', lastClose < 0 ? 0 : lastClose + 3);
  if (openAfter >= 0) out = out.slice(0, openAfter) + out.slice(openAfter).replace(/<!--/g, '&lt;!--');
  if (out.length > MAX_HTML_CHARS || htmlBlockDepth(out) > 2 * MAX_NESTING) out = out.replace(/<[^<>]*>/g, ' ');
  return out;
}

/** Old Mac line ends (CR only) as LF, so a CSV or text file is split into its real lines. */
export function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * Line ends of an input file: a CR alone (classic Mac, and Excel for Mac's "Tab-delimited Text")
 * becomes LF, so the file has its real lines; CRLF stays, as every reader takes it.
 */
export function loneCrToLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * The line without its trailing spaces and tabs, found from the end: `/[ \t]+$/` starts again at
 * every space of a long run inside the line, quadratic (a line `Q` + 50,000 spaces took 8 s).
 */
export function trimSpacesEnd(line: string): string {
  let k = line.length;
  while (k > 0 && (line[k - 1] === ' ' || line[k - 1] === '\t')) k--;
  return k === line.length ? line : line.slice(0, k);
}
