import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedCardId, fixMissingIds, MAX_DECK_BYTES, parseDeck } from '../../src/core/deck.js';
import { loadCollection } from '../../src/store/decks.js';
import { deckText, ROOT, tmp } from '../helpers.js';

const good = `---
id: demo
title: Demo
language: zh
topics: [transformer, attention]
description: A demo deck.
---

# Intro text that is not a card

## 什么是自注意力？
<!-- id: demo-self-attn; topics: basics; level: 1; seed: 11, 27 -->

Extra question text.

\`\`\`python
## not a heading inside code
\`\`\`

### Answer

It relates every position to every other.

\`\`\`
### Key points  <- inside a fence, not a section
\`\`\`

### Key points

- Q, K, V come from the same sequence
- cost O(n²d)
  continued line

## Second question?
<!-- id: demo-second; group: g1; draft: false -->

### 答案

Yes.
`;

describe('parseDeck', () => {
  it('reads deck metadata, cards, sections, key points and metadata', () => {
    const { deck, problems } = parseDeck(good, 'demo.md');
    expect(problems).toEqual([]);
    expect(deck?.meta).toMatchObject({ id: 'demo', title: 'Demo', language: 'zh', topics: ['transformer', 'attention'] });
    const [a, b] = deck?.cards ?? [];
    expect(a).toMatchObject({
      id: 'demo-self-attn',
      question: '什么是自注意力？',
      line: 11,
      level: 1,
      seeds: [11, 27],
      topics: ['basics', 'transformer', 'attention'],
      keyPoints: ['Q, K, V come from the same sequence', 'cost O(n²d) continued line'],
    });
    expect(a?.questionBody).toContain('## not a heading inside code');
    expect(a?.answer).toContain('### Key points  <- inside a fence');
    expect(b).toMatchObject({ id: 'demo-second', group: 'g1', answer: 'Yes.', draft: false });
  });

  it('reports bad YAML with the file and the line of the error, and yields no deck', () => {
    const text = '---\nid: x\ntitle: [unclosed\nlanguage: en\n---\n\n## Q\n\n### Answer\n\nA\n';
    const { deck, problems } = parseDeck(text, 'bad.md');
    expect(deck).toBeUndefined();
    expect(problems[0]).toMatchObject({ file: 'bad.md', severity: 'error' });
    expect(problems[0]?.message).toMatch(/not valid YAML/);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(3);
    expect(problems[0]?.line).toBeLessThanOrEqual(5);
  });

  it('reports a card without an answer at its heading line, keeping the other cards', () => {
    const text = deckText('d', [
      { id: 'ok-1', q: 'Fine?', a: 'Yes' },
      { id: 'ok-2', q: 'Also fine?', a: 'Yes' },
    ]).concat('\n## No answer here\n<!-- id: broken -->\n\nJust question text.\n');
    const { deck, problems } = parseDeck(text, 'd.md');
    const err = problems.find((p) => p.severity === 'error');
    expect(err?.message).toBe('card has no answer');
    expect(err?.line).toBe(text.split('\n').indexOf('## No answer here') + 1);
    expect(err?.hint).toMatch(/### Answer/);
    expect(deck?.cards.map((c) => c.id)).toEqual(['ok-1', 'ok-2']);
  });

  it('accepts a draft card without an answer', () => {
    const text = `${deckText('d', [{ id: 'a', q: 'A?', a: 'A' }])}\n## Unanswered?\n<!-- id: b; draft: true -->\n`;
    const { deck, problems } = parseDeck(text, 'd.md');
    expect(problems).toEqual([]);
    expect(deck?.cards[1]).toMatchObject({ id: 'b', draft: true, answer: '' });
  });

  it('refuses non-YAML front matter and never runs it', () => {
    const g = globalThis as Record<string, unknown>;
    delete g.__llmQuizPwned;
    for (const lang of ['js', 'javascript', 'JS', 'coffee', 'toml']) {
      const text = `---${lang}\n{ id: (globalThis.__llmQuizPwned = true, 'x') }\n---\n\n## Q\n\n### Answer\n\nA\n`;
      const { deck, problems } = parseDeck(text, 'evil.md');
      expect(deck).toBeUndefined();
      expect(problems[0]).toMatchObject({ file: 'evil.md', line: 1, severity: 'error' });
      expect(problems[0]?.message).toMatch(/only YAML/);
    }
    expect(g.__llmQuizPwned).toBeUndefined();
  });

  it('does not let YAML or card metadata pollute prototypes', () => {
    const text =
      '---\nid: p\ntitle: P\nlanguage: en\ntopics: [t]\ndescription: d\n__proto__: { polluted: yes }\n---\n\n## Q\n<!-- id: q1; __proto__: x; constructor: y -->\n\n### Answer\n\nA\n';
    const { problems } = parseDeck(text, 'p.md');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(problems.some((p) => p.severity === 'error')).toBe(true);
  });

  it('refuses oversized input with a clear error', () => {
    const text = deckText('big', [{ id: 'x', q: 'Q', a: 'A'.repeat(MAX_DECK_BYTES) }]);
    const { deck, problems } = parseDeck(text, 'big.md');
    expect(deck).toBeUndefined();
    expect(problems[0]?.message).toMatch(/larger than 2 MiB/);
  });

  it('derives a deterministic id for cards without one and warns', () => {
    const text = deckText('d', [{ q: 'What is PTQ?', a: 'Post-training quantization' }]);
    const one = parseDeck(text, 'd.md');
    const two = parseDeck(text, 'd.md');
    const id = one.deck?.cards[0]?.id;
    expect(id).toMatch(/^c-[0-9a-f]{10}$/);
    expect(two.deck?.cards[0]?.id).toBe(id);
    expect(id).toBe(derivedCardId('d', 'What is PTQ?'));
    expect(one.problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/no id/) })]);
  });

  it('rejects topics that are not lowercase slugs', () => {
    const { problems } = parseDeck(deckText('d', [{ id: 'a', q: 'Q', a: 'A', topics: 'Deep Learning' }]), 'd.md');
    expect(problems[0]?.message).toMatch(/not a lowercase slug/);
  });
});

describe('fixMissingIds', () => {
  it('inserts id comments and changes nothing else', () => {
    const text = `${deckText('d', [
      { q: 'First?', a: 'One' },
      { id: 'has-id', q: 'Second?', a: 'Two' },
    ])}\n## Third?\n<!-- topics: extra -->\n\n### Answer\n\nThree\n`;
    const { text: fixed, added } = fixMissingIds(text, 'd.md');
    expect(added).toBe(2);
    const after = parseDeck(fixed, 'd.md');
    expect(after.problems).toEqual([]);
    expect(after.deck?.cards.map((c) => c.id)).toEqual([derivedCardId('d', 'First?'), 'has-id', derivedCardId('d', 'Third?')]);
    // Removing the inserted line and the inserted `id: X; ` gives back the original bytes.
    const undone = fixed
      .split('\n')
      .filter((l) => !/^<!-- id: c-[0-9a-f]{10} -->$/.test(l))
      .join('\n')
      .replace(/<!-- id: c-[0-9a-f]{10}; /, '<!-- ');
    expect(undone).toBe(text);
  });

  it('keeps CRLF line endings', () => {
    const text = deckText('d', [{ q: 'First?', a: 'One' }]).replace(/\n/g, '\r\n');
    const { text: fixed } = fixMissingIds(text, 'd.md');
    expect(fixed.split('\r\n').length).toBe(text.split('\r\n').length + 1);
    expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('card identity across edits (progress is keyed by id)', () => {
  const v1 = deckText('d', [
    { id: 'card-a', q: 'What is LoRA?', a: 'Low-rank adaptation.' },
    { id: 'card-b', q: 'What is QAT?', a: 'Quantization-aware training.' },
  ]);

  it('keeps ids when the wording changes', () => {
    const v2 = v1.replace('What is LoRA?', 'Explain LoRA in one sentence.').replace('Low-rank adaptation.', 'Adds trainable BA.');
    const ids = (t: string) => parseDeck(t, 'd.md').deck?.cards.map((c) => c.id);
    expect(ids(v2)).toEqual(ids(v1));
  });

  it('keeps ids when cards are reordered', () => {
    const v2 = deckText('d', [
      { id: 'card-b', q: 'What is QAT?', a: 'Quantization-aware training.' },
      { id: 'card-a', q: 'What is LoRA?', a: 'Low-rank adaptation.' },
    ]);
    const byQuestion = (t: string) => Object.fromEntries(parseDeck(t, 'd.md').deck?.cards.map((c) => [c.question, c.id]) ?? []);
    expect(byQuestion(v2)).toEqual(byQuestion(v1));
  });

  it('keeps ids when a card moves to another deck file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'one.md'), v1);
    writeFileSync(join(dir, 'two.md'), deckText('e', [{ id: 'card-c', q: 'C?', a: 'C' }]));
    const before = loadCollection([dir]);
    writeFileSync(join(dir, 'one.md'), deckText('d', [{ id: 'card-a', q: 'What is LoRA?', a: 'Low-rank adaptation.' }]));
    writeFileSync(
      join(dir, 'two.md'),
      deckText('e', [
        { id: 'card-c', q: 'C?', a: 'C' },
        { id: 'card-b', q: 'What is QAT?', a: 'Quantization-aware training.' },
      ]),
    );
    const after = loadCollection([dir]);
    expect(after.problems).toEqual([]);
    expect(after.byId.get('card-b')?.deckId).toBe('e');
    expect([...after.byId.keys()].sort()).toEqual([...before.byId.keys()].sort());
  });
});

describe('loadCollection', () => {
  it('reports a duplicate id across decks naming both places, and still loads the other cards', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.md'), deckText('a', [{ id: 'same', q: 'A?', a: 'A' }]));
    writeFileSync(
      join(dir, 'sub', 'b.md'),
      deckText('b', [
        { id: 'other', q: 'B?', a: 'B' },
        { id: 'same', q: 'B2?', a: 'B2' },
      ]),
    );
    const col = loadCollection([dir]);
    const dup = col.problems.find((p) => p.message.includes("duplicate card id 'same'"));
    expect(dup?.file).toMatch(/sub\/b\.md$/);
    expect(dup?.message).toMatch(/a\.md:9/);
    expect(col.cards.map((c) => c.id).sort()).toEqual(['other', 'same']);
  });

  it('skips a broken deck and loads the rest', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.md'), '---\nid: bad\ntitle: [\n---\n');
    writeFileSync(join(dir, 'good.md'), deckText('good', [{ id: 'g1', q: 'G?', a: 'G' }]));
    const col = loadCollection([dir]);
    expect(col.decks.map((d) => d.meta.id)).toEqual(['good']);
    expect(col.problems[0]?.file).toMatch(/bad\.md$/);
  });
});

describe('docs/deck-format.md', () => {
  it('has a complete example that parses without problems', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'deck-format.md'), 'utf8');
    const m = /<!-- example-start -->\n````markdown\n([\s\S]*?)````\n<!-- example-end -->/.exec(doc);
    expect(m).not.toBeNull();
    const { deck, problems } = parseDeck(m?.[1] ?? '', 'example.md');
    expect(problems).toEqual([]);
    expect(deck?.cards.length).toBe(2);
    expect(deck?.cards[0]?.answer).toContain('```python');
    expect(deck?.cards[0]?.keyPoints.length).toBe(3);
  });
});

describe('headings', () => {
  it('keeps a trailing # that is part of the question, and drops an ATX closing sequence', () => {
    const text = `${deckText('d', [{ id: 'a', q: 'What is C#', a: 'A language.' }])}\n## Closed heading ##\n<!-- id: b -->\n\n### Answer\n\nB\n`;
    const cards = parseDeck(text, 'd.md').deck?.cards ?? [];
    expect(cards.map((c) => c.question)).toEqual(['What is C#', 'Closed heading']);
  });
});
