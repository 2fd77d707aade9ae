import { describe, expect, it } from 'vitest';
import { matchEdited, previousDeckByQuestions, similarity } from '../../src/core/import/identity.js';

const card = (id: string, question: string, answer = '') => ({ id, question, answer });

describe('similarity', () => {
  it('is 1 for texts that differ only in spacing, case and markup, low for unrelated ones', () => {
    expect(similarity('What is **speculative decoding**?', 'what is speculative  decoding')).toBe(1);
    expect(similarity('What is speculative decoding?', 'How does RoPE encode positions?')).toBeLessThan(0.4);
    expect(similarity('为什么大模型推理时显存涨的那么多？', '为什么大模型推理时显存会涨那么多？')).toBeGreaterThan(0.75);
  });
});

describe('matchEdited', () => {
  const prev = [
    card('c-1', 'What is speculative decoding?', 'A draft model proposes tokens; the large model verifies them.'),
    card('c-2', 'Why is decoding memory-bound?', 'Each step reads all the weights.'),
    card('c-3', 'What is RoPE?', 'Rotary position embedding.'),
  ];

  it('gives a reworded question the id of the card it was; new and unchanged cards keep theirs', () => {
    const next = [
      card('c-9', 'What is speculative decoding, in short?', 'A draft model proposes tokens; the large model verifies them.'),
      card('c-2', 'Why is decoding memory-bound?', 'Each step reads all the weights.'),
      card('c-7', 'What does GQA share between heads?', 'Keys and values.'),
    ];
    const plan = matchEdited(next, prev);
    expect([...plan.renamed]).toEqual([['c-9', 'c-1']]);
    expect(plan.ambiguous).toEqual([]);
  });

  it('calls a card ambiguous when two old cards read about as much like it', () => {
    const old = [card('a', 'What is the KV cache of layer one?', 'x'), card('b', 'What is the KV cache of layer two?', 'x')];
    const plan = matchEdited([card('n', 'What is the KV cache of a layer?', 'x')], old);
    expect(plan.renamed.size).toBe(0);
    expect(plan.ambiguous.map((a) => [a.id, a.candidates.map((c) => c.id).sort()])).toEqual([['n', ['a', 'b']]]);
  });

  it('lets one old card be taken over once, by the closest rewording', () => {
    const old = [card('a', 'What is dropout?', 'Randomly zeroes activations during training.')];
    const next = [
      card('x', 'What does dropout do?', 'Randomly zeroes activations during training.'),
      card('y', 'What is dropout, exactly?', 'Randomly zeroes activations while training.'),
    ];
    const plan = matchEdited(next, old);
    expect(plan.renamed.size).toBe(1);
    expect([...plan.renamed.values()]).toEqual(['a']);
  });

  it('does not compare without bound', () => {
    const many = (p: string, n: number) => Array.from({ length: n }, (_, i) => card(`${p}${i}`, `${p} question ${i}`));
    expect(matchEdited(many('n', 600), many('o', 600)).skipped).toBe(true);
  });
});

describe('previousDeckByQuestions', () => {
  it('finds the deck that shares most of the questions, and none when unclear', () => {
    const decks = [
      { id: 'old-name', questions: ['What is A?', 'What is B?', 'What is C?'] },
      { id: 'other', questions: ['What is X?'] },
    ];
    expect(previousDeckByQuestions(['What is A?', 'What is B?', 'What is C?', 'What is D?'], decks)).toBe('old-name');
    expect(previousDeckByQuestions(['What is A?', 'What is Y?', 'What is Z?'], decks)).toBeUndefined();
  });
});

describe('matchEdited does not confuse different questions', () => {
  it('leaves a new question with a different answer as new, even when worded alike', () => {
    const plan = matchEdited(
      [card('n', 'What is RoPE?', 'Rotary position embedding.')],
      [card('o', 'What is GQA?', 'Grouped-query attention.')],
    );
    expect(plan.renamed.size).toBe(0);
    expect(plan.ambiguous).toEqual([]);
  });
});
