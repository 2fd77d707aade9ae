/**
 * Markdown that is plain text, rendered without a Markdown renderer. Most questions are one line
 * of words shown bold (`**question**`); marked and marked-terminal cost tens of milliseconds on
 * their first use (module set-up, then compiling marked's regexes), the largest part of the time
 * to the first question of `study`. The study screen shows such a question with this module and
 * loads the renderer after the first screen is drawn. The output is exactly what `renderMarkdown`
 * (markdown.ts) gives for the same text: test/ui/plain-markdown.test.ts compares the two.
 */
import chalk from 'chalk';
import { markdownLimitBreach } from '../core/limits.js';
import { wrapText } from './wrap.js';

/**
 * Characters marked (inline syntax, GFM autolinks and tables), the TeX converter, HTML entities
 * or the sanitiser would read specially; any whitespace but a plain space; a URL's start.
 */
const SPECIAL = /[*_`~\\[\]<>&$|@\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[^\S ]|:\/\/|www\./i;

/** Rendered Markdown laid out to `width` columns: at most one blank line in a row, no trailing spaces. */
export function fitToWidth(rendered: string, width: number): string {
  const wrapped = wrapText(rendered.replace(/\n{3,}/g, '\n\n').trimEnd(), width);
  return wrapped
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/**
 * `**text**` rendered as `renderMarkdown` would (bold, wrapped to `width`) when the text is
 * plain: no Markdown, TeX or HTML syntax in it, no space at either end. Undefined otherwise.
 */
export function renderPlainBold(md: string, width: number): string | undefined {
  if (!isPlainBold(md)) return undefined;
  // marked-terminal: a paragraph is chalk.reset of its inline text, `strong` is chalk.bold.
  return fitToWidth(chalk.reset(chalk.bold(md.slice(2, -2))), width);
}

/** True when `renderPlainBold` renders `md` (one bold span of plain text). */
export function isPlainBold(md: string): boolean {
  if (md.length < 5 || !md.startsWith('**') || !md.endsWith('**')) return false;
  const text = md.slice(2, -2);
  return !(text.startsWith(' ') || text.endsWith(' ') || SPECIAL.test(text) || markdownLimitBreach(md));
}
