/**
 * TeX formulas to readable Unicode for the terminal: `h_{t-1}` → hₜ₋₁, `x^2` → x², `\frac{a}{b}`
 * → a/b, Greek letters and common operators. Anything it does not understand (an unknown
 * command, an environment) leaves the whole formula as its source: shown as written, never mangled.
 * Hand-written: npm has no maintained TeX-to-Unicode converter for Node 20 (unicodeit is Python).
 */

const SYMBOLS: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  vartheta: 'ϑ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  cdot: '·',
  times: '×',
  div: '÷',
  pm: '±',
  mp: '∓',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  neq: '≠',
  approx: '≈',
  sim: '∼',
  simeq: '≃',
  equiv: '≡',
  propto: '∝',
  ll: '≪',
  gg: '≫',
  in: '∈',
  notin: '∉',
  subset: '⊂',
  subseteq: '⊆',
  supset: '⊃',
  cup: '∪',
  cap: '∩',
  emptyset: '∅',
  forall: '∀',
  exists: '∃',
  neg: '¬',
  land: '∧',
  lor: '∨',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  Rightarrow: '⇒',
  Leftarrow: '⇐',
  leftrightarrow: '↔',
  Leftrightarrow: '⇔',
  mapsto: '↦',
  implies: '⇒',
  iff: '⇔',
  uparrow: '↑',
  downarrow: '↓',
  infty: '∞',
  partial: '∂',
  nabla: '∇',
  sum: '∑',
  prod: '∏',
  int: '∫',
  oint: '∮',
  odot: '⊙',
  otimes: '⊗',
  oplus: '⊕',
  circ: '∘',
  star: '⋆',
  ast: '∗',
  bullet: '•',
  top: '⊤',
  bot: '⊥',
  perp: '⊥',
  prime: '′',
  ldots: '…',
  cdots: '⋯',
  dots: '…',
  vdots: '⋮',
  ddots: '⋱',
  langle: '⟨',
  rangle: '⟩',
  lfloor: '⌊',
  rfloor: '⌋',
  lceil: '⌈',
  rceil: '⌉',
  mid: '|',
  vert: '|',
  Vert: '‖',
  lVert: '‖',
  rVert: '‖',
  lvert: '|',
  rvert: '|',
  '|': '‖',
  '{': '{',
  '}': '}',
  '%': '%',
  $: '$',
  '&': '&',
  '#': '#',
  _: '_',
  ',': ' ',
  ';': ' ',
  ':': ' ',
  '!': '',
  ' ': ' ',
  quad: '  ',
  qquad: '    ',
  log: 'log',
  ln: 'ln',
  exp: 'exp',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  tanh: 'tanh',
  max: 'max',
  min: 'min',
  arg: 'arg',
  argmax: 'argmax',
  argmin: 'argmin',
  lim: 'lim',
  det: 'det',
  sup: 'sup',
  inf: 'inf',
  Pr: 'Pr',
  dim: 'dim',
  ker: 'ker',
  softmax: 'softmax',
  sgn: 'sgn',
  tr: 'tr',
  operatorname: '',
};

/** Commands whose argument is shown as plain text. */
const TEXT_CMDS = new Set([
  'text',
  'mathrm',
  'textrm',
  'operatorname',
  'mathit',
  'textit',
  'mathbf',
  'textbf',
  'boldsymbol',
  'bm',
  'mathsf',
  'texttt',
  'mathtt',
  'emph',
]);
/** Sizing commands that print nothing. */
const IGNORED = new Set([
  'left',
  'right',
  'big',
  'Big',
  'bigg',
  'Bigg',
  'bigl',
  'bigr',
  'Bigl',
  'Bigr',
  'displaystyle',
  'limits',
  'nolimits',
]);
const ACCENTS: Record<string, string> = {
  hat: '\u0302',
  widehat: '\u0302',
  bar: '\u0304',
  overline: '\u0305',
  tilde: '\u0303',
  widetilde: '\u0303',
  vec: '\u20D7',
  dot: '\u0307',
  ddot: '\u0308',
};
const BLACKBOARD: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', E: '𝔼', P: 'ℙ' };
const CALLIGRAPHIC: Record<string, string> = { L: 'ℒ', N: '𝒩', O: '𝒪', D: '𝒟', H: 'ℋ', F: 'ℱ', X: '𝒳', Y: '𝒴', B: 'ℬ', M: 'ℳ' };

const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  '−': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  a: 'ᵃ',
  b: 'ᵇ',
  c: 'ᶜ',
  d: 'ᵈ',
  e: 'ᵉ',
  f: 'ᶠ',
  g: 'ᵍ',
  h: 'ʰ',
  i: 'ⁱ',
  j: 'ʲ',
  k: 'ᵏ',
  l: 'ˡ',
  m: 'ᵐ',
  n: 'ⁿ',
  o: 'ᵒ',
  p: 'ᵖ',
  r: 'ʳ',
  s: 'ˢ',
  t: 'ᵗ',
  u: 'ᵘ',
  v: 'ᵛ',
  w: 'ʷ',
  x: 'ˣ',
  y: 'ʸ',
  z: 'ᶻ',
  A: 'ᴬ',
  B: 'ᴮ',
  D: 'ᴰ',
  E: 'ᴱ',
  G: 'ᴳ',
  H: 'ᴴ',
  I: 'ᴵ',
  J: 'ᴶ',
  K: 'ᴷ',
  L: 'ᴸ',
  M: 'ᴹ',
  N: 'ᴺ',
  O: 'ᴼ',
  P: 'ᴾ',
  R: 'ᴿ',
  T: 'ᵀ',
  U: 'ᵁ',
  V: 'ⱽ',
  W: 'ᵂ',
  '⊤': 'ᵀ',
  '′': '′',
  '*': '*',
  β: 'ᵝ',
  γ: 'ᵞ',
  δ: 'ᵟ',
  θ: 'ᶿ',
  φ: 'ᵠ',
  χ: 'ᵡ',
  ' ': '',
};
const SUB: Record<string, string> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '-': '₋',
  '−': '₋',
  '=': '₌',
  '(': '₍',
  ')': '₎',
  a: 'ₐ',
  e: 'ₑ',
  h: 'ₕ',
  i: 'ᵢ',
  j: 'ⱼ',
  k: 'ₖ',
  l: 'ₗ',
  m: 'ₘ',
  n: 'ₙ',
  o: 'ₒ',
  p: 'ₚ',
  r: 'ᵣ',
  s: 'ₛ',
  t: 'ₜ',
  u: 'ᵤ',
  v: 'ᵥ',
  x: 'ₓ',
  β: 'ᵦ',
  γ: 'ᵧ',
  ρ: 'ᵨ',
  φ: 'ᵩ',
  χ: 'ᵪ',
  ',': ',',
  ' ': '',
};

class Unsupported extends Error {}

/** Recursive-descent reader over a TeX string. */
class Reader {
  i = 0;
  constructor(readonly s: string) {}

  eof(): boolean {
    return this.i >= this.s.length;
  }

  /** Reads one argument: a `{group}`, a `\command`, or one character. */
  arg(): string {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === undefined) throw new Unsupported('missing argument');
    if (c === '{') return this.group();
    if (c === '\\') return this.command();
    this.i++;
    return c;
  }

  skipSpace(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  /** Reads a `{...}` group and converts its content. */
  group(): string {
    let depth = 0;
    const start = this.i + 1;
    for (; this.i < this.s.length; this.i++) {
      const c = this.s[this.i];
      if (c === '\\') {
        this.i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          const inner = this.s.slice(start, this.i);
          this.i++;
          return convert(inner);
        }
      }
    }
    throw new Unsupported('unbalanced braces');
  }

  /** Reads a raw `{...}` group without converting (for \text). */
  rawGroup(): string {
    this.skipSpace();
    if (this.s[this.i] !== '{') return this.arg();
    let depth = 0;
    const start = this.i + 1;
    for (; this.i < this.s.length; this.i++) {
      const c = this.s[this.i];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        const inner = this.s.slice(start, this.i);
        this.i++;
        return inner.replace(/\\([{}%$&#_ ])/g, '$1');
      }
    }
    throw new Unsupported('unbalanced braces');
  }

  command(): string {
    this.i++; // backslash
    const m = /^([A-Za-z]+|.)/.exec(this.s.slice(this.i));
    if (!m) throw new Unsupported('dangling backslash');
    const name = m[1] as string;
    this.i += name.length;
    // As in TeX, spaces after a control word belong to it: `\Delta W` is ΔW, not "Δ W".
    if (/^[A-Za-z]/.test(name)) this.skipSpace();
    if (IGNORED.has(name)) {
      // \left( → "(", \left. → nothing
      if (name === 'left' || name === 'right' || name.startsWith('big') || name.startsWith('Big')) {
        this.skipSpace();
        if (this.s[this.i] === '.') {
          this.i++;
          return '';
        }
      }
      return '';
    }
    if (TEXT_CMDS.has(name)) return name === 'text' || name === 'texttt' ? this.rawGroup() : this.arg();
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
      const a = this.arg();
      const b = this.arg();
      return `${paren(a)}/${paren(b)}`;
    }
    if (name === 'sqrt') {
      this.skipSpace();
      let index = '';
      if (this.s[this.i] === '[') {
        const end = this.s.indexOf(']', this.i);
        if (end < 0) throw new Unsupported('unclosed [');
        index = script(convert(this.s.slice(this.i + 1, end)), SUP) ?? '';
        this.i = end + 1;
      }
      const x = this.arg();
      return `${index}√${paren(x)}`;
    }
    if (name in ACCENTS) {
      const x = this.arg();
      const mark = ACCENTS[name] as string;
      return [...x].length === 1 ? x + mark : `${paren(x)}${mark}`;
    }
    if (name === 'mathbb') {
      const x = this.rawGroup();
      return [...x].map((ch) => BLACKBOARD[ch] ?? ch).join('');
    }
    if (name === 'mathcal') {
      const x = this.rawGroup();
      return [...x].map((ch) => CALLIGRAPHIC[ch] ?? ch).join('');
    }
    if (name in SYMBOLS) return SYMBOLS[name] as string;
    throw new Unsupported(`\\${name}`);
  }
}

/** Wraps in parentheses unless the text is a single symbol, number or word. */
function paren(x: string): string {
  return /^(√?[\p{L}\p{N}\p{M}.′ᵀ⁰-⁹₀-₉ᵢⱼₖₜ]+|\(.*\))$/u.test(x) && !/^\(.*\).*\(.*\)$/.test(x) ? x : `(${x})`;
}

/** Maps every character through a script table; undefined if one has no mapping. */
function script(x: string, table: Record<string, string>): string | undefined {
  let out = '';
  for (const ch of x) {
    const m = table[ch];
    if (m === undefined) return undefined;
    out += m;
  }
  return out;
}

/** Operators and relations written with spaces around them when the source has a space before. */
const BINARY = /^[×·÷±∓≤≥≠≈≡∈∉⊂⊆⊃⊇∪∩→←↔⇒⇐⇔∼∝⊗⊕∘≪≫]$/u;

function convert(src: string): string {
  const r = new Reader(src);
  let out = '';
  while (!r.eof()) {
    const c = src[r.i] as string;
    if (c === '\\') {
      const sym = r.command();
      // A binary operator keeps the spacing the source gave it on both sides (`a \cdot b` → a · b, `d\times r` → d×r).
      out += BINARY.test(sym) && out.endsWith(' ') ? `${sym} ` : sym;
    } else if (c === '^' || c === '_') {
      r.i++;
      const x = r.arg();
      const mapped = script(x, c === '^' ? SUP : SUB);
      if (mapped !== undefined) out += mapped;
      else out += `${c}${[...x].length === 1 ? x : `(${x})`}`;
    } else if (c === '{') {
      out += r.group();
    } else if (c === '}') {
      throw new Unsupported('unbalanced braces');
    } else if (c === '&' || c === '%' || c === '#') {
      throw new Unsupported(`bare ${c}`);
    } else if (c === "'") {
      out += '′';
      r.i++;
    } else if (c === '~') {
      out += ' ';
      r.i++;
    } else {
      out += c === '-' ? '−' : c;
      r.i++;
    }
  }
  return out;
}

/** Converts one TeX formula (without the dollars) to Unicode, or returns it unchanged if it cannot. */
export function texToUnicode(src: string): string {
  if (/\\begin\{|\\\\/.test(src)) return src;
  try {
    return convert(src.trim()).replace(/ {2,}/g, (m) => (m.length > 4 ? '    ' : m));
  } catch (e) {
    if (e instanceof Unsupported) return src;
    throw e;
  }
}

/** Escapes characters Markdown would treat as formatting, so a converted formula prints as is. */
function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>|~])/g, '\\$1');
}

/**
 * Replaces `$$...$$` and `$...$` formulas in Markdown with Unicode, outside code blocks and code
 * spans. Inline math follows Pandoc's rule: no space after the opening `$`, none before the
 * closing one, and no digit right after it (so "$5 and $10" stays text). Formulas that cannot be
 * converted keep their source, dollars included.
 */
export function convertMathInMarkdown(md: string): string {
  const lines = md.split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  let display: string[] | undefined;
  for (const line of lines) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (display === undefined && f) {
      const marker = f[1] as string;
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      out.push(line);
      continue;
    }
    if (fence) {
      out.push(line);
      continue;
    }
    if (display !== undefined) {
      const end = line.indexOf('$$');
      if (end >= 0) {
        display.push(line.slice(0, end));
        out.push(renderDisplay(display.join(' ')));
        display = undefined;
        const rest = line.slice(end + 2);
        if (rest.trim()) out.push(convertInline(rest));
      } else display.push(line);
      continue;
    }
    const open = /^(\s*)\$\$(.*)$/.exec(line);
    if (open) {
      const body = open[2] as string;
      const close = body.indexOf('$$');
      if (close >= 0) {
        out.push(renderDisplay(body.slice(0, close)));
        const rest = body.slice(close + 2);
        if (rest.trim()) out.push(convertInline(rest));
      } else display = [body];
      continue;
    }
    out.push(convertInline(line));
  }
  if (display !== undefined) out.push(`$$${display.join('\n')}`);
  return out.join('\n');
}

function renderDisplay(src: string): string {
  const u = texToUnicode(src);
  // Its own paragraph, indented with no-break spaces (four plain spaces would make a code block);
  // unconverted source keeps its $$ and is shown as code so it reads as TeX.
  const body = u === src.trim() && /\\/.test(src) ? `\`$$${src.trim()}$$\`` : escapeMarkdown(u);
  return `\n\u00a0\u00a0${body}\n`;
}

function convertInline(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '`') {
      // Copy a code span verbatim.
      const run = /^`+/.exec(line.slice(i))?.[0] ?? '`';
      const end = line.indexOf(run, i + run.length);
      if (end < 0) {
        out += line.slice(i);
        break;
      }
      out += line.slice(i, end + run.length);
      i = end + run.length;
      continue;
    }
    if (c === '\\' && line[i + 1] === '$') {
      out += '\\$';
      i += 2;
      continue;
    }
    if (c === '$' && line[i + 1] !== '$' && line[i + 1] !== ' ' && line[i + 1] !== undefined) {
      let j = i + 1;
      while (j < line.length && !(line[j] === '$' && line[j - 1] !== '\\')) j++;
      const next = line[j + 1];
      if (j < line.length && line[j - 1] !== ' ' && !(next !== undefined && /\d/.test(next))) {
        const src = line.slice(i + 1, j);
        const u = texToUnicode(src);
        out += u === src && /\\/.test(src) ? `\`$${src}$\`` : escapeMarkdown(u);
        i = j + 1;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}
