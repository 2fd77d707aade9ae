/**
 * The one gate between untrusted text and the terminal. Deck text, titles, ids, topics, file
 * names, log contents and imported text can carry escape sequences that set the window title,
 * clear the screen, write the clipboard (OSC 52) or hide a link (OSC 8); every such string passes
 * through `sanitize` (or `sanitizeLine`) before it is printed, whatever the command. Our own
 * colour codes are added after sanitising, so they are kept.
 *
 * Every pattern here is linear: each alternative starts at an ESC (or C1) character and its
 * repeated part cannot contain one, so no input makes the regexes backtrack.
 */

const SEQUENCES = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B[\]PX^_][^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?|\u001B[ -/]*[0-~]?/g;
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Bidirectional overrides and isolates: they reorder what is shown, so an id can read as another. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
/** Our own colour codes (SGR): the only escapes a line built from sanitised text may carry. */
const SGR = /\u001B\[[0-9;]*m/y;

/**
 * Untrusted text made safe for a terminal: escape sequences removed whole, other control
 * characters shown as '?', CR line ends turned into newlines; tabs and newlines kept.
 */
export function sanitize(s: string): string {
  if (!/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(s)) return s;
  return s.replace(/\r\n?/g, '\n').replace(SEQUENCES, '').replace(CONTROLS, '?').replace(BIDI, '');
}

/** `sanitize` for text shown on one line (an id, a file name, a title): newlines and tabs become spaces. */
export function sanitizeLine(s: string): string {
  return sanitize(s).replace(/[\n\t]/g, ' ');
}

/**
 * Checks text we built (our colour codes around sanitised pieces) before it is printed: every
 * escape that is not a colour code is removed, so text that slipped past `sanitize` (an HTML
 * entity a renderer decoded into ESC, say) cannot reach the terminal. `allowLinks` keeps OSC 8
 * hyperlinks to http(s) URLs.
 */
export function keepOwnEscapes(s: string, allowLinks = false): string {
  if (!/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(s)) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const esc = s.indexOf('\u001B', i);
    const end = esc < 0 ? s.length : esc;
    if (end > i) out += s.slice(i, end).replace(CONTROLS, '?');
    if (esc < 0) break;
    SGR.lastIndex = esc;
    const sgr = SGR.exec(s);
    if (sgr) {
      out += sgr[0];
      i = esc + sgr[0].length;
      continue;
    }
    const link = allowLinks ? OSC8.exec(s.slice(esc, esc + 2100)) : null;
    if (link) {
      out += link[0];
      i = esc + link[0].length;
      continue;
    }
    SEQUENCES.lastIndex = esc;
    const m = SEQUENCES.exec(s);
    i = m && m.index === esc ? esc + Math.max(1, m[0].length) : esc + 1;
  }
  return out;
}

const OSC8 = /^\u001B\]8;;(?:https?:\/\/[!-~]{1,2048})?\u0007/;

/** True for a URL a terminal may open: http or https, printable ASCII, no spaces. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[!-~]+$/i.test(url) && url.length <= 2048;
}

/**
 * Whether a link's visible text says where it goes: the URL itself, or the URL without its
 * scheme or trailing slash. `[docs](https://evil.example)` is not: a click would surprise.
 */
export function linkTextIsUrl(text: string, url: string): boolean {
  const norm = (s: string) =>
    s
      .trim()
      .replace(/^https?:\/\//i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  return norm(text) === norm(url) && norm(url) !== '';
}
