/**
 * Markdown that is plain text, rendered without a Markdown renderer. Most questions are one line
 * of words (and TeX, turned into Unicode first) shown bold (`**question**`); marked and
 * marked-terminal cost tens of milliseconds on their first use (module set-up, then compiling
 * marked's regexes), the largest part of the time to the first question of `study`. The study screen shows such a question with this module and
 * loads the renderer after the first screen is drawn. The output is exactly what `renderMarkdown`
 * (markdown.ts) gives for the same text: test/ui/plain-markdown.test.ts compares the two.
 */
import chalk from 'chalk';
import { markdownLimitBreach } from '../core/limits.js';
import { convertMathInMarkdown } from './tex.js';
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
 * plain once its TeX is turned into Unicode: no Markdown or HTML syntax in it, no space at either
 * end. Undefined otherwise.
 */
export function renderPlainBold(md: string, width: number): string | undefined {
  const text = plainBoldText(md);
  // marked-terminal: a paragraph is chalk.reset of its inline text, `strong` is chalk.bold.
  return text === undefined ? undefined : fitToWidth(chalk.reset(chalk.bold(text)), width);
}

/** True when `renderPlainBold` renders `md` (one bold span of plain text). */
export function isPlainBold(md: string): boolean {
  return plainBoldText(md) !== undefined;
}

/** What sanitize (sanitize.ts) would change: then marked renders it. */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** The text of a plain `**text**`, its TeX converted as renderMarkdown converts it; else undefined. */
function plainBoldText(md: string): string | undefined {
  if (md.length < 5 || !md.startsWith('**') || !md.endsWith('**') || UNSAFE.test(md) || markdownLimitBreach(md)) return undefined;
  const converted = md.includes('$') ? convertMathInMarkdown(md) : md;
  if (converted.length < 5 || !converted.startsWith('**') || !converted.endsWith('**')) return undefined;
  const text = converted.slice(2, -2);
  return text.startsWith(' ') || text.endsWith(' ') || SPECIAL.test(text) ? undefined : text;
}
