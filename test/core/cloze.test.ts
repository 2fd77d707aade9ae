import { describe, expect, it } from 'vitest';
import { clozeAnswer, clozeDeletions, clozeNumbers, clozeQuestion } from '../../src/core/cloze.js';
import { fixMissingIds, parseDeck } from '../../src/core/deck.js';

const deck = (body: string) => `---
id: geo
title: Geo
language: en
topics: [geo]
description: d
---

${body}`;

describe('cloze deletions', () => {
  it('finds numbered deletions with and without hints, in order', () => {
    const text = '{{c1::Paris}} is the capital of {{c2::France::country}}; {{c1::it}} sits on the Seine.';
    expect(clozeNumbers(text)).toEqual([1, 2]);
    expect(clozeDeletions(text).map((d) => [d.n, d.text, d.hint])).toEqual([
      [1, 'Paris', undefined],
      [2, 'France', 'country'],
      [1, 'it', undefined],
    ]);
    expect(clozeQuestion(text, 1)).toBe('[…] is the capital of France; […] sits on the Seine.');
    expect(clozeQuestion(text, 2)).toBe('Paris is the capital of [country]; it sits on the Seine.');
    expect(clozeAnswer(text, 2)).toBe('Paris is the capital of **France**; it sits on the Seine.');
  });

  it('stops at a deletion that is never closed, in linear time', () => {
    expect(clozeDeletions('{{c1::a}} {{c2::never closed')).toHaveLength(1);
    // Linear growth, checked by ratio (budgets in time are for scripts/bench.mjs): four times the
    // input takes about four times as long; a quadratic scan would take sixteen.
    const time = (n: number) => {
      const text = '{{c1::'.repeat(n);
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        expect(clozeDeletions(text)).toEqual([]);
        best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    const small = time(50_000);
    expect(time(200_000) / Math.max(small, 0.5)).toBeLessThan(10);
  });
});

describe('cloze notes in a deck file', () => {
  const text = deck(`## {{c1::Paris}} is the capital of {{c2::France}}.
<!-- id: geo-paris -->

## Which river runs through Paris?
<!-- id: geo-seine -->

### Answer

The Seine.
`);

  it('become one card per deletion, in a sibling group, asking with a gap', () => {
    const { deck: d, problems } = parseDeck(text, 'geo.md');
    expect(problems).toEqual([]);
    expect(d?.cards.map((c) => [c.id, c.question, c.answer, c.group, c.cloze])).toEqual([
      ['geo-paris.c1', '[…] is the capital of France.', '**Paris** is the capital of France.', 'cloze-geo-paris', 1],
      ['geo-paris.c2', 'Paris is the capital of […].', 'Paris is the capital of **France**.', 'cloze-geo-paris', 2],
      ['geo-seine', 'Which river runs through Paris?', 'The Seine.', undefined, undefined],
    ]);
  });

  it('are edited in one place: rewording the note keeps the card ids', () => {
    const edited = text.replace('is the capital of', 'has been the capital of');
    const { deck: d } = parseDeck(edited, 'geo.md');
    expect(d?.cards.map((c) => c.id)).toEqual(['geo-paris.c1', 'geo-paris.c2', 'geo-seine']);
    expect(d?.cards[0]?.question).toBe('[…] has been the capital of France.');
  });

  it('check --fix writes the note id, not a per-deletion id', () => {
    const noIds = deck('## {{c1::Paris}} is the capital of {{c2::France}}.\n');
    const fixed = fixMissingIds(noIds, 'geo.md');
    expect(fixed.added).toBe(1);
    expect(fixed.text).toMatch(/<!-- id: c-[0-9a-f]{10} -->/);
    const { deck: d, problems } = parseDeck(fixed.text, 'geo.md');
    expect(problems).toEqual([]);
    expect(d?.cards.map((c) => c.id.replace(/^c-[0-9a-f]{10}/, 'X'))).toEqual(['X.c1', 'X.c2']);
  });
});
