import type { SuspendEvent } from '../core/progress.js';
import { suggest } from '../core/select.js';
import { UserError } from '../errors.js';
import { t } from '../ui/messages.js';
import { type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';

/**
 * `suspend ID...` / `unsuspend ID...`: the same events `!` writes in study, so a card suspended
 * by mistake (or a leech suspended automatically) can come back. Appended durably, like a grade.
 */
export async function runSuspend(ids: string[], action: 'suspend' | 'unsuspend', o: GlobalOptions): Promise<number> {
  const ctx = makeContext(o);
  const col = loadDecks(ctx, true);
  const store = openStore(ctx, { create: true });
  try {
    for (const id of ids) {
      if (!col.byId.has(id) && !store.progress.has(id)) {
        const close = suggest(id, [...col.byId.keys()]);
        throw new UserError(
          t('card.unknown', { id, suggest: close.length ? t('topic.suggest', { list: close.join(', ') }) : '' }),
        );
      }
    }
    const events: SuspendEvent[] = [];
    // The same id given many times is one request (1,000 of them wrote 1,000 events).
    for (const id of new Set(ids)) {
      const already = store.progress.get(id)?.suspended ?? false;
      if (already === (action === 'suspend')) {
        process.stdout.write(`${t(action === 'suspend' ? 'card.already.suspended' : 'card.already.active', { id })}\n`);
        continue;
      }
      events.push({ id: store.newEventId(ctx.now), t: ctx.now.toISOString(), type: action, card: id });
    }
    store.append(...events);
    for (const e of events)
      process.stdout.write(`${t(action === 'suspend' ? 'card.suspended' : 'card.unsuspended', { id: e.card })}\n`);
    store.saveSnapshot();
  } finally {
    store.close();
  }
  return 0;
}
