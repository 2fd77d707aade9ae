// The 2026 bank's promises (issue 13): two editions of at least 300 cards each, every interview
// subject at its minimum (counted through the topic map), answers a candidate can say in a minute
// and read without scrolling at 80x24, a topic map whose every topic, alias and deck id finds cards.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUBJECTS, units } from '../../scripts/coverage.mjs';
import { type Card, parseDeck } from '../../src/core/deck.js';
import { hasTopic } from '../../src/core/select.js';
import { cardsPerTopic, expandTopicFilter, parseTopicMap, type TopicMap } from '../../src/core/topic-map.js';
import { layoutCard } from '../../src/ui/card-screen.js';
import { renderMarkdown } from '../../src/ui/markdown.js';
import { setLang } from '../../src/ui/messages.js';
import { ROOT, runCli, tmp } from '../helpers.js';

const DECKS = join(ROOT, 'decks');
const EDITIONS = ['zh', 'en'] as const;
const decksOf = (lang: string) =>
  readdirSync(join(DECKS, lang))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .flatMap((f) => parseDeck(readFileSync(join(DECKS, lang, f), 'utf8'), `${lang}/${f}`).deck ?? []);
const decks = Object.fromEntries(EDITIONS.map((l) => [l, decksOf(l)]));
const cardsOf = (lang: string): Card[] => (decks[lang] ?? []).flatMap((d) => d.cards);
const map = parseTopicMap(readFileSync(join(DECKS, 'topics.yaml'), 'utf8'), 'decks/topics.yaml').map as TopicMap;

describe('two editions, one identity', () => {
  it.each(EDITIONS)('the %s edition has at least 300 cards', (lang) => {
    expect(cardsOf(lang).length).toBeGreaterThanOrEqual(300);
  });
});

describe('breadth: every interview subject at its minimum, counted from the topic map', () => {
  for (const lang of EDITIONS) {
    it.each(SUBJECTS.map(([name, topics, min]) => [name, topics, min] as const))(`${lang}: %s`, (_name, topics, min) => {
      for (const t of topics) expect(map.topics.has(t), t).toBe(true);
      const n = cardsOf(lang).filter((c) => topics.some((t) => c.topics.includes(t))).length;
      expect(n).toBeGreaterThanOrEqual(min);
    });
  }
});

describe('answers you can say in a minute', () => {
  it.each(EDITIONS)('%s: at least 90 %% of answers are at most 150 units (words + CJK chars / 1.6)', (lang) => {
    const cards = cardsOf(lang);
    const over = cards.filter((c) => units(c.answer) > 150).map((c) => c.id);
    expect(over.length / cards.length, over.join(', ')).toBeLessThanOrEqual(0.1);
  });

  it.each(EDITIONS)('%s: no revealed card needs scrolling at 80x24 (details stay behind `d`)', (lang) => {
    setLang(lang);
    const tooTall: string[] = [];
    for (const c of cardsOf(lang)) {
      const screen = {
        header: `${c.deckTitle} · ${c.topics.slice(0, 3).join(', ')}`,
        position: '12/35',
        counts: { new: 5, learning: 2, review: 28 },
        question: renderMarkdown(c.questionBody ? `${c.question}\n\n${c.questionBody}` : c.question, 80),
        answer: () => renderMarkdown(c.answer, 80),
        keyPoints: () => c.keyPoints.map((k) => renderMarkdown(k, 76)),
        ...(c.details ? { details: () => renderMarkdown(c.details ?? '', 80) } : {}),
        intervals: { 1: '1m', 2: '6m', 3: '10m', 4: '5d' } as const,
        draft: false,
        typedMode: false,
        canUndo: true,
        width: 80,
        rows: 24,
      };
      const { body, footer } = layoutCard(screen, { revealed: true, help: false, typed: '' });
      // The screen keeps one line for the cursor (card-screen.ts): the body must fit the rest.
      if (body.length > 24 - footer.length - 1) tooTall.push(`${c.id} (${body.length + footer.length + 1} lines)`);
    }
    setLang('en');
    expect(tooTall).toEqual([]);
  });
});

describe('a real topic map', () => {
  it('every topic of the map has at least 3 cards (its own or its sub-topics’, as `list --topic` finds them)', () => {
    const cards = cardsOf('zh');
    const under = (id: string) => cards.filter((c) => hasTopic(c, expandTopicFilter(map, [id]), undefined, 8)).length;
    const few = [...map.topics.keys()].map((id) => [id, under(id)] as const).filter(([, n]) => n < 3);
    expect(few).toEqual([]);
    // Most topics are carried by cards directly, not only through a sub-topic.
    const direct = [...cardsPerTopic(map, decks.zh ?? [])].filter(([, n]) => n >= 3).length;
    expect(direct / map.topics.size).toBeGreaterThan(0.9);
  });

  it('every deck id is a topic of the map', () => {
    expect((decks.zh ?? []).map((d) => d.meta.id).filter((id) => !map.topics.has(id))).toEqual([]);
  });

  it('`--topic` finds cards for every deck id, topic and alias', () => {
    const cards = cardsOf('zh');
    const names = [...map.topics.keys(), ...map.aliases.keys(), ...(decks.zh ?? []).map((d) => d.meta.id)];
    const empty = names.filter((name) => !cards.some((c) => hasTopic(c, expandTopicFilter(map, [name]), undefined, 8)));
    expect(empty).toEqual([]);
  });

  it('through the CLI: a deck id, an alias and a parent topic each list cards', () => {
    const home = tmp();
    const ids = (topic: string) => {
      const r = runCli(['list', '--topic', topic, '--json'], { home });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id);
    };
    expect(ids('inference-optimization').length).toBeGreaterThan(5);
    expect(ids('gqa')).toEqual(ids('attention'));
    const alignment = ids('alignment');
    for (const child of ['peft', 'rlvr']) for (const id of ids(child)) expect(alignment).toContain(id);
  });
});

describe('the dated or imprecise claims of the 2023 bank are fixed (issue 13), in both editions', () => {
  const FIXES: Array<[id: string, mention: RegExp]> = [
    ['quant-ptq-vs-qat', /Gemma 3[\s\S]*Kimi K2|Kimi K2[\s\S]*Gemma 3/],
    ['align-lora-principle', /rsLoRA/],
    ['tf-attention-scaling', /μP/],
    ['ptm-chatglm-gpt-tokenizer', /o200k/],
    ['ptm-chatglm-vs-chatgpt', /2023/],
    ['ptm-non-autoregressive', /LLaDA/],
    ['dist-tensor-parallel-megatron', /NVL72/],
    ['dist-3d-parallelism', /NVL72/],
    ['prompt-few-shot-cot', /reason|推理/],
    ['infer-kv-cache', /MLA/],
    ['rec-generative-recommendation', /OneRec/],
  ];
  for (const lang of EDITIONS) {
    it.each(FIXES)(`${lang}: %s says it in the answer`, (id, mention) => {
      const card = cardsOf(lang).find((c) => c.id === id);
      expect(card, id).toBeDefined();
      expect(card?.answer).toMatch(mention);
    });
  }
});
