/**
 * Commander's usage errors in the user's language. Commander formats them in English; they are
 * recognised by shape and re-worded from the catalogue, keeping the quoted option or command.
 * Anything not recognised is shown as commander wrote it.
 */
import { getLang, type MessageKey, t } from './messages.js';

const PATTERNS: [RegExp, MessageKey][] = [
  [/^error: unknown option '([^']*)'(?:\n\(Did you mean (.*)\?\))?/, 'usage.unknownOption'],
  [/^error: unknown command '([^']*)'(?:\n\(Did you mean (.*)\?\))?/, 'usage.unknownCommand'],
  [/^error: missing required argument '([^']*)'/, 'usage.missingArgument'],
  [/^error: option '([^']*)' argument missing/, 'usage.optionMissingArgument'],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./, 'usage.invalidChoice'],
  [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, 'usage.tooMany'],
];

/** Re-words one commander error message (which ends with a newline). */
export function localizeUsageError(str: string): string {
  if (getLang() === 'en') return str;
  for (const [re, key] of PATTERNS) {
    const m = re.exec(str);
    if (!m) continue;
    const text = t(key, { a: m[1] ?? '', b: m[2] ?? '', c: m[3] ?? '' });
    // Commander's own "(Did you mean …?)" for a mistyped option or command.
    const hint = key.startsWith('usage.unknown') && m[2] ? t('topic.suggest', { list: m[2] }) : '';
    return `${t('err.label')}${text}${hint ? ` ${hint.trim()}` : ''}\n`;
  }
  return str;
}
