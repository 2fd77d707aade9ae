import chalk from 'chalk';
import { isDue } from '../core/select.js';
import { type TopicMap, topicTree, withDescendants } from '../core/topic-map.js';
import { loadTopicMap } from '../store/topic-map-file.js';
import { getLang, t } from '../ui/messages.js';
import { page } from '../ui/pager.js';
import { renderColumns, termWidth } from '../ui/term.js';
import { dayEnd, type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';

export interface TopicsOptions extends GlobalOptions {
  json?: boolean;
}

interface Row {
  topic: string;
  cards: number;
  due: number;
  depth?: number;
  parent?: string;
  description?: string;
  aliases?: string[];
}

/** Counts cards and due cards per topic (pure). */
export function topicCounts(cards: { id: string; topics: string[] }[], due: (id: string) => boolean): Row[] {
  const m = new Map<string, Row>();
  for (const c of cards) {
    const d = due(c.id);
    for (const topic of c.topics) {
      const e = m.get(topic) ?? { topic, cards: 0, due: 0 };
      e.cards++;
      if (d) e.due++;
      m.set(topic, e);
    }
  }
  return [...m.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}

/**
 * The topic map as a tree: each topic with the cards under it (its own and its sub-topics', each
 * card once), then the topics that only cards outside the map use, alphabetically (pure).
 */
export function topicTreeRows(
  map: TopicMap,
  cards: { id: string; topics: string[] }[],
  due: (id: string) => boolean,
  lang: string,
): Row[] {
  const rows: Row[] = [];
  for (const { topic, depth } of topicTree(map)) {
    const under = new Set(withDescendants(map, topic.id));
    const mine = cards.filter((c) => c.topics.some((x) => under.has(x)));
    rows.push({
      topic: topic.id,
      cards: mine.length,
      due: mine.filter((c) => due(c.id)).length,
      depth,
      ...(topic.parent ? { parent: topic.parent } : {}),
      description: lang === 'zh' ? topic.zh : topic.en,
      aliases: topic.aliases,
    });
  }
  const outside = topicCounts(cards, due).filter((r) => !map.topics.has(r.topic));
  return [...rows, ...outside];
}

export async function runTopics(o: TopicsOptions): Promise<void> {
  const ctx = makeContext(o);
  const col = loadDecks(ctx);
  const store = openStore(ctx);
  const end = dayEnd(ctx, store.settings);
  const due = (id: string) => isDue(store.progress.get(id), ctx.now, end);
  const { map } = loadTopicMap(ctx.sources);
  const rows = map ? topicTreeRows(map, col.cards, due, getLang()) : topicCounts(col.cards, due);
  if (o.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const width = termWidth();
  const withText = map !== undefined && width >= 60;
  const lines = renderColumns(
    [
      { header: t('topics.header.topic'), min: 8, max: 40 },
      { header: t('topics.header.cards'), min: 5, align: 'right' },
      { header: t('topics.header.due'), min: 5, align: 'right' },
      ...(withText ? [{ header: t('topics.header.about'), min: 10 }] : []),
    ],
    rows.map((r) => [
      `${'  '.repeat(r.depth ?? 0)}${r.topic}`,
      String(r.cards),
      String(r.due),
      ...(withText ? [r.description ?? ''] : []),
    ]),
    width,
    (s) => chalk.bold(s),
  );
  page(`${lines.join('\n')}\n`, o);
}
