import { join } from 'node:path';
import chalk from 'chalk';
import type { Card } from '../core/deck.js';
import { byRecall, memoryView } from '../core/memory.js';
import { type ProgressMap, STATE_NAMES, stateName } from '../core/progress.js';
import { createScheduler, type Scheduler } from '../core/scheduler.js';
import { effectiveTopics, type Filters, FLAG_STATES, filterCards, type ListState } from '../core/select.js';
import { UsageError } from '../errors.js';
import { t } from '../ui/messages.js';
import { page } from '../ui/pager.js';
import { renderColumns, termWidth, truncate } from '../ui/term.js';

/** From this width on, the question fits on the same line as the card's facts. */
const WIDE = 110;

import { sweepTempFiles } from '../store/atomic.js';
import { writeListCache } from '../store/list-cache.js';
import { userDir } from '../store/paths.js';
import { dayEnd, type GlobalOptions, loadDecks, makeContext, openStore, PROGRAM_VERSION } from './shared/context.js';
import { cachedList, listCacheFor, listOutput, listValidity } from './shared/list-output.js';
import { assertDecksKnown, resolveTopics } from './shared/selection.js';

export interface ListOptions extends GlobalOptions {
  topic?: string[];
  deck?: string[];
  state?: string[];
  due?: boolean;
  search?: string;
  json?: boolean;
  sort?: string;
}

export function parseStates(states: string[] | undefined): ListState[] | undefined {
  if (!states?.length) return undefined;
  const known: readonly string[] = [...STATE_NAMES, ...FLAG_STATES];
  for (const s of states) if (!known.includes(s)) throw new UsageError(t('state.unknown', { state: s }));
  return states as ListState[];
}

/** A card as `list --json` prints it. */
export function cardRow(c: Card, progress: ProgressMap, leechThreshold: number, now: Date, scheduler: Scheduler) {
  const p = progress.get(c.id);
  return {
    id: c.id,
    deck: c.deckId,
    question: c.question,
    topics: effectiveTopics(c, p, leechThreshold),
    state: stateName(p),
    due: p?.fsrs && p.fsrs.state !== 0 ? p.fsrs.due : null,
    level: c.level ?? null,
    seeds: c.seeds,
    suspended: p?.suspended ?? false,
    buried: p?.buriedUntil !== undefined && Date.parse(p.buriedUntil) > now.getTime(),
    hasAnswer: !c.draft,
    file: c.file,
    line: c.line,
    memory: memoryView(p, scheduler, now),
  };
}

function shortDue(iso: string | null, now: Date): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (d.getTime() <= now.getTime()) return t('due.now');
  const sameDay = d.toDateString() === now.toDateString();
  const pad = (n: number) => String(n).padStart(2, '0');
  return sameDay
    ? `${pad(d.getHours())}:${pad(d.getMinutes())}`
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Every card, unsorted, as JSON for a program: the output `list` keeps (shared/list-output.ts). */
function isPlainJson(o: ListOptions): boolean {
  const none = [o.topic, o.deck, o.state, o.search, o.sort].every((x) => x === undefined);
  return none && o.json === true && !o.due && !process.stdout.isTTY;
}

export async function runList(o: ListOptions): Promise<void> {
  const ctx = makeContext(o);
  // The key is taken before anything is read: a file that changes meanwhile misses next time.
  const cache = isPlainJson(o) ? listCacheFor(ctx) : undefined;
  const hit = cache && cachedList(ctx, cache);
  if (hit) {
    // What opening the store would have done besides reading (temp files of killed writes).
    sweepTempFiles(userDir(ctx.data, ctx.user));
    sweepTempFiles(join(ctx.data, 'cache'));
    process.stdout.write(hit);
    return;
  }
  const col = loadDecks(ctx, false, cache?.decks);
  o.topic = resolveTopics(ctx, o.topic, col.cards);
  assertDecksKnown(o.deck, col.cards);
  const states = parseStates(o.state);
  if (o.sort !== undefined && o.sort !== 'recall') throw new UsageError(t('list.badSort', { value: o.sort }));
  const store = openStore(ctx);
  const settings = store.settings;
  const filters: Filters = {
    ...(o.topic ? { topics: o.topic } : {}),
    ...(o.deck ? { decks: o.deck } : {}),
    ...(states ? { states } : {}),
    ...(o.due ? { due: true } : {}),
    ...(o.search ? { search: o.search } : {}),
  };
  const cards = filterCards(col.cards, store.progress, filters, ctx.now, dayEnd(ctx, settings), settings.leech_threshold);
  const scheduler = createScheduler(settings, null);
  const row = (c: Card) => cardRow(c, store.progress, settings.leech_threshold, ctx.now, scheduler);
  if (cache) {
    // A plain `list --json` for a program (isPlainJson): rows of unchanged cards come from the cache.
    const output = listOutput(cache, cards, store.progress, settings, ctx.now, row);
    process.stdout.write(output.out);
    // Kept only when the states are the snapshot's alone (events read after it are bounded by the
    // clock) and nothing was said on stderr (a hit says nothing).
    const quiet =
      col.problems.every((p) => p.severity !== 'error') && !store.problems.some((p) => p.key === 'problem.store.settingsIgnored');
    if (quiet && store.loadedFrom === 'snapshot' && store.readAfterSnapshot === 0) {
      const valid = listValidity(cards, store.progress, settings, ctx.now);
      writeListCache(cache.file, PROGRAM_VERSION, { key: cache.key, base: cache.base }, valid, output);
    }
    return;
  }
  const unsorted = cards.map(row);
  // --sort recall: the cards most likely forgotten first (new cards, with no memory yet, last).
  const rows = o.sort ? byRecall(unsorted, (r) => r.memory?.retrievability ?? null) : unsorted;
  if (o.json) {
    // Indented for a person at a terminal, one line for a program (as gh does): at 10,000 cards
    // the indentation was a third of the bytes and most of the time spent writing them.
    process.stdout.write(process.stdout.isTTY ? `${JSON.stringify(rows, null, 2)}\n` : `${JSON.stringify(rows)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`${t('list.empty')}\n`);
    return;
  }
  const total = termWidth();
  const question = (r: (typeof rows)[number]) => (r.hasAnswer ? r.question : `${t('list.noanswer')} ${r.question}`);
  // Suspended and buried cards say so in place of their state (the JSON keeps both).
  const stateText = (r: (typeof rows)[number]) =>
    t(r.suspended ? 'state.suspended' : r.buried ? 'state.buried' : `state.${r.state}`);
  const meta = (r: (typeof rows)[number]) => [r.id, r.deck, stateText(r), shortDue(r.due, ctx.now), r.topics.join(',')];
  let lines: string[];
  if (total >= WIDE) {
    lines = renderColumns(
      [
        { header: t('list.header.id'), min: 8, max: 28 },
        { header: t('list.header.deck'), min: 6, max: 18 },
        { header: t('list.header.state'), min: 5, max: 10 },
        { header: t('list.header.due'), min: 5, max: 10 },
        { header: t('list.header.topics'), min: 6, max: 24 },
        { header: t('list.header.question'), min: 30 },
      ],
      rows.map((r) => [...meta(r), question(r)]),
      total,
      (s) => chalk.bold(s),
    );
  } else {
    // Narrow terminals: the card's facts on one line, its question indented on the next, so
    // neither the id (needed to refer to the card) nor the question is cut to a stub.
    const table = renderColumns(
      [
        { header: t('list.header.id'), min: 8, max: 30 },
        { header: t('list.header.deck'), min: 6, max: 20 },
        { header: t('list.header.state'), min: 5, max: 10 },
        { header: t('list.header.due'), min: 5, max: 10 },
        { header: t('list.header.topics'), min: 6 },
      ],
      rows.map(meta),
      total,
      (s) => chalk.bold(s),
    );
    lines = [table[0] as string];
    rows.forEach((r, i) => {
      lines.push(table[i + 1] as string, `  ${chalk.dim('└')} ${truncate(question(r), total - 4)}`);
    });
  }
  page(`${lines.join('\n')}\n${chalk.dim(t('list.count', { n: rows.length }))}\n`, o);
}
