import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asciiSlug, headingTopic } from '../../src/core/import/model.js';
import { convertQa } from '../../src/core/import/qa.js';
import { parseTopicMap } from '../../src/core/topic-map.js';
import { ROOT } from '../helpers.js';

const vocabulary = parseTopicMap(readFileSync(join(ROOT, 'decks', 'topics.yaml'), 'utf8'), 'topics.yaml').map;

describe('topics from headings', () => {
  it('are mapped onto the topic vocabulary: ids, aliases, or a word that is one', () => {
    expect(vocabulary).toBeDefined();
    expect(headingTopic('3. Quantization 量化', vocabulary)).toBe('quantization');
    expect(headingTopic('PTQ', vocabulary)).toBe('quantization');
    expect(headingTopic('b) Attention and its cost', vocabulary)).toBe('attention');
    expect(headingTopic('Retrieval tricks', vocabulary)).toBe('rag');
    expect(headingTopic('Cooking tips', vocabulary)).toBe('cooking-tips');
  });

  it('are never a lone letter or number left over from numbering', () => {
    expect(headingTopic('b)', vocabulary)).toBe('');
    expect(headingTopic('1.', vocabulary)).toBe('');
    expect(headingTopic('第3章', vocabulary)).toBe('');
  });

  it('lose multi-level numbers and `Part n:` labels (a real English question list)', () => {
    expect(headingTopic('1.1 Prompting Techniques')).toBe('prompting-techniques');
    expect(headingTopic('2.3.1. Cooking tips')).toBe('cooking-tips');
    expect(headingTopic('Part 1: Core LLM Concepts')).toBe('core-llm-concepts');
    expect(headingTopic('Chapter IV. Cooking tips')).toBe('cooking-tips');
    expect(headingTopic('Part 4: RAG (Retrieval-Augmented Generation)', vocabulary)).toBe('rag');
    // Accented letters lose the accent, not the rest of the word (a real Croatian Anki deck).
    expect(headingTopic('Spices - začinima')).toBe('spices-zacinima');
    expect(asciiSlug('Croatian Johns::Vocabulary::Food::Spices - začinima')).toBe(
      'croatian-johns-vocabulary-food-spices-zacinima',
    );
    // Not a label: a heading that merely starts with the word.
    expect(headingTopic('Partitioning strategies')).toBe('partitioning-strategies');
  });

  it('give the cards of a post their topics, never the question text', () => {
    const post =
      '## 2. RLHF 对齐\n\n1. 什么是 PPO？\n> 一种策略梯度方法。\n\n## b)\n\n1. What is KV cache?\n> Cached keys and values.\n';
    const r = convertQa(post, 'post.md', vocabulary ? { vocabulary } : {});
    expect(r.decks[0]?.cards.map((c) => [c.question, c.topics])).toEqual([
      ['什么是 PPO？', ['rlhf']],
      ['What is KV cache?', ['post-section-2']],
    ]);
  });
});
