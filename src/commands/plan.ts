/** `llm-quiz plan --until DATE`: new cards a day to be ready by a date, the workload it implies; `--clear` ends it. */
import chalk from 'chalk';
import type { Plan, StoredPlan } from '../core/plan.js';
import { dayLabel } from '../core/stats.js';
import { UsageError, UserError } from '../errors.js';
import { t } from '../ui/messages.js';
import { renderColumns, termWidth } from '../ui/term.js';
import { wrapText } from '../ui/wrap.js';
import { type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';
import { computePlan, planTarget, untilDay } from './shared/plan-follow.js';

export interface PlanOptions extends GlobalOptions {
  until?: string;
  topic?: string[];
  deck?: string[];
  minutesPerDay?: string;
  target?: string;
  clear?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** Days shown in the table; the rest are in --json. */
const TABLE_DAYS = 14;

function minutesBudget(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= 1440)) throw new UsageError(t('plan.badMinutes', { value: raw }));
  return n;
}

export async function runPlan(o: PlanOptions): Promise<number> {
  if (o.clear && (o.until || o.topic || o.deck || o.minutesPerDay || o.target)) throw new UsageError(t('plan.clearAlone'));
  const budget = minutesBudget(o.minutesPerDay);
  const target = planTarget(o.target);
  if (o.until !== undefined) untilDay(o.until);
  const ctx = makeContext(o);
  if (o.clear) return clearPlan(o, ctx);
  const col = loadDecks(ctx);
  const store = openStore(ctx, o.until && !o.dryRun ? { create: true } : {});
  try {
    const active = store.settings.plan;
    let spec: StoredPlan;
    if (o.until !== undefined)
      spec = { until: o.until, target, topics: o.topic ?? [], decks: o.deck ?? [], minutes_per_day: budget };
    else if (active) {
      if (o.topic || o.deck || o.target) throw new UsageError(t('plan.needUntil'));
      spec = budget !== null ? { ...active, minutes_per_day: budget } : active;
    } else throw new UsageError(t('plan.needUntil'));
    const { plan, today, until } = computePlan(ctx, col, store, spec);
    if (until <= today) {
      if (o.until !== undefined) throw new UserError(t('plan.past', { date: spec.until, today: dayLabel(today) }));
      process.stdout.write(`${t('plan.over', { date: spec.until })}\n`);
      return 0;
    }
    const saved = o.until !== undefined && !o.dryRun;
    if (saved) store.saveSettings({ ...store.settings, plan: spec });
    if (o.json) {
      const out = {
        user: ctx.user,
        now: ctx.now.toISOString(),
        start: dayLabel(today),
        active: saved || o.until === undefined,
        plan: spec,
        ...plan,
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else printPlan(spec, plan, today, saved, o.until === undefined);
    return 0;
  } finally {
    store.close();
  }
}

function clearPlan(o: PlanOptions, ctx: ReturnType<typeof makeContext>): number {
  const store = openStore(ctx);
  try {
    const active = store.settings.plan;
    if (active) store.saveSettings({ ...store.settings, plan: null });
    if (o.json) process.stdout.write(`${JSON.stringify({ cleared: active ?? null })}\n`);
    else process.stdout.write(`${active ? t('plan.cleared', { date: active.until }) : t('plan.none')}\n`);
    return 0;
  } finally {
    store.close();
  }
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

function printPlan(spec: StoredPlan, p: Plan, today: number, saved: boolean, shown: boolean): void {
  const width = Math.min(termWidth(), 100);
  const lines: string[] = [chalk.bold(t('plan.title', { date: spec.until, days: p.days, cards: p.cards, fresh: p.fresh }))];
  if (p.fresh === 0) lines.push(t('plan.noFresh'));
  else if (p.fits) lines.push(t('plan.rate', { n: p.newPerDay, days: p.introDays, lead: p.leadDays }));
  else lines.push(chalk.red(t('plan.cannotFit', { lead: p.leadDays, days: p.days, n: p.newPerDay })));
  const peakDay = p.minutes.indexOf(p.peakMinutes);
  lines.push(
    t('plan.load', {
      mean: fmt(p.meanMinutes),
      peak: fmt(p.peakMinutes),
      day: dayLabel(today + Math.max(0, peakDay)),
      secs: p.secondsPerReview,
      pace: t(p.paceFromHistory ? 'plan.pace.history' : 'plan.pace.default'),
    }),
  );
  if (spec.minutes_per_day !== null) {
    if (p.overBudget) {
      const n = p.budgetNewPerDay ?? 0;
      const cards = Math.min(p.fresh, n * p.introDays);
      lines.push(chalk.yellow(t('plan.overBudget', { budget: spec.minutes_per_day, n, cards, fresh: p.fresh })));
    } else lines.push(t('plan.inBudget', { budget: spec.minutes_per_day }));
  }
  const rows = p.minutes
    .slice(0, TABLE_DAYS)
    .map((m, i) => [dayLabel(today + i), fmt(p.learned[i] ?? 0), fmt(p.reviews[i] ?? 0), fmt(m)]);
  const table = renderColumns(
    [
      { header: t('plan.col.day'), min: 10 },
      { header: t('plan.col.new'), min: 4 },
      { header: t('plan.col.reviews'), min: 7 },
      { header: t('plan.col.minutes'), min: 7 },
    ],
    rows,
    width,
    (x) => chalk.bold(x),
  );
  const text = lines.map((l) => wrapText(l, width));
  text.push('', ...table);
  if (p.days > TABLE_DAYS) text.push(chalk.dim(t('plan.more', { n: p.days - TABLE_DAYS })));
  text.push('', wrapText(saved || shown ? t('plan.active', { date: spec.until }) : t('plan.dryRun'), width));
  process.stdout.write(`${text.join('\n')}\n`);
}
