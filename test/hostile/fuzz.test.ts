// Fuzz: text built from the pieces attacks are made of never makes a parser or renderer throw
// anything but our own errors (UserError), and stays within its limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';
import { convertAnki } from '../../src/core/import/anki.js';
import { convertCsv } from '../../src/core/import/csv.js';
import { htmlToMarkdown } from '../../src/core/import/html.js';
import { convertQa } from '../../src/core/import/qa.js';
import { UserError } from '../../src/errors.js';
import { renderMarkdown } from '../../src/ui/markdown.js';
import { sanitize } from '../../src/ui/sanitize.js';

const PIECES = [
  'a',
  '中文',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\n\n',
  '#',
  '## ',
  '### Answer\n',
  '- ',
  '1. ',
  '> ',
  '*',
  '**',
  '_',
  '`',
  '```',
  '~~~',
  '<!--',
  '-->',
  '<!-- id: x; topics: a -->',
  '<ol>',
  '<li>',
  '</li>',
  '</ol>',
  '<b>',
  '</b>',
  '<br>',
  '&amp;',
  '&#27;',
  '{{c1::',
  '}}',
  '::',
  '"',
  ',',
  ';',
  ':',
  '|',
  '[x](file:///etc/passwd)',
  '$x^2$',
  '\\',
  '\u001B[2J',
  '\u001B]0;t\u0007',
  '\u009B',
  '\u202E',
  '\uFEFF',
  '---\n',
  'id: d\n',
  'constructor',
  '__proto__',
  '{',
  '}',
  '%',
  '\u0000',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 200 }).map((a) => a.join(''));
const FM = '---\nid: d\ntitle: D\nlanguage: en\ntopics: [a]\ndescription: x\n---\n\n## Q\n\n### Answer\n\n';

/** Runs f; fails the property on anything thrown that is not ours. */
function ours(f: () => unknown): true {
  try {
    f();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
  }
  return true;
}

const RUNS = { numRuns: 150, seed: 17 };

describe('fuzzed hostile text', () => {
  it('parseDeck returns problems, never throws', () => {
    fc.assert(
      fc.property(
        text,
        (s) =>
          ours(() => parseDeck(FM + s, 'f.md')) &&
          ours(() => parseDeck(s, 'f.md')) &&
          // As front matter: every run reaches the YAML reader, not only those that start with `---`.
          ours(() => parseDeck(`---\n${s}\n---\n`, 'f.md')),
      ),
      RUNS,
    );
  });
  it('renderMarkdown returns text without foreign escapes', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = renderMarkdown(s, 40);
        // Only colour codes (none here: no colour in tests) may remain.
        expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
        return true;
      }),
      RUNS,
    );
  });
  it('the importers return problems, never throw', () => {
    fc.assert(
      fc.property(text, (s) =>
        [
          () => htmlToMarkdown(s),
          () => convertCsv(s, 'f.csv', {}),
          () => convertAnki(s, 'f.txt', {}),
          () => convertAnki(`#separator:tab\n#html:true\n${s}`, 'f.txt', {}),
          () => convertQa(s, 'f.md', {}),
          () => convertQa(`---\n${s}\n---\n# T\n`, 'f.md', {}),
        ].every(ours),
      ),
      RUNS,
    );
  });
  it('sanitize leaves no control character but tab and newline', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), text, (a, b) => {
        expect(sanitize(a + b)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
        return true;
      }),
      RUNS,
    );
  });
});
