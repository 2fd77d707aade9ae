// `### Details` (derivations and sources, shown on a key) and `follow-up:` metadata.
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';

const deck = (card: string) => `---\nid: d\ntitle: D\nlanguage: en\ntopics: [attention]\ndescription: x\n---\n\n${card}`;

describe('the Details section', () => {
  const text = deck(`## What is GQA?
<!-- id: attn-gqa; follow-up: attn-mla, kv-size -->

### Answer

Groups of query heads share one K/V head.

### Key points

- query heads share K/V heads in groups
- KV cache shrinks by the group size

### Details

- a bullet here is detail, not a key point

\`\`\`python
### Answer (inside code, not a heading)
\`\`\`

Sources: GQA (Ainslie et al., 2023, arXiv:2305.13245).
`);

  it('is kept apart from the answer and the key points', () => {
    const { deck: d, problems } = parseDeck(text, 'd.md');
    expect(problems).toEqual([]);
    const c = d?.cards[0];
    expect(c?.answer).toBe('Groups of query heads share one K/V head.');
    expect(c?.keyPoints).toEqual(['query heads share K/V heads in groups', 'KV cache shrinks by the group size']);
    expect(c?.details).toMatch(/^- a bullet here is detail, not a key point/);
    expect(c?.details).toContain('### Answer (inside code, not a heading)');
    expect(c?.details).toMatch(/Sources: GQA .*2305\.13245\)\.$/);
  });

  it('follow-up ids are read as a list; a bad one is an error at the metadata line', () => {
    expect(parseDeck(text, 'd.md').deck?.cards[0]?.followUps).toEqual(['attn-mla', 'kv-size']);
    const bad = parseDeck(deck('## Q?\n<!-- id: q1; follow-up: Not An Id -->\n\n### Answer\n\nA.\n'), 'd.md');
    expect(bad.problems.map((p) => [p.key, p.line])).toEqual([['problem.card.badFollowUp', 10]]);
  });

  it('a card without details or follow-ups has neither', () => {
    const c = parseDeck(deck('## Q?\n<!-- id: q1 -->\n\n### Answer\n\nA.\n'), 'd.md').deck?.cards[0];
    expect(c?.details).toBeUndefined();
    expect(c?.followUps).toBeUndefined();
  });

  it('`### 详解` works as the Chinese heading', () => {
    const c = parseDeck(
      deck('## 问题？\n<!-- id: q1 -->\n\n### 答案\n\n回答。\n\n### 要点\n\n- 一\n\n### 详解\n\n推导。\n'),
      'd.md',
    ).deck?.cards[0];
    expect(c?.keyPoints).toEqual(['一']);
    expect(c?.details).toBe('推导。');
  });
});
