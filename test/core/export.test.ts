import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';
import {
  ANKI_HEADER,
  EXPORT_FORMAT,
  formatAnki,
  formatJsonExport,
  markdownToAnkiHtml,
  type ProgressExport,
  parseProgressExport,
} from '../../src/core/export.js';
import { foldEvents, mergeEvents, type ProgressEvent } from '../../src/core/progress.js';
import { CSV_COLUMNS, csvField, formatReviewsCsv } from '../../src/core/review-csv.js';
import { DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { BASE, iso, review, state } from '../fixtures/store/events.js';
import { deckText } from '../helpers.js';

/** A strict RFC 4180 reader, to check what a spreadsheet or pandas would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
    i++;
  }
  return rows;
}

const events: ProgressEvent[] = [
  review('r1', BASE, 'tricky', 1),
  review('r2', BASE + 60_000, 'tricky', 3),
  { id: 'u1', t: iso(BASE + 120_000), type: 'undo', card: 'tricky', target: 'r2', restore: { fsrs: state(1), suspended: false } },
  review('r3', BASE + 180_000, 'gone', 2, { cram: true }),
  { id: 's1', t: iso(BASE + 240_000), type: 'suspend', card: 'tricky' },
];

describe('csv export', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('writes one row per review with the header, and a reader gets the original text back', () => {
    const question = 'Why "scale", by √d_k?\nSecond line';
    const csv = formatReviewsCsv(events, (id) => (id === 'tricky' ? { deck: 'demo', question } : undefined));
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(4);
    const col = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
    const [r1, r2, r3] = rows.slice(1) as [string[], string[], string[]];
    expect(col(r1, 'question')).toBe(question);
    expect(col(r1, 'rating_name')).toBe('hard');
    expect(col(r1, 'state_before')).toBe('new');
    expect(col(r2, 'undone')).toBe('true');
    expect(col(r1, 'undone')).toBe('false');
    expect(col(r3, 'cram')).toBe('true');
    expect(col(r3, 'deck')).toBe('');
    expect(col(r2, 'stability')).toBe(String(state(3).s));
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('keeps deck text from running as a spreadsheet formula', () => {
    const csv = formatReviewsCsv([review('r1', BASE, 'x', 1)], () => ({ deck: 'd', question: '=HYPERLINK("http://x")' }));
    expect(parseCsv(csv)[1]?.[CSV_COLUMNS.indexOf('question')]).toBe('\'=HYPERLINK("http://x")');
  });
});

describe('json export', () => {
  const x: ProgressExport = {
    format: EXPORT_FORMAT,
    schema: 1,
    exportedAt: iso(BASE),
    program: 'test',
    user: 'alice',
    settings: { ...DEFAULT_SETTINGS, new_per_day: 7 },
    cards: Object.fromEntries(foldEvents(events)),
    events: [...events].reverse(),
  };

  it('is one JSON document holding everything, events in time order, one per line', () => {
    const text = formatJsonExport(x);
    expect(JSON.parse(text)).toEqual({ ...x, events: mergeEvents(events) });
    const eventLines = text.split('\n').filter((l) => l.startsWith('    {"id"'));
    expect(eventLines).toHaveLength(events.length);
  });

  it('parses back to the same events and settings', () => {
    const parsed = parseProgressExport(formatJsonExport(x));
    expect(typeof parsed).toBe('object');
    if (typeof parsed === 'string') return;
    expect(parsed.events).toEqual(mergeEvents(events));
    expect(parsed.settings).toEqual(x.settings);
    expect(parsed.user).toBe('alice');
  });

  it('handles an empty history', () => {
    const empty = formatJsonExport({ ...x, cards: {}, events: [] });
    expect(JSON.parse(empty)).toMatchObject({ cards: {}, events: [] });
  });

  it.each([
    [
      'a prototype key',
      '{"format":"llm-quiz-progress","schema":1,"events":[],"settings":{"__proto__":{"x":1}}}',
      /'__proto__' key/,
    ],
    ['an escaped prototype key', '{"format":"llm-quiz-progress","schema":1,"events":[{"\\u005f_proto__":1}]}', /'__proto__' key/],
    ['another format', '{"format":"anki","schema":1,"events":[]}', /not an llm-quiz progress export/],
    ['a newer schema', '{"format":"llm-quiz-progress","schema":2,"events":[]}', /newer llm-quiz \(export schema 2/],
    ['no events', '{"format":"llm-quiz-progress","schema":1}', /'events'/],
    ['broken JSON', '{"format":', /not valid JSON/],
  ])('rejects %s', (_what, text, reason) => {
    expect(parseProgressExport(text)).toMatch(reason);
  });

  it('names the first invalid event by index and id', () => {
    const bad = { format: EXPORT_FORMAT, schema: 1, events: [events[0], events[1], { ...events[0], id: 'zz', rating: 9 }] };
    expect(parseProgressExport(JSON.stringify(bad))).toBe(`event 2 (id "zz"): review 'rating' must be 1-4`);
  });
});

describe('anki export', () => {
  it('turns Markdown into one line of HTML: escaped, code kept readable, TeX for MathJax', () => {
    const html = markdownToAnkiHtml(
      'Use **QK** and $h_{t-1} < 1$ & co.\n<script>alert(1)</script>\n\n```python\ndef f(x):\n\treturn x < 2\n```\n\n[doc](https://example.org/a?b=1) [bad](javascript:alert(1))',
    );
    expect(html).not.toMatch(/[\t\n]/);
    expect(html).toContain('<strong>QK</strong>');
    expect(html).toContain('\\(h_{t-1} &lt; 1\\)');
    expect(html).toContain('&amp; co.');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('<pre><code class="language-python">def f(x):<br>    return x &lt; 2</code></pre>');
    expect(html).toContain('<a href="https://example.org/a?b=1">doc</a>');
    expect(html).not.toContain('javascript:');
  });

  it('writes the header lines, then one tab-separated line per card', () => {
    const text = deckText('demo', [
      { id: 'demo-a', q: 'What is $x$?', a: 'An answer\nover "two" lines.\n\n```\ncode\there\n```', topics: 'alpha' },
      { id: 'demo-b', q: 'Second <b>?', a: 'B' },
    ]);
    const { deck, problems } = parseDeck(text, 'demo.md');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const lines = formatAnki(deck?.cards ?? [])
      .trimEnd()
      .split('\n');
    expect(lines.slice(0, ANKI_HEADER.length)).toEqual(ANKI_HEADER);
    const rows = lines.slice(ANKI_HEADER.length).map((l) => l.split('\t'));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.length === 5)).toBe(true);
    const [a, b] = rows as [string[], string[]];
    expect(a[0]).toBe('demo-a');
    expect(a[1]).toBe('llm-quiz::demo');
    expect(a[2]).toBe('<p>What is \\(x\\)?</p>');
    expect(a[3]).toContain('over &quot;two&quot; lines.');
    expect(a[3]).toContain('<pre><code>code    here</code></pre>');
    expect(a[4]?.split(' ').sort()).toEqual(['alpha', 'demo']);
    expect(b[2]).toBe('<p>Second &lt;b&gt;?</p>');
  });
});
