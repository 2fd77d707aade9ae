/** `llm-quiz set-due ID DAYS` and `llm-quiz forget ID`: one card's schedule changed by hand, as logged events. */

import { timeAfter } from '../core/progress.js';
import { forgetEvent, setDueEvent } from '../core/reschedule.js';
import { createScheduler } from '../core/scheduler.js';
import { UsageError, UserError } from '../errors.js';
import { t } from '../ui/messages.js';
import { type GlobalOptions, makeContext, openStore } from './shared/context.js';

export async function runSetDue(card: string, daysText: string, o: GlobalOptions): Promise<number> {
  if (!/^\d{1,5}$/.test(daysText)) throw new UsageError(t('setdue.badDays', { value: daysText }));
  const days = Number(daysText);
  const ctx = makeContext(o);
  const store = openStore(ctx, { create: true });
  const p = store.progress.get(card);
  const state = p?.fsrs;
  if (!state || state.state === 0) throw new UserError(t('setdue.notStudied', { card }));
  const scheduler = createScheduler(store.settings, null);
  const at = timeAfter(p, ctx.now);
  const e = setDueEvent(card, state, days, scheduler, at, store.newEventId(at));
  store.append(e);
  store.saveSnapshot();
  store.close();
  process.stdout.write(`${t('setdue.done', { card, due: e.after?.due.slice(0, 10) ?? '', days })}\n`);
  return 0;
}

export async function runForget(card: string, o: GlobalOptions): Promise<number> {
  const ctx = makeContext(o);
  const store = openStore(ctx, { create: true });
  const p = store.progress.get(card);
  if (!p?.fsrs || p.fsrs.state === 0) throw new UserError(t('forget.notStudied', { card }));
  const at = timeAfter(p, ctx.now);
  store.append(forgetEvent(card, p.fsrs, at, store.newEventId(at)));
  store.saveSnapshot();
  store.close();
  process.stdout.write(`${t('forget.done', { card })}\n`);
  return 0;
}
