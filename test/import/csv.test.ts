import { describe, expect, it } from 'vitest';
import { derivedCardId } from '../../src/core/deck.js';
import { convertCsv, splitKeyPoints } from '../../src/core/import/csv.js';
import { detect } from '../../src/core/import/detect.js';
import { fixture, roundTrip } from './helpers.js';

describe('convertCsv', () => {
  const { decks, problems } = convertCsv(fixture('questions.csv'), 'questions.csv', {});
  const deck = decks[0];

  it('reads quoted multi-line fields, doubled quotes and commas (a spreadsheet export with CRLF)', () => {
    expect(deck?.cards.map((c) => c.question)).toEqual([
      'What is the time complexity of self-attention?',
      'Why divide by "√d_k" in attention?',
      'Write LayerNorm in one line, with a comma, in NumPy',
      'What is RoPE?',
    ]);
    expect(deck?.cards[0]?.answer).toBe(
      'O(n²·d) time and O(n²) memory for sequence length n.\n\nFlashAttention keeps the time but cuts memory to O(n).',
    );
    expect(deck?.cards[2]?.answer).toContain('```python\ny = (x - x.mean(-1, keepdims=True))');
    // Each record's line is where it starts in the file.
    expect(deck?.cards.map((c) => c.line)).toEqual([2, 6, 7, 10]);
  });

  it('uses the id column, and derives an id from the question when it is empty', () => {
    expect(deck?.cards.map((c) => c.id)).toEqual([
      'csv-attn-cost',
      'csv-sdpa-scale',
      derivedCardId('questions', 'Write LayerNorm in one line, with a comma, in NumPy'),
      'csv-rope',
    ]);
  });

  it('splits topics and key points; drops topics that cannot be slugs, with a warning', () => {
    expect(deck?.cards.map((c) => c.topics)).toEqual([
      ['attention', 'complexity'],
      ['attention'],
      ['normalization'],
      ['positional-encoding'],
    ]);
    expect(deck?.cards[0]?.keyPoints).toEqual(['O(n²d) time', 'O(n²) memory']);
    expect(deck?.cards[1]?.keyPoints).toEqual(['variance of q·k is d_k', 'keeps softmax out of saturation']);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('位置编码') })]);
  });

  it('makes a question without answer a draft card, and the deck reads back', () => {
    const cards = roundTrip(deck as NonNullable<typeof deck>);
    expect(cards.map((c) => c.draft)).toEqual([false, false, false, true]);
    expect(cards[0]?.keyPoints).toEqual(['O(n²d) time', 'O(n²) memory']);
    expect(cards[2]?.answer).toBe(deck?.cards[2]?.answer);
  });

  it.each([
    ['no question column', 'front_text,back\nq,a\n', 1, 'no `question` column'],
    ['an invalid id', 'question,answer,id\nq1,a1,ok\nq2,a2,Not OK!\n', 3, "id 'Not OK!' is not a valid card id"],
    ['an id used twice', 'question,answer,id\nq1,a1,same\nq2,a2,same\n', 3, "id 'same' is used twice"],
    ['an unclosed quote', 'question,answer\nq1,"a1\n', 2, 'never closed'],
  ])('reports %s at its line', (_name, text, line, message) => {
    const r = convertCsv(text, 'bad.csv', {});
    expect(r.problems).toContainEqual(
      expect.objectContaining({ file: 'bad.csv', line, severity: 'error', message: expect.stringContaining(message) }),
    );
  });

  it('accepts front/back headers and a semicolon-separated sheet', () => {
    const r = convertCsv('Front;Back\n"a;b";c\n', 'sheet.csv', { deckId: 'sheet' });
    expect(r.decks[0]?.cards[0]).toMatchObject({ question: 'a;b', answer: 'c' });
    expect(r.decks[0]?.id).toBe('sheet');
  });
});

// A header row is recognised by the same names that the converter reads (a Notion database export
// names its columns `Word,Meaning,Tags`; a Chinese sheet `问题,答案`), so it is never a card.
describe('header rows', () => {
  it.each([
    ['Word,Meaning,Tags', 'お願いします,Please,one', 'お願いします', 'Please'],
    ['问题,答案', '什么是注意力？,加权求和', '什么是注意力？', '加权求和'],
    ['正面\t背面\t标签', '词向量\tword embedding\tnlp', '词向量', 'word embedding'],
    ['Term\tDefinition', 'epoch\tone pass over the data', 'epoch', 'one pass over the data'],
    ['Prompt,Response', 'Say hi,Hello', 'Say hi', 'Hello'],
    ['Expression;Meaning;Reading', '猫;cat;ねこ', '猫', 'cat'],
  ])('%j is a header the converter reads', (header, row, question, answer) => {
    const text = `${header}\n${row}\n`;
    const found = detect('sheet.csv', text);
    expect(found.format).toBe('csv');
    const r = convertCsv(text, 'sheet.csv', found.separator ? { separator: found.separator } : {});
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.decks[0]?.cards.map((c) => [c.question, c.answer])).toEqual([[question, answer]]);
  });
});

describe('splitKeyPoints', () => {
  it.each([
    ['- a\n- b', ['a', 'b']],
    ['1. a\n2. b', ['a', 'b']],
    ['a; b ;c', ['a', 'b', 'c']],
    ['', []],
  ])('%j', (cell, want) => {
    expect(splitKeyPoints(cell)).toEqual(want);
  });
});
