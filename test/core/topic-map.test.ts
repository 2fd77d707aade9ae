// The topic map (decks/topics.yaml): a controlled vocabulary with a tree and aliases.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';
import {
  cardsPerTopic,
  checkTopics,
  expandTopicFilter,
  parseTopicMap,
  resolveTopic,
  topicTree,
} from '../../src/core/topic-map.js';
import { ROOT, runCli, tmp } from '../helpers.js';

/** Writes files (relative path → text) under `dir`. */
function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(dir, rel), text);
}

const MAP = `version: 1
topics:
  transformer:
    en: The Transformer
    zh: Transformer 架构
    aliases: [transformers]
  attention:
    parent: transformer
    en: Attention
    zh: 注意力
    aliases: [mha, gqa]
  flash-attention:
    parent: attention
    en: FlashAttention
    zh: FlashAttention
  quantization:
    en: Quantization
    zh: 量化
    aliases: [ptq]
`;
const parsed = (text = MAP) => {
  const { map, problems } = parseTopicMap(text, 'topics.yaml');
  if (!map) throw new Error('map does not parse');
  return { map, problems };
};

describe('parseTopicMap', () => {
  it('reads topics, parents and aliases in file order', () => {
    const { map, problems } = parsed();
    expect(problems).toEqual([]);
    expect([...map.topics.keys()]).toEqual(['transformer', 'attention', 'flash-attention', 'quantization']);
    expect(map.topics.get('attention')?.parent).toBe('transformer');
    expect(map.topics.get('attention')?.line).toBe(7);
    expect(resolveTopic(map, 'GQA')).toBe('attention');
    expect(resolveTopic(map, 'nope')).toBeUndefined();
  });

  it('reports an unknown parent, a taken alias, a missing description and a parent cycle', () => {
    const bad = `topics:
  a:
    en: A
    zh: 甲
    parent: b
    aliases: [x]
  b:
    en: B
    zh: 乙
    parent: a
    aliases: [x]
  c:
    en: C
    parent: nowhere
`;
    const { problems } = parseTopicMap(bad, 't.yaml');
    const keys = problems.map((p) => p.key).sort();
    expect(keys).toEqual([
      'problem.topics.badAlias',
      'problem.topics.badParent',
      'problem.topics.cycle',
      'problem.topics.noDescription',
    ]);
  });

  it('refuses prototype keys and YAML that is not a mapping', () => {
    expect(parseTopicMap('topics:\n  __proto__:\n    en: x\n    zh: y\n', 't').problems.map((p) => p.key)).toContain(
      'problem.topics.badTopic',
    );
    expect(parseTopicMap('just text', 't').problems.map((p) => p.key)).toEqual(['problem.topics.noTopics']);
    expect(({} as Record<string, unknown>).en).toBeUndefined();
  });
});

describe('expandTopicFilter', () => {
  it('resolves aliases and includes every sub-topic; unknown names pass through', () => {
    const { map } = parsed();
    expect(expandTopicFilter(map, ['transformers']).sort()).toEqual(['attention', 'flash-attention', 'transformer']);
    expect(expandTopicFilter(map, ['mha'])).toEqual(['attention', 'flash-attention']);
    expect(expandTopicFilter(map, ['leech'])).toEqual(['leech']);
    expect(expandTopicFilter(undefined, ['mha'])).toEqual(['mha']);
  });

  it('draws the map as a tree, parents before children', () => {
    expect(topicTree(parsed().map).map((r) => `${r.depth}:${r.topic.id}`)).toEqual([
      '0:transformer',
      '1:attention',
      '2:flash-attention',
      '0:quantization',
    ]);
  });
});

describe('checkTopics', () => {
  const deck = (id: string, deckTopics: string, cardTopics: string) =>
    parseDeck(
      `---\nid: ${id}\ntitle: T\nlanguage: en\ntopics: [${deckTopics}]\ndescription: d\n---\n\n## Q one?\n<!-- id: ${id}-1; topics: ${cardTopics} -->\n\n### Answer\n\nA.\n\n## Q two?\n<!-- id: ${id}-2 -->\n\n### Answer\n\nA.\n`,
      `${id}.md`,
    ).deck;

  it('accepts decks that use map topics and a deck id that is a topic', () => {
    const d = deck('attention', 'attention', 'flash-attention');
    expect(checkTopics(parsed().map, d ? [d] : [])).toEqual([]);
  });

  it('names an alias with the id to use, an unknown topic, and a deck id outside the map', () => {
    const d = deck('mydeck', 'attention', 'gqa, made-up');
    const ps = checkTopics(parsed().map, d ? [d] : []);
    expect(ps.map((p) => [p.key, p.params?.topic ?? p.params?.id, p.params?.use ?? ''])).toEqual([
      ['problem.topics.deckNotTopic', 'mydeck', ''],
      ['problem.topics.aliasUsed', 'gqa', 'attention'],
      ['problem.topics.unknown', 'made-up', ''],
    ]);
  });

  it('counts cards per topic, including topics no card uses', () => {
    const d = deck('attention', 'attention', 'flash-attention');
    const counts = cardsPerTopic(parsed().map, d ? [d] : []);
    expect(counts.get('attention')).toBe(2);
    expect(counts.get('flash-attention')).toBe(1);
    expect(counts.get('quantization')).toBe(0);
  });
});

describe('the bundled topic map', () => {
  it('parses without problems, with about 40 topics, each described in both languages', () => {
    const { map, problems } = parseTopicMap(readFileSync(join(ROOT, 'decks', 'topics.yaml'), 'utf8'), 'decks/topics.yaml');
    expect(problems).toEqual([]);
    expect(map?.topics.size).toBeGreaterThanOrEqual(35);
    expect(map?.topics.size).toBeLessThanOrEqual(55);
  });
});

describe('topics through the CLI', () => {
  function home(map?: string): { home: string; dir: string } {
    const h = tmp();
    const dir = join(h, 'bank');
    mkdirSync(dir);
    if (map) writeTree(dir, { 'topics.yaml': map });
    writeTree(dir, {
      'attention.md': `---\nid: fixture-attention\ntitle: Attention\nlanguage: en\ntopics: [attention]\ndescription: d\n---\n\n## What is GQA?\n<!-- id: t-gqa -->\n\n### Answer\n\nGrouped queries.\n\n## What is FlashAttention?\n<!-- id: t-fa; topics: flash-attention -->\n\n### Answer\n\nTiling.\n`,
    });
    return { home: h, dir };
  }
  // Only this test's cards: the bundled bank is loaded too, and its map (decks/topics.yaml) comes first.
  const ids = (stdout: string) =>
    (JSON.parse(stdout) as { id: string }[])
      .map((r) => r.id)
      .filter((id) => id.startsWith('t-'))
      .sort();

  it('`list --topic` takes an alias and a parent topic (the bundled map), and a deck id', () => {
    const { home: h, dir } = home();
    const run = (topic: string) => runCli(['list', '--topic', topic, '--json', '--decks', dir], { home: h });
    expect(ids(run('mha').stdout)).toEqual(['t-fa', 't-gqa']);
    expect(ids(run('flash-attention').stdout)).toEqual(['t-fa']);
    expect(ids(run('transformer').stdout)).toEqual(['t-fa', 't-gqa']);
    expect(run('no-such-topic').code).toBe(1);
    writeTree(dir, {
      'attention.md': readFileSync(join(dir, 'attention.md'), 'utf8').replace('id: fixture-attention', 'id: my-own-deck'),
    });
    expect(ids(run('my-own-deck').stdout)).toEqual(['t-fa', 't-gqa']);
  });

  it('`check` fails on a card topic outside the map, naming file and line', () => {
    const { home: h, dir } = home(MAP);
    writeTree(dir, {
      'extra.md': `---\nid: quantization\ntitle: Q\nlanguage: en\ntopics: [quantization]\ndescription: d\n---\n\n## What is PTQ?\n<!-- id: q-ptq; topics: ptq -->\n\n### Answer\n\nPost-training.\n`,
    });
    const r = runCli(['check', dir], { home: h });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/extra\.md:9: error: topic 'ptq' is an alias; cards use the topic id 'quantization'/);
  });

  it('`topics --json` shows the map as a tree with cards counted under each topic', () => {
    const { home: h, dir } = home();
    const topics = (args: string[]) => {
      const r = runCli(['topics', '--json', ...args], { home: h });
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.stdout) as { topic: string; depth?: number; parent?: string; cards: number }[];
      return (id: string) => rows.find((x) => x.topic === id);
    };
    const without = topics([]);
    const withDecks = topics(['--decks', dir]);
    expect(withDecks('transformer')).toMatchObject({ depth: 0 });
    expect(withDecks('flash-attention')).toMatchObject({ depth: 1, parent: 'transformer' });
    expect((withDecks('transformer')?.cards ?? 0) - (without('transformer')?.cards ?? 0)).toBe(2);
    expect((withDecks('flash-attention')?.cards ?? 0) - (without('flash-attention')?.cards ?? 0)).toBe(1);
  });
});
