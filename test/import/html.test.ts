import { describe, expect, it } from 'vitest';
import { ankiLatex, decodeEntities, htmlToMarkdown, looksLikeHtml } from '../../src/core/import/html.js';

describe('htmlToMarkdown', () => {
  it.each([
    [
      'bold and italics',
      'What is <b>self-attention</b> in <i>one</i> <strong>line</strong>?',
      'What is **self-attention** in *one* **line**?',
    ],
    // One <br> inside a paragraph is a line break of it (Markdown's hard break, `\` at the line's
    // end); two end the paragraph; one before a block or at the end of the field adds nothing.
    [
      'one <br> breaks the line, two the paragraph',
      'Line one<br>Line two<br/><br />Line three<br>',
      'Line one\\\nLine two\n\nLine three',
    ],
    ['a <br> before a block is no break', 'Ref:<br><ul><li>a<br>b</li></ul>', 'Ref:\n\n- a\\\n   b'],
    ["Anki's <div> lines", '<div>First</div><div>Second &amp; third</div>', 'First\n\nSecond & third'],
    ['inline code is not escaped', 'Use <code>a*b</code>&nbsp;here, not a*b', 'Use `a*b` here, not a\\*b'],
    ['bullet list', '<ul><li>Q, K, V</li><li>softmax</li></ul>', '- Q, K, V\n- softmax'],
    [
      'nested ordered list, then text',
      '<ol><li>one<ul><li>nested</li></ul></li><li>two</li></ol>after',
      '1. one\n   - nested\n2. two\n\nafter',
    ],
    [
      'code block keeps lines and decodes entities',
      '<pre>def f(x):\n    return x &lt; 2\n</pre>',
      '```\ndef f(x):\n    return x < 2\n```',
    ],
    [
      'spaces move outside emphasis; empty emphasis vanishes',
      '<b> spaced </b>word and <i></i>empty',
      '**spaced** word and empty',
    ],
    ['numeric entities, decimal and hex', '&#x4E2D;&#25991; &#128512; &#8730;2', '中文 😀 √2'],
    ['text that looks like HTML stays text', 'the &lt;br&gt; tag', 'the \\<br> tag'],
    ['MathJax delimiters become $', '\\(x^2\\) and \\[\\sum_i x_i\\]', '$x^2$ and $$\\sum_i x_i$$'],
    ['superscript and subscript', 'QK<sup>T</sup>/√d<sub>k</sub>, x<sup>n+1</sup>', 'QK^T/√d_k, x^(n+1)'],
    [
      'http links kept, other schemes dropped',
      '<a href="https://a.org/x(1)">doc</a> <a href="javascript:alert(1)">bad</a>',
      '[doc](https://a.org/x%281%29) bad',
    ],
    ['script and style are dropped with their content', '<script>alert(1)</script>ok<style>.x{}</style>', 'ok'],
    ['blockquote', '<blockquote>quoted<br>more</blockquote>tail', '> quoted\\\n> more\n\ntail'],
    ['images we do not have become a note', '<img src="paste-123.png">', '[image: paste-123.png]'],
    ['sound references are dropped', 'word [sound:word.mp3]', 'word'],
  ])('%s', (_name, html, md) => {
    expect(htmlToMarkdown(html)).toBe(md);
  });

  it('never returns HTML tags from the input', () => {
    const md = htmlToMarkdown('<div onclick="x()"><span style="color:red">red</span> <font color=blue>blue</font></div>');
    expect(md).toBe('red blue');
  });
});

describe('decodeEntities', () => {
  it('leaves unknown names and rejects invalid code points', () => {
    expect(decodeEntities('&bogus; &#0; &#xD800; &amp;amp;')).toBe('&bogus; \ufffd \ufffd &amp;');
  });
});

describe('looksLikeHtml', () => {
  it.each([
    ['a <b>bold</b> word', true],
    ['x&nbsp;y', true],
    ['2 < 3 and 5 > 4', false],
    ['plain text', false],
  ])('%s → %s', (s, want) => {
    expect(looksLikeHtml(s)).toBe(want);
  });
});

describe("Anki's LaTeX tags", () => {
  it('become $..$ and $$..$$; an unclosed tag stays as it is', () => {
    expect(htmlToMarkdown('Energy: [$]E=mc^2[/$] and [$$]\\frac{a}{b}[/$$]')).toBe('Energy: $E=mc^2$ and $$\\frac{a}{b}$$');
    expect(ankiLatex('[latex]x[/latex] and [$] open')).toBe('\\[x\\] and [$] open');
  });
});
