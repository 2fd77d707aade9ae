// Table cells are cut by truncate(): the terminal gate, whitespace folded to single spaces, and a
// '…' when the text is wider than its column. Plain ASCII takes a shortcut (list cuts ~2,000 cells
// on every start): it must give what the full path gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderColumns, truncate, width } from '../../src/ui/term.js';

/** What truncate does to printable ASCII, written out the long way. */
function reference(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

describe('truncate', () => {
  it.each([
    ['abc', 5, 'abc'],
    ['abcdef', 6, 'abcdef'],
    ['abcdef', 4, 'abc…'],
    ['a  b', 10, 'a b'],
    ['a\tb\nc', 10, 'a b c'],
    [' lead and trail ', 20, ' lead and trail '],
    ['x\u001b[31mred', 10, 'xred'],
    ['中文字', 5, '中文…'],
    ['中文字', 6, '中文字'],
    ['abc', 0, ''],
  ])('%j in %i columns is %j', (s, max, out) => {
    expect(truncate(s, max)).toBe(out);
    expect(width(truncate(s, max))).toBeLessThanOrEqual(max);
  });

  it('cuts printable ASCII as the long way does, doubled spaces included', () => {
    const ascii = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '-', '~', 'Z', '0'), maxLength: 40 });
    fc.assert(
      fc.property(ascii, fc.integer({ min: 1, max: 45 }), (s, max) => {
        expect(truncate(s, max)).toBe(reference(s, max));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});

describe('renderColumns', () => {
  it('pads every cell to its column and cuts the last column to the width', () => {
    const lines = renderColumns(
      [
        { header: 'ID', min: 2 },
        { header: 'Q', min: 4 },
      ],
      [
        ['a-1', 'short'],
        ['b-22', 'a question that is far too long for twenty columns'],
      ],
      20,
    );
    expect(lines).toEqual(['ID    Q', 'a-1   short', 'b-22  a question th…']);
  });
});
