/** `llm-quiz reschedule [--dry-run]`: due dates recomputed for the current retention and parameters. */
import { timeAfter } from '../core/progress.js';
import { planReschedule, rescheduleEvents, summarizeMoves, undoLastReschedule } from '../core/reschedule.js';
import { createScheduler } from '../core/scheduler.js';
import { filterCards } from '../core/select.js';
import { t } from '../ui/messages.js';
import { dayEnd, type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';
import { assertDecksKnown, assertTopicsKnown } from './shared/selection.js';

export interface RescheduleOptions extends GlobalOptions {
  topic?: string[];
  deck?: string[];
  dryRun?: boolean;
  undo?: boolean;
  json?: boolean;
}

export async function runReschedule(o: RescheduleOptions): Promise<number> {
  if (o.undo) return undoReschedule(o);
  const ctx = makeContext(o);
  const col = loadDecks(ctx);
  assertTopicsKnown(o.topic, col.cards);
  assertDecksKnown(o.deck, col.cards);
  const store = openStore(ctx, { create: !o.dryRun });
  const settings = store.settings;
  const filters = { ...(o.topic ? { topics: o.topic } : {}), ...(o.deck ? { decks: o.deck } : {}) };
  const cards = filterCards(col.cards, store.progress, filters, ctx.now, dayEnd(ctx, settings), settings.leech_threshold);
  const scheduler = createScheduler(settings, null);
  const moves = planReschedule(
    cards.map((c) => [c.id, store.progress.get(c.id)]),
    scheduler,
    ctx.now,
  );
  const summary = summarizeMoves(moves);
  if (!o.dryRun && moves.length > 0) {
    store.backupDaily(ctx.now);
    // After each moved card's last event, even with a clock that has not moved since.
    let at = ctx.now;
    for (const m of moves) {
      const x = timeAfter(store.progress.get(m.card), ctx.now);
      if (x > at) at = x;
    }
    store.append(...rescheduleEvents(moves, at, () => store.newEventId(at)));
    store.saveSnapshot();
  }
  store.close();
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ dryRun: !!o.dryRun, retention: settings.desired_retention, ...summary }, null, 2)}\n`,
    );
    return 0;
  }
  const lines = [
    t(o.dryRun ? 'reschedule.plan' : 'reschedule.done', { n: summary.cards, earlier: summary.earlier, later: summary.later }),
  ];
  for (const b of summary.buckets)
    lines.push(`  ${t('reschedule.bucket', { days: b.days, earlier: b.earlier, later: b.later })}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `reschedule --undo`: the last reschedule taken back through the log (cards answered since keep their state). */
function undoReschedule(o: RescheduleOptions): number {
  const ctx = makeContext(o);
  const store = openStore(ctx, { create: true });
  const { events, kept } = undoLastReschedule(store.readAllEvents(), store.progress, ctx.now, () => store.newEventId(ctx.now));
  if (events.length > 0) {
    store.append(...events);
    store.saveSnapshot();
  }
  store.close();
  if (o.json) process.stdout.write(`${JSON.stringify({ undone: events.length, kept })}\n`);
  else process.stdout.write(`${t('reschedule.undone', { n: events.length, kept })}\n`);
  return 0;
}
