import { describe, expect, it } from 'vitest';
import { ankiCardId, ankiDeckId, convertAnki } from '../../src/core/import/anki.js';
import { fixture, roundTrip } from './helpers.js';

describe('convertAnki: a "Notes in Plain Text" export with # headers and HTML', () => {
  const { decks, problems } = convertAnki(fixture('anki-notes.txt'), 'anki-notes.txt', {});
  const [attention, quant] = decks;

  it('makes one deck per Anki deck, named from Parent::Child', () => {
    expect(decks.map((d) => [d.id, d.title, d.cards.length])).toEqual([
      ['llm-attention', 'LLM / Attention', 3],
      ['llm-quantization', 'LLM / Quantization', 3],
    ]);
  });

  it('uses the guid as the card id, so an updated export keeps the same ids', () => {
    expect(attention?.cards[0]?.id).toBe(ankiCardId('f&G9x+2@Qa'));
    // The guid with quotes and a ';' was read through Anki's quoting.
    expect(quant?.cards[2]?.id).toBe(ankiCardId('aa"b;cc"dd'));
    const again = convertAnki(fixture('anki-notes.txt').replace('PTQ 和 QAT 的区别？', 'PTQ 与 QAT 有何不同？'), 'x.txt', {});
    expect(again.decks[1]?.cards.map((c) => c.id)).toEqual(quant?.cards.map((c) => c.id));
  });

  it('converts the HTML of fields to Markdown', () => {
    const [sdpa, heads, kv] = attention?.cards ?? [];
    expect(sdpa?.question).toBe('What is **scaled dot-product attention**?');
    expect(sdpa?.answer).toBe(
      "softmax(QK^T / √d_k)V\n\nThe scaling keeps the logits' variance at 1 so softmax does not *saturate*.\\\nCode: `F.scaled_dot_product_attention(q, k, v)`",
    );
    expect(heads?.question).toBe('Why multi-head attention & not one big head?');
    expect(heads?.answer).toBe(
      '- Each head attends to a different **subspace**\n- Same cost as one head of width d_model\n\nSee "Attention Is All You Need", §3.2.2.',
    );
    // A quoted field with a newline inside: HTML whitespace, so the newline is a space.
    expect(kv?.answer).toContain('O(t²). Memory: 2 × layers');
    expect(quant?.cards[1]?.answer).toBe(
      '**PTQ**：训练后量化，只需少量校准数据。\n\n**QAT**：训练中插入伪量化，用 STE 传梯度。\n\n```\nx_q = round(x / s) + z\n```',
    );
  });

  it('keeps cloze deletions: the note becomes one card per deletion, asked with the gap', () => {
    const c = quant?.cards[0];
    expect(c?.question).toBe(
      'INT8 weight-only quantization stores weights in {{c1::8 bits}} and computes in {{c2::fp16::a float type}}.',
    );
    expect(c?.answer).toBe('Dequantize on the fly inside the matmul kernel.');
    const back = roundTrip(quant as NonNullable<typeof quant>).filter((k) => k.cloze);
    expect(back.map((k) => [k.id.endsWith('.c1') || k.id.endsWith('.c2'), k.question, k.answer])).toEqual([
      [
        true,
        'INT8 weight-only quantization stores weights in […] and computes in fp16.',
        'INT8 weight-only quantization stores weights in **8 bits** and computes in fp16.\n\nDequantize on the fly inside the matmul kernel.',
      ],
      [
        true,
        'INT8 weight-only quantization stores weights in 8 bits and computes in [a float type].',
        'INT8 weight-only quantization stores weights in 8 bits and computes in **fp16**.\n\nDequantize on the fly inside the matmul kernel.',
      ],
    ]);
  });

  it('makes tags topics: hierarchical tags joined, Anki state tags and non-ASCII tags dropped (with a warning)', () => {
    expect(attention?.cards.map((c) => c.topics)).toEqual([['attention', 'transformer'], ['attention'], ['inference']]);
    expect(quant?.cards[2]?.topics).toEqual(['quantization-gptq']);
    expect(quant?.cards[0]?.topics).toEqual(['quantization']);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('量化') })]);
  });

  it('writes decks that read back with no problems, keeping ids and answers', () => {
    for (const d of decks) {
      // Cloze notes read back as one card per deletion (checked above); the others as they are.
      const cards = roundTrip(d).filter((c) => !c.cloze);
      const plain = d.cards.filter((c) => !c.question.includes('{{c'));
      expect(cards.map((c) => c.id)).toEqual(plain.map((c) => c.id));
      expect(cards.map((c) => c.answer)).toEqual(plain.map((c) => c.answer));
    }
  });
});

describe('convertAnki: other shapes of export', () => {
  it('reads a headerless tab-separated file as front/back, ids from the text', () => {
    const { decks, problems } = convertAnki(fixture('anki-plain.txt'), 'dir/anki-plain.txt', {});
    expect(problems).toEqual([]);
    expect(decks).toHaveLength(1);
    expect(decks[0]?.id).toBe('anki-plain');
    expect(decks[0]?.cards.map((c) => [c.question, c.answer])).toEqual([
      ['What does BPE stand for?', 'Byte-pair encoding'],
      ['Why use a tokenizer with byte fallback?', 'No unknown tokens: any byte sequence is representable.'],
      ['Tokens per English word (rule of thumb)?', 'About 1.3'],
    ]);
    expect(decks[0]?.cards[0]?.id).toMatch(/^c-[0-9a-f]{10}$/);
    expect(decks[0]?.cards[2]?.line).toBe(4);
  });

  it('takes a headerless last column of tag lists as tags, and keeps any other third column in the answer', () => {
    const tagged = convertAnki(
      'What is GQA?\tGrouped-query attention\tattention kv-cache\nWhat is MQA?\tOne KV head\t\n',
      't.tsv',
      {},
    );
    expect(tagged.decks[0]?.cards.map((c) => [c.question, c.answer, c.topics])).toEqual([
      ['What is GQA?', 'Grouped-query attention', ['attention', 'kv-cache']],
      ['What is MQA?', 'One KV head', []],
    ]);
    const notes = convertAnki(
      'What is GQA?\tGrouped-query attention\tShares K and V.\nWhat is MQA?\tOne KV head\tattention\n',
      'n.tsv',
      {},
    );
    expect(notes.decks[0]?.cards.map((c) => c.answer)).toEqual([
      'Grouped-query attention\n\nShares K and V.',
      'One KV head\n\nattention',
    ]);
  });

  it('reads #separator:Semicolon, #html:false, #deck and #tags headers', () => {
    const { decks } = convertAnki(fixture('anki-semicolon.txt'), 'anki-semicolon.txt', { topics: ['extra'] });
    const d = decks[0];
    expect(d?.id).toBe('math-basics');
    expect(d?.topics).toEqual(['extra']);
    expect(d?.cards.map((c) => [c.question, c.answer, c.topics])).toEqual([
      ['What is a dot product?', 'Sum of element-wise products: a·b = Σ aᵢbᵢ', ['math', 'linear-algebra']],
      ['Rank of an m×n matrix; upper bound?', 'min(m, n)', ['math', 'linear-algebra']],
    ]);
  });

  it.each([
    ['tab', '\t'],
    ['Comma', ','],
    ['pipe', '|'],
    ['space', ' '],
    ['colon', ':'],
    ['~', '~'],
  ])('#separator:%s', (name, sep) => {
    const { decks, problems } = convertAnki(`#separator:${name}\n#html:false\nfront${sep}back\n`, 'f.txt', {});
    expect(problems).toEqual([]);
    expect(decks[0]?.cards[0]).toMatchObject({ question: 'front', answer: 'back' });
  });

  it('refuses an unknown separator and a bad column number, at their lines', () => {
    const { problems } = convertAnki('#separator:tabs\n#tags column:x\nq\ta\n', 'f.txt', {});
    expect(problems.map((p) => [p.line, p.severity])).toEqual([
      [1, 'error'],
      [2, 'error'],
    ]);
  });

  it('neutralises deck names that look like paths', () => {
    expect(ankiDeckId('../../x')).toBe('x');
    expect(ankiDeckId('/etc/passwd')).toBe('etc-passwd');
    expect(ankiDeckId('机器学习::优化')).toMatch(/^anki-[0-9a-f]{8}$/);
    const { decks } = convertAnki('#separator:tab\n#deck column:1\n../../x\tq\ta\n', 'f.txt', {});
    expect(decks[0]?.id).toBe('x');
  });

  it('reports a guid used twice', () => {
    const { problems } = convertAnki('#separator:tab\n#guid column:1\ng1\tq1\ta1\ng1\tq2\ta2\n', 'f.txt', {});
    expect(problems).toEqual([expect.objectContaining({ line: 4, severity: 'error' })]);
  });

  it('refuses --deck-id when the export holds several decks', () => {
    const { problems } = convertAnki(fixture('anki-notes.txt'), 'anki-notes.txt', { deckId: 'one' });
    expect(problems.some((p) => p.severity === 'error' && p.message.includes('2 Anki decks'))).toBe(true);
  });
});
