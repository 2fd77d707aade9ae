/** `llm-quiz forecast`: reviews per day for the coming days, simulated over the user's cards. */
import chalk from 'chalk';
import { forecast } from '../core/forecast.js';
import { createScheduler } from '../core/scheduler.js';
import { filterCards } from '../core/select.js';
import { parseSetting } from '../core/settings.js';
import { dayLabel } from '../core/stats.js';
import { UsageError } from '../errors.js';
import { t } from '../ui/messages.js';
import { renderColumns, termWidth } from '../ui/term.js';
import { dayEnd, type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';
import { assertDecksKnown, assertTopicsKnown } from './shared/selection.js';

export interface ForecastOptions extends GlobalOptions {
  topic?: string[];
  deck?: string[];
  retention?: string;
  days?: string;
  json?: boolean;
}

/** `0.85,0.9,0.95` → the retentions (each valid for `desired_retention`); the user's own without the flag. */
export function parseRetentions(raw: string | undefined, current: number): number[] {
  if (raw === undefined) return [current];
  const out: number[] = [];
  for (const part of raw.split(',')) {
    const r = parseSetting('desired_retention', part.trim());
    if (typeof r !== 'number') throw new UsageError(t('forecast.badRetention', { value: raw }));
    if (!out.includes(r)) out.push(r);
  }
  return out.slice(0, 6);
}

function parseDays(raw: string | undefined): number {
  if (raw === undefined) return 30;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= 365)) throw new UsageError(t('forecast.badDays', { value: raw }));
  return n;
}

export async function runForecast(o: ForecastOptions): Promise<void> {
  const days = parseDays(o.days);
  const ctx = makeContext(o);
  const col = loadDecks(ctx);
  assertTopicsKnown(o.topic, col.cards);
  assertDecksKnown(o.deck, col.cards);
  const store = openStore(ctx);
  const settings = store.settings;
  const retentions = parseRetentions(o.retention, settings.desired_retention);
  const filters = { ...(o.topic ? { topics: o.topic } : {}), ...(o.deck ? { decks: o.deck } : {}) };
  const cards = filterCards(col.cards, store.progress, filters, ctx.now, dayEnd(ctx, settings), settings.leech_threshold);
  const states = cards.filter((c) => !store.progress.get(c.id)?.suspended).map((c) => store.progress.get(c.id)?.fsrs ?? null);
  const sched = createScheduler(settings, null);
  const today = sched.dayOf(ctx.now.getTime());
  const series = forecast({ states, settings, today, dayOf: sched.dayOf, retentions, days });
  const summary = series.map((s) => {
    const total = s.reviews.reduce((a, b) => a + b, 0);
    return { ...s, total: Math.round(total), mean: Math.round((total / days) * 10) / 10, max: Math.max(...s.reviews) };
  });
  const fresh = states.filter((s) => !s || s.state === 0).length;
  if (o.json) {
    const out = {
      user: ctx.user,
      now: ctx.now.toISOString(),
      days,
      cards: states.length,
      newCards: fresh,
      start: dayLabel(today),
      series: summary,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const rows = Array.from({ length: days }, (_, i) => [dayLabel(today + i), ...summary.map((s) => fmt(s.reviews[i] ?? 0))]);
  rows.push(
    [t('forecast.total'), ...summary.map((s) => String(s.total))],
    [t('forecast.mean'), ...summary.map((s) => fmt(s.mean))],
    [t('forecast.max'), ...summary.map((s) => fmt(s.max))],
  );
  const columns = [
    { header: t('forecast.day'), min: 10 },
    ...summary.map((s) => ({ header: t('forecast.retention', { r: s.retention.toFixed(2) }), min: 8 })),
  ];
  const title = t('forecast.title', { days, cards: states.length, fresh, perDay: settings.new_per_day });
  const lines = renderColumns(columns, rows, Math.min(termWidth(), 100), (x) => chalk.bold(x));
  process.stdout.write(`${chalk.bold(title)}\n${lines.join('\n')}\n`);
}
