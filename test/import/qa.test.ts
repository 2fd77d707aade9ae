import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedCardId } from '../../src/core/deck.js';
import { uncoveredLines } from '../../src/core/import/model.js';
import { convertQa, dropCitations } from '../../src/core/import/qa.js';
import { MAX_NESTING } from '../../src/core/limits.js';
import { ROOT } from '../helpers.js';
import { fixture, roundTrip } from './helpers.js';

const cards = (name: string) => {
  const r = convertQa(fixture(name), name, {});
  return { ...r, deck: r.decks[0], qa: (r.decks[0]?.cards ?? []).map((c) => [c.question, c.answer]) };
};

describe('convertQa: numbered questions with > blockquote answers (a chatbot transcript)', () => {
  const { deck, qa, problems } = cards('qa-numbered-quote.md');

  it('reads questions and answers, restarts of the numbering, and unanswered questions', () => {
    expect(qa).toEqual([
      [
        'What is speculative decoding?',
        'A small draft model proposes several tokens, and the large model checks them in one forward pass.\nAccepted tokens are kept, so the output distribution is unchanged.',
      ],
      [
        'Why is decoding memory-bound?',
        'Each step reads all weights and the KV cache\nto produce one token per sequence, so arithmetic intensity is low.\n\nBatching raises it.',
      ],
      ['What does AWQ protect?', 'The ~1% of weight channels with large activations, by scaling them before quantization.'],
      ['What is the main cost of QAT compared with PTQ?', ''],
      ['How does GPTQ order the columns?', ''],
      ["What is SmoothQuant's migration strength?", ''],
    ]);
  });

  it('drops the citation block and the reference marks pointing into it', () => {
    const all = deck?.cards.map((c) => c.answer).join('\n') ?? '';
    expect(all).not.toMatch(/源|https?:|\(1\)|\[\^3\^\]|¹/);
  });

  it('takes title and topics from the Jekyll front matter, sections as card topics', () => {
    expect(deck?.title).toBe('LLM interview notes: inference');
    expect(deck?.topics).toEqual(['llm', 'interview', 'machine-learning']);
    expect(deck?.cards.map((c) => c.topics)).toEqual([
      ['inference'],
      ['inference'],
      ['qa-numbered-quote-section-2'],
      ['qa-numbered-quote-section-2'],
      ['qa-numbered-quote-section-2'],
      ['qa-numbered-quote-section-2'],
    ]);
  });

  it('warns about the Chinese-only section name and the text between answers', () => {
    expect(problems.map((p) => [p.severity, p.line])).toEqual([
      ['warning', 35],
      ['warning', 8],
    ]);
    expect(problems[1]?.message).toContain('line 28 → qa-numbered-quote-section-2');
  });

  it('writes drafts for unanswered questions and reads back without problems', () => {
    const back = roundTrip(deck as NonNullable<typeof deck>);
    expect(back.map((c) => c.draft)).toEqual([false, false, false, true, true, true]);
    expect(back.map((c) => c.id)).toEqual(deck?.cards.map((c) => derivedCardId('qa-numbered-quote', c.question)));
  });
});

describe('convertQa: other shapes', () => {
  it('numbered questions with plain paragraphs; indented lists and code stay in the answer', () => {
    const { qa, deck } = cards('qa-numbered-plain.md');
    expect(deck?.title).toBe('Deep learning basics');
    expect(qa.map(([q]) => q)).toEqual([
      'What does dropout do at inference time?',
      'Why use residual connections?',
      'What is label smoothing?',
      'Name two learning-rate schedules.',
    ]);
    expect(qa[1]?.[1]).toBe(
      'They give gradients a short path back to early layers:\n\n   1. identity path\n   2. easier optimisation of deep stacks',
    );
    expect(qa[2]?.[1]).toContain('# 4. this numbered-looking line is code, not a question');
    expect(qa[3]?.[1]).toBe('');
    roundTrip(deck as NonNullable<typeof deck>);
  });

  it('bold numbered questions, in both **1. q** and **1.** q forms', () => {
    const { qa, deck } = cards('qa-bold.md');
    expect(qa.map(([q]) => q)).toEqual([
      'Transformer 为什么用 LayerNorm 而不是 BatchNorm？',
      '多头注意力的头数怎么选？',
      'Pre-LN 和 Post-LN 有什么区别？',
      '什么是 ALiBi？',
    ]);
    // A numbered list inside an answer is part of it.
    expect(qa[1]?.[1]).toBe('通常让 `d_model / heads` 为 64 或 128。\n\n1. 头太少：表达能力受限\n2. 头太多：每个头维度过小');
    expect(deck?.language).toBe('zh');
    expect(deck?.cards[0]?.topics).toEqual(['transformer']);
    roundTrip(deck as NonNullable<typeof deck>);
  });

  it('headings as questions under section headings; Hugo TOML front matter', () => {
    const { qa, deck } = cards('qa-headings.md');
    expect(deck?.title).toBe('Retrieval-augmented generation FAQ');
    expect(deck?.topics).toEqual(['rag', 'retrieval']);
    expect(deck?.description).toBe('Questions from a RAG workshop.');
    expect(qa.map(([q]) => q)).toEqual([
      'What is a bi-encoder?',
      'Why add a re-ranker?',
      'How do you reduce hallucination?',
      'What is "lost in the middle"?',
    ]);
    expect(qa[1]?.[1]).toContain('#### Typical setup\n\n- retrieve 100');
    expect(qa[2]?.[1]).toBe(
      '> Ground the answer in retrieved passages and ask the model to cite them.\n\nAlso refuse when nothing relevant is retrieved.',
    );
    expect(deck?.cards.map((c) => c.topics)).toEqual([['retrieval'], ['retrieval'], ['generation'], ['generation']]);
    const back = roundTrip(deck as NonNullable<typeof deck>);
    // The #### heading inside the answer did not start a new card.
    expect(back).toHaveLength(4);
  });

  it('Q:/A: pairs, including 问：/答： and multi-line answers', () => {
    const { qa, deck } = cards('qa-pairs.md');
    expect(qa).toEqual([
      [
        'What is byte-pair encoding?',
        'Start from bytes (or characters) and repeatedly merge the most frequent adjacent pair into a new token.',
      ],
      [
        'Why does GPT-2 use byte-level BPE?',
        'Every string is representable, so there is no unknown token.\nIt also keeps the vocabulary at about 50k.',
      ],
      ['中文分词和子词切分有什么区别？', '分词按词语切分；子词切分按统计频率切分，不需要词典。'],
      ['What is the difference between WordPiece and BPE?', ''],
    ]);
    expect(deck?.topics).toEqual(['tokenization']);
    roundTrip(deck as NonNullable<typeof deck>);
  });

  it('reports a document with no questions as an error', () => {
    const r = convertQa('Just a paragraph.\n\nAnother one.\n', 'notes.md', {});
    expect(r.decks).toEqual([]);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'error', message: 'no questions found' })]);
  });

  it('keeps the ids of unchanged questions when a post is updated', () => {
    const v1 = convertQa('1. What is A?\n> a\n\n2. What is B?\n> b\n', 'post.md', {});
    const v2 = convertQa('1. What is A?\n> a, better\n\n2. What is B, really?\n> b\n\n3. What is C?\n> c\n', 'post.md', {});
    const [a1, b1] = v1.decks[0]?.cards ?? [];
    const [a2, b2] = v2.decks[0]?.cards ?? [];
    expect(a2?.id).toBe(a1?.id);
    expect(b2?.id).not.toBe(b1?.id);
  });
});

describe('convertQa: front matter is never executed', () => {
  it('skips ---js front matter with a warning, without running it', () => {
    const g = globalThis as { pwned?: boolean };
    const text = '---js\n{ title: (globalThis.pwned = true, "x") }\n---\n\n1. Q?\n> A.\n';
    const r = convertQa(text, 'evil.md', {});
    expect(g.pwned).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining("'js' was skipped") });
    expect(r.decks[0]?.cards).toHaveLength(1);
  });

  it('does not let YAML keys reach prototypes', () => {
    const r = convertQa('---\n__proto__: {polluted: yes}\ntitle: T\n---\n\n1. Q?\n> A.\n', 'p.md', {});
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(r.decks[0]?.title).toBe('T');
  });
});

describe('dropCitations', () => {
  it('drops a Source: list and stray (n) url lines, keeps ordinary text that mentions 源', () => {
    const { lines } = dropCitations([
      '资源有限时用 LoRA。',
      'Source: Conversation with Bing, 2024/1/1',
      '(1) Title. https://a.example/x.',
      '(2) Other. https://b.example/y.',
      '',
      'Tail.',
      '(3) late. https://c.example/.',
    ]);
    expect(lines).toEqual(['资源有限时用 LoRA。', 'Tail.']);
  });
});

// The post this project started from. It lives outside the repository; the test is skipped without it.
const SEED = join(ROOT, '..', 'shared', 'seed', '000_b1356e3e932db506.txt');

describe.skipIf(!existsSync(SEED))('the seed post', () => {
  it('imports as 45 cards, 37 with answers, none carrying the citation lists', () => {
    const text = readFileSync(SEED, 'utf8');
    const r = convertQa(text, '000_b1356e3e932db506.txt', {});
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // Every non-blank line is in a card, a draft, the front matter, or a region left out with a reason.
    expect(uncoveredLines(text, r.ledger ?? [])).toEqual([]);
    expect(r.ledger?.filter((e) => e.kind === 'left').map((e) => [e.from, e.reason])).toEqual([
      [10, 'quoteOutside'],
      [12, 'textOutside'],
      [14, 'textOutside'],
      [909, 'textBetween'],
    ]);
    const deck = r.decks[0];
    expect(deck?.cards).toHaveLength(45);
    expect(deck?.cards.filter((c) => c.answer.trim() !== '')).toHaveLength(37);
    for (const c of deck?.cards ?? []) {
      expect(c.answer).not.toMatch(/^\s*>?\s*源\s*[:：]/m);
      expect(c.answer).not.toMatch(/^\s*\(\d+\).*https?:\/\//m);
    }
    // The eight unanswered questions are the last ones, where the numbering restarts at 1.
    expect(deck?.cards.slice(37).map((c) => c.answer)).toEqual(new Array(8).fill(''));
    expect(deck?.cards[37]?.question).toBe('有哪些常用的分类损失函数？');
    // Question 4's answer has paragraphs without `>` (lazy continuation lines): they are kept.
    expect(deck?.cards[3]?.answer).toContain('GLM是一个通用的预训练语言模型');
    expect(deck?.cards[3]?.answer).toContain('BERT模型采用掩码语言模型和下一句预测等任务进行预训练');
    // The code in question 11's answer is a code block.
    expect(deck?.cards[10]?.answer).toContain('```python\nimport torch');
    const back = roundTrip(deck as NonNullable<typeof deck>);
    expect(back.filter((c) => c.draft)).toHaveLength(8);
  });
});

describe('convertQa: nesting is held to the deck limit (src/core/limits.ts)', () => {
  const post = (levels: number) =>
    [
      '1. What is nested here?',
      '',
      ...Array.from({ length: levels }, (_, i) => `${'   '.repeat(i + 1)}- level ${i + 1}`),
      '',
      '```',
      // Deep indentation inside a code block is code, not nesting.
      `${' '.repeat(200)}x = 1`,
      '```',
    ].join('\n');

  it(`imports an answer nested ${MAX_NESTING} levels as a deck the deck parser accepts`, () => {
    const r = convertQa(post(MAX_NESTING - 1), 'ok.md', {});
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.decks).toHaveLength(1);
    const [card] = r.decks.flatMap(roundTrip);
    expect(card?.answer).toContain(`level ${MAX_NESTING - 1}`);
  });

  it('refuses one level more with the line and the same limit the deck parser applies', () => {
    const r = convertQa(post(MAX_NESTING), 'deep.md', {});
    expect(r.decks).toEqual([]);
    // The question's item is level 1, so the list's level-16 item (line 3 + 15) is the 17th level.
    expect(r.problems).toMatchObject([
      { key: 'problem.qa.tooDeep', file: 'deep.md', line: 3 + MAX_NESTING - 1, params: { max: MAX_NESTING } },
    ]);
  });
});

describe('convertQa: bold questions numbered `Q1.` (a real English answer guide)', () => {
  it('drop the number from the question', () => {
    const r = convertQa(
      '**Q1. What is RAG?**\nRetrieval, then generation.\n\n**Q2) Why chunk?**\nTo fit the window.\n',
      'g.md',
      {},
    );
    expect(r.decks[0]?.cards.map((c) => [c.question, c.answer])).toEqual([
      ['What is RAG?', 'Retrieval, then generation.'],
      ['Why chunk?', 'To fit the window.'],
    ]);
  });

  it('and from question headings numbered `Q1` without punctuation (a real Chinese post)', () => {
    const r = convertQa(
      '### Q1 【基础】BPE 的算法流程是什么？\n\n- 合并最高频的相邻对。\n\n### Q2 【进阶】为什么用 BPE？\n\n- 没有 OOV。\n',
      'z.md',
      {},
    );
    expect(r.decks[0]?.cards.map((c) => c.question)).toEqual(['【基础】BPE 的算法流程是什么？', '【进阶】为什么用 BPE？']);
  });
});

describe('convertQa: `**Q2: question**`, the label inside the bold', () => {
  const pairs = (text: string) => {
    const r = convertQa(text, 'faq.md', {});
    expect(uncoveredLines(text, r.ledger ?? [])).toEqual([]);
    return r.decks[0]?.cards.map((c) => [c.question, c.answer]);
  };

  it('is a bold question (no trailing `**`) whose answer is the text after it', () => {
    expect(
      pairs(
        '**Q1: What is attention?**\n\nWeighing values by similarity.\n\n**Q2: Why scale by √d?**\n\nTo keep the variance near 1.\n',
      ),
    ).toEqual([
      ['What is attention?', 'Weighing values by similarity.'],
      ['Why scale by √d?', 'To keep the variance near 1.'],
    ]);
  });

  it('drops the `A:` label of the answer, on the next line, in a paragraph or a quote of its own', () => {
    expect(pairs('**Q1: What is the goal?**  \n**A1:** To learn.\n\n**Q2: What is explored?**\nA: CartPole.\n')).toEqual([
      ['What is the goal?', 'To learn.'],
      ['What is explored?', 'CartPole.'],
    ]);
    expect(
      pairs('**Q1: What is a module?**\n\n**A:** A file.\n\n**Q2: What is UnsafeRow?**\n\n> **A:** A binary row.\n'),
    ).toEqual([
      ['What is a module?', 'A file.'],
      ['What is UnsafeRow?', 'A binary row.'],
    ]);
  });

  it('leaves `**Q:** question` pairs as they were: the question runs to the `A:` line', () => {
    expect(pairs('**Q:** What is X,\nand why?\n**A:** It is x.\n')).toEqual([['What is X,\nand why?', 'It is x.']]);
  });
});
