/**
 * Syntax highlighting for code blocks in answers: highlight.js core with the languages interview
 * answers use, its HTML turned into ANSI colours. The build substitutes this module for
 * cli-highlight (which marked-terminal imports) because cli-highlight registers all 190
 * highlight.js languages and an HTML parser at start-up, ~200 ms before the first question.
 */
import chalk from 'chalk';
import hljs from 'highlight.js/lib/core.js';
import bash from 'highlight.js/lib/languages/bash.js';
import cpp from 'highlight.js/lib/languages/cpp.js';
import go from 'highlight.js/lib/languages/go.js';
import java from 'highlight.js/lib/languages/java.js';
import javascript from 'highlight.js/lib/languages/javascript.js';
import json from 'highlight.js/lib/languages/json.js';
import python from 'highlight.js/lib/languages/python.js';
import rust from 'highlight.js/lib/languages/rust.js';
import sql from 'highlight.js/lib/languages/sql.js';
import typescript from 'highlight.js/lib/languages/typescript.js';
import yaml from 'highlight.js/lib/languages/yaml.js';

const LANGS = { bash, cpp, go, java, javascript, json, python, rust, sql, typescript, yaml };
let registered = false;

function register(): void {
  if (registered) return;
  for (const [name, lang] of Object.entries(LANGS)) hljs.registerLanguage(name, lang);
  hljs.registerAliases(['sh', 'shell', 'zsh', 'console'], { languageName: 'bash' });
  hljs.registerAliases(['py', 'python3', 'pytorch'], { languageName: 'python' });
  hljs.registerAliases(['js', 'node'], { languageName: 'javascript' });
  hljs.registerAliases(['ts'], { languageName: 'typescript' });
  hljs.registerAliases(['c', 'c++', 'cc', 'cuda'], { languageName: 'cpp' });
  registered = true;
}

const STYLE: Record<string, (s: string) => string> = {
  keyword: chalk.blue,
  built_in: chalk.cyan,
  type: chalk.cyan,
  literal: chalk.blue,
  number: chalk.yellow,
  string: chalk.green,
  comment: chalk.gray,
  meta: chalk.gray,
  title: chalk.magenta,
  function: chalk.magenta,
  params: (s) => s,
  attr: chalk.cyan,
  symbol: chalk.yellow,
  regexp: chalk.red,
  subst: (s) => s,
  variable: chalk.red,
};

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };
const decodeEntities = (s: string) => s.replace(/&(?:lt|gt|amp|quot|#x27|#39);/g, (e) => ENTITIES[e] ?? e);

/** Converts highlight.js HTML (nested `<span class="hljs-…">`) to ANSI-coloured text. */
export function htmlToAnsi(html: string): string {
  const stack: ((s: string) => string)[] = [];
  let out = '';
  for (const m of html.matchAll(/<span class="([^"]*)">|<\/span>|[^<]+/g)) {
    const tok = m[0];
    if (tok === '</span>') stack.pop();
    else if (m[1] !== undefined) {
      const cls = m[1].split(/\s+/).map((c) => c.replace(/^hljs-/, '').replace(/_$/, ''));
      const style = cls.map((c) => STYLE[c]).find((f) => f !== undefined);
      stack.push(style ?? stack[stack.length - 1] ?? ((s) => s));
    } else {
      const text = decodeEntities(tok);
      const style = stack[stack.length - 1];
      // Colour each line separately so wrapping and scrolling never split an escape sequence.
      out += style
        ? text
            .split('\n')
            .map((l) => (l ? style(l) : l))
            .join('\n')
        : text;
    }
  }
  return out;
}

/** cli-highlight's `highlight(code, { language })`, as marked-terminal calls it. */
export function highlight(code: string, opts: { language?: string } = {}): string {
  register();
  const lang = opts.language?.split(/\s+/)[0]?.toLowerCase();
  if (!lang || !hljs.getLanguage(lang)) return code;
  return htmlToAnsi(hljs.highlight(code, { language: lang, ignoreIllegals: true }).value);
}
