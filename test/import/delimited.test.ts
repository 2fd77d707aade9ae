import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../../src/core/import/delimited.js';

const parse = (text: string, delimiter = ',', comments = false) => parseDelimited(text, 'f.csv', { delimiter, comments });

describe('parseDelimited', () => {
  it('reads RFC 4180: quotes, doubled quotes, separators and newlines inside quotes, CRLF', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line 1\r\nline 2"\r\nlast,,\r\n';
    const { records, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line 1\nline 2'],
      ['last', '', ''],
    ]);
    // Line numbers are where each record starts, counting the newline inside the quoted field.
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('keeps a quote inside an unquoted field, as Anki does', () => {
    expect(parse('5" screen,ok\n').records[0]?.fields).toEqual(['5" screen', 'ok']);
  });

  it('skips blank lines and, for Anki, lines starting with #', () => {
    const { records } = parse('#comment\tx\n\nq\ta\n#another\n', '\t', true);
    expect(records).toEqual([{ fields: ['q', 'a'], line: 3 }]);
  });

  it('reports an unterminated quote at the line where it opened', () => {
    const { problems } = parse('q,a\nok,fine\n"never closed,x\ny\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, severity: 'error', message: 'a quoted field is never closed' });
  });

  it('reads back any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', '\t', '中', '#') });
    const quote = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
        const { records, problems } = parse(text);
        expect(problems).toEqual([]);
        // CRLF inside a quoted field reads as LF; rows that are one empty cell are blank lines.
        const want = rows.map((r) => r.map((c) => c.replace(/\r\n/g, '\n')));
        expect(records.map((r) => r.fields)).toEqual(want);
      }),
    );
  });
});
