/**
 * The HTML found in Anki fields, turned into Markdown: line breaks, bold, italics, code, code
 * blocks, lists, paragraphs, links and entities. Not a general HTML parser: unknown tags are
 * dropped and their text kept; `<script>` and `<style>` are dropped with their content.
 */

import { tameHtml, trimSpacesEnd } from './guards.js';

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  minus: '−',
  plusmn: '±',
  le: '≤',
  ge: '≥',
  ne: '≠',
  asymp: '≈',
  infin: '∞',
  rarr: '→',
  larr: '←',
  harr: '↔',
  rArr: '⇒',
  lArr: '⇐',
  uarr: '↑',
  darr: '↓',
  deg: '°',
  copy: '©',
  reg: '®',
  trade: '™',
  sect: '§',
  para: '¶',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sup2: '²',
  sup3: '³',
  frac12: '½',
  frac14: '¼',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  theta: 'θ',
  lambda: 'λ',
  mu: 'μ',
  pi: 'π',
  sigma: 'σ',
  tau: 'τ',
  phi: 'φ',
  omega: 'ω',
  Delta: 'Δ',
  Sigma: 'Σ',
  Omega: 'Ω',
  radic: '√',
  sum: '∑',
  prod: '∏',
  part: '∂',
  nabla: '∇',
  isin: '∈',
  notin: '∉',
  forall: '∀',
  exist: '∃',
  empty: '∅',
  cap: '∩',
  cup: '∪',
  sub: '⊂',
  sube: '⊆',
  and: '∧',
  or: '∨',
  not: '¬',
  prop: '∝',
  sup1: '¹',
  micro: 'µ',
  lowast: '∗',
  sdot: '⋅',
  equiv: '≡',
  zwj: '\u200d',
  zwnj: '\u200c',
  shy: '',
};

/** Decodes named and numeric character references; unknown names are left as they are. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});?/gi, (all, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isFinite(cp) || cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    return Object.hasOwn(NAMED, ref) ? (NAMED[ref] as string) : all;
  });
}

/** Backslash-escapes what Markdown would otherwise read as emphasis, code or HTML. */
function escapeText(s: string): string {
  return s.replace(/[\\*`]/g, '\\$&').replace(/<(?=[a-zA-Z/!?])/g, '\\<');
}

/** Converts MathJax delimiters `\(..\)` and `\[..\]` to `$..$` and `$$..$$`, escaping the rest. */
function textToMarkdown(s: string): string {
  const out: string[] = [];
  const re = /\\\((.+?)\\\)|\\\[(.+?)\\\]/gs;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(escapeText(s.slice(last, m.index)));
    out.push(m[1] !== undefined ? `$${m[1].trim()}$` : `$$${(m[2] ?? '').trim()}$$`);
    last = m.index + m[0].length;
  }
  out.push(escapeText(s.slice(last)));
  return out.join('');
}

interface ListState {
  ordered: boolean;
  n: number;
}

const BLOCK = new Set([
  'div',
  'p',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'table',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'dl',
  'dt',
  'dd',
  'figure',
]);

/** Tags other than BLOCK that start a line: lists, their items, code blocks, rules, table cells. */
const LINE_TAGS = new Set(['ul', 'ol', 'li', 'pre', 'hr', 'td', 'th']);

/** True when a field looks like HTML (Anki guesses the same way when `#html` is not given). */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(s);
}

/** Converts an HTML fragment to Markdown. */
/**
 * Anki's LaTeX tags as MathJax delimiters (which become `$..$` and `$$..$$` below): `[$]x[/$]` →
 * `\(x\)`, `[$$]x[/$$]` and `[latex]x[/latex]` → `\[x\]`. One left-to-right pass with indexOf:
 * a tag that is never closed is left as it is, and nothing is searched twice.
 */
export function ankiLatex(s: string): string {
  const pairs: Array<[string, string, string, string]> = [
    ['[$$]', '[/$$]', '\\[', '\\]'],
    ['[$]', '[/$]', '\\(', '\\)'],
    ['[latex]', '[/latex]', '\\[', '\\]'],
  ];
  let out = s;
  for (const [open, close, a, b] of pairs) {
    if (!out.includes(open)) continue;
    let res = '';
    let pos = 0;
    for (;;) {
      const i = out.indexOf(open, pos);
      if (i < 0) break;
      const j = out.indexOf(close, i + open.length);
      if (j < 0) break;
      res += `${out.slice(pos, i)}${a}${out.slice(i + open.length, j)}${b}`;
      pos = j + close.length;
    }
    out = res + out.slice(pos);
  }
  return out;
}

export function htmlToMarkdown(html: string): string {
  // Media references Anki keeps in fields point at files we do not have.
  const src = ankiLatex(tameHtml(html)).replace(/\[sound:[^\]]*\]/g, '');
  const tokens = src.split(/(<!--[\s\S]*?-->|<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>)/);
  const lines: string[] = [''];
  const lists: ListState[] = [];
  let pre = 0;
  let skip = '';
  let inCode = 0;
  let linkHref: string | undefined;
  let quote = 0;
  /** Where a <sup>/<sub> started (line index and column), to mark it `^x` / `_x` when it ends. */
  const scripts: { line: number; col: number }[] = [];
  /** Opening emphasis marks not yet written: they go right before the next text, after its spaces. */
  let pending = '';
  /**
   * `<br>` tags not yet acted on. One that the same paragraph's text follows is a hard line break
   * (`\` at the line's end); two or more in a row end the paragraph; before a block or at the end
   * they add nothing (Anki's editor ends many fields and `<div>`s with a stray `<br>`).
   */
  let brs = 0;

  const cur = () => lines[lines.length - 1] as string;
  const setCur = (s: string) => {
    lines[lines.length - 1] = s;
  };
  const quotePrefix = () => '> '.repeat(quote);
  // Looks only past the quote markers to the first other character: scanning the whole line on
  // every write made a long paragraph (32,000 `<b>` tags) quadratic.
  const hasContent = (l = cur()) => {
    let i = 0;
    while (l[i] === '>') i += /\s/.test(l[i + 1] ?? '') ? 2 : 1;
    for (; i < l.length; i++) if (!/\s/.test(l[i] as string)) return true;
    return false;
  };
  const write = (s: string) => {
    if (!hasContent() && !pre) setCur(quotePrefix() + '   '.repeat(lists.length));
    setCur(cur() + s);
  };
  const lineStart = () => {
    if (hasContent()) lines.push('');
    else setCur('');
  };
  /** Ends the current block: what follows starts after a blank line (Markdown joins single newlines). */
  const paragraphBreak = () => {
    lineStart();
    const prev = lines[lines.length - 2];
    if (prev !== undefined && hasContent(prev)) {
      setCur(quote > 0 ? quotePrefix().trimEnd() : '');
      lines.push('');
    }
  };
  const flushBreaks = () => {
    const n = brs;
    brs = 0;
    if (n === 0 || !hasContent()) return;
    if (n > 1 || inCode) paragraphBreak();
    else {
      setCur(`${cur()}\\`);
      lines.push('');
    }
  };
  const writeText = (t: string) => {
    flushBreaks();
    if (pending) {
      const ws = /^\s*/.exec(t)?.[0] ?? '';
      if (ws && hasContent()) write(ws);
      write(pending);
      pending = '';
      t = t.slice(ws.length);
    }
    if (t) write(t);
  };
  const closeMark = (m: string) => {
    if (pending.endsWith(m)) {
      pending = pending.slice(0, -m.length);
      return;
    }
    // Trailing spaces found from the end: `/\s+$/` scans the whole line, quadratic on a long paragraph.
    const line = cur();
    let k = line.length;
    while (k > 0 && /\s/.test(line[k - 1] as string)) k--;
    const trailing = line.slice(k);
    if (trailing) setCur(line.slice(0, k));
    write(m);
    if (trailing) write(' ');
  };

  for (const tok of tokens) {
    if (!tok || tok.startsWith('<!--')) continue;
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>]*)?)\/?>$/.exec(tok);
    if (!tag) {
      if (skip) continue;
      const text = decodeEntities(tok);
      if (pre) {
        text.split('\n').forEach((p, i) => {
          if (i > 0) lines.push('');
          if (p) write(p);
        });
        continue;
      }
      let t = text.replace(/[ \t\r\n\f]+/g, ' ');
      if (brs > 0 && t.trim()) flushBreaks();
      if (!hasContent() || /\s$/.test(cur())) t = t.replace(/^ /, '');
      if (t) writeText(inCode ? t : textToMarkdown(t));
      continue;
    }
    const close = tag[1] === '/';
    const name = (tag[2] as string).toLowerCase();
    const attrs = tag[3] ?? '';
    if (skip) {
      if (close && name === skip) skip = '';
      continue;
    }
    // A block starts a line of its own: a `<br>` before it is not a line break of the text.
    if (BLOCK.has(name) || LINE_TAGS.has(name)) brs = 0;
    switch (name) {
      case 'script':
      case 'style':
      case 'head':
      case 'title':
        if (!close) skip = name;
        break;
      case 'br':
        if (pre) lines.push('');
        else brs++;
        break;
      case 'b':
      case 'strong':
        if (inCode || pre) break;
        if (close) closeMark('**');
        else pending += '**';
        break;
      case 'i':
      case 'em':
        if (inCode || pre) break;
        if (close) closeMark('*');
        else pending += '*';
        break;
      case 's':
      case 'del':
      case 'strike':
        if (inCode || pre) break;
        if (close) closeMark('~~');
        else pending += '~~';
        break;
      case 'code':
      case 'kbd':
      case 'tt':
        if (pre) break;
        if (close) {
          if (inCode > 0) {
            inCode--;
            closeMark('`');
          }
        } else {
          inCode++;
          pending += '`';
        }
        break;
      case 'pre':
        if (!close) {
          paragraphBreak();
          lineStart();
          write('```');
          lines.push('');
          pre++;
        } else if (pre) {
          pre--;
          if (cur() !== '') lines.push('');
          write('```');
          paragraphBreak();
        }
        break;
      case 'ul':
      case 'ol':
        if (!close) {
          if (lists.length === 0) paragraphBreak();
          else lineStart();
          lists.push({ ordered: name === 'ol', n: 0 });
        } else {
          lists.pop();
          if (lists.length === 0) paragraphBreak();
          else lineStart();
        }
        break;
      case 'li':
        if (!close) {
          const l = lists[lists.length - 1];
          lineStart();
          if (l) l.n++;
          setCur(`${quotePrefix()}${'   '.repeat(Math.max(0, lists.length - 1))}${l?.ordered ? `${l.n}. ` : '- '}`);
        } else lineStart();
        break;
      case 'a': {
        if (!close) {
          const href = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
          const url = decodeEntities(href?.[2] ?? href?.[3] ?? href?.[4] ?? '');
          linkHref = /^https?:\/\/[^\s<>]+$/i.test(url) ? url : undefined;
          if (linkHref) pending += '[';
        } else if (linkHref) {
          if (pending.endsWith('[')) pending = pending.slice(0, -1);
          else write(`](${linkHref.replace(/\(/g, '%28').replace(/\)/g, '%29')})`);
          linkHref = undefined;
        }
        break;
      }
      case 'img': {
        const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attrs);
        const file = /\bsrc\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
        const label = decodeEntities(alt?.[2] || alt?.[3] || file?.[2] || file?.[3] || file?.[4] || '');
        writeText(`[image: ${escapeText(label)}]`);
        break;
      }
      case 'hr':
        paragraphBreak();
        write('---');
        paragraphBreak();
        break;
      case 'sup':
      case 'sub':
        if (pre || inCode) break;
        if (!close) {
          if (!hasContent()) write('');
          scripts.push({ line: lines.length - 1, col: cur().length });
        } else {
          const at = scripts.pop();
          if (at && at.line === lines.length - 1) {
            const inner = cur().slice(at.col);
            const mark = name === 'sup' ? '^' : '_';
            if (inner) setCur(cur().slice(0, at.col) + mark + (/^[\p{L}\p{N}]$/u.test(inner) ? inner : `(${inner})`));
          }
        }
        break;
      case 'td':
      case 'th':
        if (close) write(' ');
        break;
      default:
        if (name === 'blockquote') {
          if (close) lineStart();
          else paragraphBreak();
          quote = Math.max(0, quote + (close ? -1 : 1));
          if (close) paragraphBreak();
        } else if (/^h[1-6]$/.test(name)) {
          if (close) {
            closeMark('**');
            paragraphBreak();
          } else {
            paragraphBreak();
            pending += '**';
          }
        } else if (BLOCK.has(name)) {
          // Anki's editor wraps each line in <div>: each becomes its own paragraph.
          paragraphBreak();
        }
    }
  }
  if (pre) write('\n```');
  return tidy(lines.join('\n'));
}

/** Collapses runs of blank lines and trims line ends and the whole text. */
function tidy(md: string): string {
  return md
    .split('\n')
    .map((l) => trimSpacesEnd(l.replace(/\u00a0/g, ' ')))
    .join('\n')
    .replace(/\n(?:>?[ \t]*\n){2,}/g, '\n\n')
    .replace(/^\s*\n|\n\s*$/g, '')
    .trim();
}
