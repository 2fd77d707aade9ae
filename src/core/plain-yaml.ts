/**
 * A reader for the plain subset of YAML that deck front matter is nearly always written in, so that
 * most decks are read without loading gray-matter and js-yaml (≈ 20 ms of start-up, plus their
 * cold per-file cost). It accepts only lines whose meaning is beyond doubt and returns the object
 * js-yaml would; on anything else it returns undefined and the caller hands the text to js-yaml,
 * which also reports every error. test/core/plain-yaml.test.ts checks it against js-yaml.
 *
 * Accepted, one mapping at column 0, every key once (`constructor`, `prototype` and any key not
 * starting with a-z go to js-yaml):
 *   key: plain text        starts with a letter, not true/false/null; no `: `, ` #`, tabs
 *   key: 12                a decimal integer without leading zeros (15 digits at most)
 *   key: "text"  'it''s'   quoted on one line, no backslash escapes
 *   key: [a, b-c]          a flow list of lowercase words (a-z, 0-9, `-`, `_`), not true/false/null
 *   key: >-  (or >, |-, |) a block of lines indented alike, no blank or more-indented lines
 */

const KEY_LINE = /^([a-z][a-z0-9_-]*):(?: +(.*))?$/;
/** Characters js-yaml refuses, or reads as line breaks or white space other than the space. */
const AWKWARD = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
const PLAIN = /^\p{L}/u;
const KEYWORD = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
const INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
const WORD = /^[a-z][a-z0-9_-]*$/;
const FLOW_LIST = /^\[ *([a-z][a-z0-9_-]*(?: *, *[a-z][a-z0-9_-]*)*) *\]$/;
const BLOCK_HEADER = /^[>|]-?$/;

/** The text without trailing spaces (only U+0020: YAML keeps other white space as content). */
function trimSpacesEnd(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** A one-line value, or undefined when it is outside the subset. */
function scalar(raw: string): unknown {
  const v = trimSpacesEnd(raw);
  const q = v.charCodeAt(0);
  if (q === 34 /* " */) {
    const end = v.indexOf('"', 1);
    if (end !== v.length - 1 || v.includes('\\')) return undefined;
    return v.slice(1, -1);
  }
  if (q === 39 /* ' */) {
    const inner = v.slice(1, -1);
    if (v.length < 2 || v.charCodeAt(v.length - 1) !== 39 || inner.replaceAll("''", '').includes("'")) return undefined;
    return inner.replaceAll("''", "'");
  }
  if (q === 91 /* [ */) {
    const m = FLOW_LIST.exec(v);
    if (!m) return undefined;
    const items = (m[1] as string).split(',').map((s) => s.trim());
    return items.every((s) => WORD.test(s) && !KEYWORD.test(s)) ? items : undefined;
  }
  if (INTEGER.test(v)) return Number(v);
  if (!PLAIN.test(v) || KEYWORD.test(v)) return undefined;
  // `: ` would start a nested mapping, ` #` a comment; both are left to js-yaml.
  if (v.includes(': ') || v.endsWith(':') || v.includes(' #')) return undefined;
  return v;
}

/**
 * A block scalar (`>-`, `>`, `|-`, `|`) from `lines[from]` on; returns the value and the index of
 * the first line after it, or undefined when the block is outside the subset.
 */
function blockScalar(header: string, lines: readonly string[], from: number, end: number): [string, number] | undefined {
  const first = lines[from];
  if (first === undefined || from >= end) return undefined;
  let indent = 0;
  while (first.charCodeAt(indent) === 32) indent++;
  if (indent === 0) return undefined;
  const parts: string[] = [];
  let i = from;
  for (; i < end; i++) {
    const line = lines[i] as string;
    if (line.charCodeAt(0) !== 32) break;
    // Each line at exactly the block's indent, with text and no trailing space.
    if (line.length <= indent || line.charCodeAt(indent) === 32 || line.charCodeAt(line.length - 1) === 32) return undefined;
    for (let k = 1; k < indent; k++) if (line.charCodeAt(k) !== 32) return undefined;
    parts.push(line.slice(indent));
  }
  const folded = header[0] === '>';
  const text = parts.join(folded ? ' ' : '\n');
  return [header.endsWith('-') ? text : `${text}\n`, i];
}

/**
 * The mapping in `lines[start..end)` (the front matter between its `---` lines), or undefined
 * when the text is outside the subset above and needs the full YAML reader.
 */
export function readPlainYaml(lines: readonly string[], start: number, end: number): Record<string, unknown> | undefined {
  if (end <= start) return undefined;
  for (let i = start; i < end; i++) if (AWKWARD.test(lines[i] as string)) return undefined;
  const out: Record<string, unknown> = {};
  for (let i = start; i < end; ) {
    const line = lines[i] as string;
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    const key = m[1] as string;
    if (key === 'constructor' || key === 'prototype' || Object.hasOwn(out, key)) return undefined;
    const raw = m[2];
    if (raw === undefined || raw === '') return undefined;
    if (BLOCK_HEADER.test(raw)) {
      const block = blockScalar(raw, lines, i + 1, end);
      if (!block) return undefined;
      out[key] = block[0];
      i = block[1];
      continue;
    }
    const value = scalar(raw);
    if (value === undefined) return undefined;
    out[key] = value;
    i++;
  }
  return out;
}
