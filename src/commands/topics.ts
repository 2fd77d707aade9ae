import chalk from 'chalk';
import { isDue } from '../core/select.js';
import { t } from '../ui/messages.js';
import { renderColumns, termWidth } from '../ui/term.js';
import { dayEnd, type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';

export interface TopicsOptions extends GlobalOptions {
  json?: boolean;
}

/** Counts cards and due cards per topic (pure). */
export function topicCounts(
  cards: { id: string; topics: string[] }[],
  due: (id: string) => boolean,
): { topic: string; cards: number; due: number }[] {
  const m = new Map<string, { topic: string; cards: number; due: number }>();
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

export async function runTopics(o: TopicsOptions): Promise<void> {
  const ctx = makeContext(o);
  const col = loadDecks(ctx);
  const store = openStore(ctx);
  const end = dayEnd(ctx, store.settings);
  const rows = topicCounts(col.cards, (id) => isDue(store.progress.get(id), ctx.now, end));
  if (o.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const lines = renderColumns(
    [
      { header: t('topics.header.topic'), min: 8, max: 40 },
      { header: t('topics.header.cards'), min: 5, align: 'right' },
      { header: t('topics.header.due'), min: 5, align: 'right' },
    ],
    rows.map((r) => [r.topic, String(r.cards), String(r.due)]),
    termWidth(),
    (s) => chalk.bold(s),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
