import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';
import type { ImportCard, ImportDeck } from '../../src/core/import/model.js';
import { containBlock, headingOf, renderDeck } from '../../src/core/import/render.js';

const deck = (cards: Partial<ImportCard>[], extra: Partial<ImportDeck> = {}): ImportDeck => ({
  id: 'demo',
  title: 'Demo',
  language: 'en',
  topics: ['demo'],
  description: 'A demo.',
  source: 'in.md',
  line: 1,
  cards: cards.map((c, i) => ({ id: `card-${i}`, question: 'Q?', answer: 'A.', keyPoints: [], topics: [], line: i + 1, ...c })),
  ...extra,
});

const read = (d: ImportDeck) => parseDeck(renderDeck(d, 'in.md'), 'demo.md');

describe('renderDeck', () => {
  it('keeps answers that contain card headings, section headings and an unclosed code fence inside their card', () => {
    const d = deck([
      { question: 'First?', answer: '## Not a card\n\n### Answer\n\n### Key points\n\n```python\nprint(1)' },
      { question: 'Second?', answer: 'Two.' },
    ]);
    const { deck: parsed, problems } = read(d);
    expect(problems).toEqual([]);
    expect(parsed?.cards.map((c) => c.id)).toEqual(['card-0', 'card-1']);
    expect(parsed?.cards[0]?.answer).toBe('#### Not a card\n\n#### Answer\n\n#### Key points\n\n```python\nprint(1)\n```');
    expect(parsed?.cards[1]?.answer).toBe('Two.');
  });

  it('puts a multi-line question in the heading and the question body', () => {
    const { deck: parsed } = read(deck([{ question: 'What does this print?\n\n```python\nprint(2 ** 3)\n```' }]));
    expect(parsed?.cards[0]?.question).toBe('What does this print?');
    expect(parsed?.cards[0]?.questionBody).toBe('```python\nprint(2 ** 3)\n```');
  });

  it('writes draft cards, key points, card topics, and a title with quotes and colons', () => {
    const d = deck(
      [
        { answer: '', topics: ['a', 'b'] },
        { answer: 'x', keyPoints: ['one', 'two\nlines'] },
      ],
      {
        title: 'Notes: "LLM" #1',
        description: 'a: b',
      },
    );
    const { deck: parsed, problems } = read(d);
    expect(problems).toEqual([]);
    expect(parsed?.meta).toMatchObject({ title: 'Notes: "LLM" #1', description: 'a: b' });
    expect(parsed?.cards[0]).toMatchObject({ draft: true, answer: '', topics: ['a', 'b', 'demo'] });
    expect(parsed?.cards[1]?.keyPoints).toEqual(['one', 'two lines']);
  });

  it("drops a line break's backslash from the heading, keeping the next line in the question", () => {
    expect(headingOf('First line\\\nsecond line')).toEqual({ heading: 'First line', rest: 'second line' });
    // An escaped backslash is text, not a break.
    expect(headingOf('A path C:\\\\').heading).toBe('A path C:\\\\');
    const { deck: parsed } = read(deck([{ question: 'First line\\\nsecond line' }]));
    expect([parsed?.cards[0]?.question, parsed?.cards[0]?.questionBody]).toEqual(['First line', 'second line']);
  });

  it('keeps a question ending in # (the deck parser would drop it from a heading)', () => {
    expect(headingOf('What is new in C#').heading).toBe('What is new in `C#`');
    const { deck: parsed } = read(deck([{ question: 'What is new in C#' }]));
    expect(parsed?.cards[0]?.question).toBe('What is new in `C#`');
  });

  it('reads back whatever the cards contain', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        '\n',
        '#',
        '## ',
        '### Answer',
        '```',
        '~~~',
        '>',
        '- ',
        '<!--',
        '-->',
        '---',
        '中',
        '*',
        '`',
        '\\',
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ question: text, answer: text, keyPoints: fc.array(text, { maxLength: 3 }) }), {
          minLength: 1,
          maxLength: 5,
        }),
        (cards) => {
          const d = deck(cards.map((c) => ({ ...c, question: c.question.trim() ? c.question : 'q' })));
          const { deck: parsed, problems } = read(d);
          expect(problems).toEqual([]);
          expect(parsed?.cards.map((c) => c.id)).toEqual(d.cards.map((c) => c.id));
          expect(parsed?.cards.map((c) => c.draft)).toEqual(d.cards.map((c) => c.answer.trim() === ''));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('containBlock', () => {
  it('leaves headings inside code alone', () => {
    expect(containBlock('```\n## code comment\n```\n## real')).toBe('```\n## code comment\n```\n#### real');
  });
});
