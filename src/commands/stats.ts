import { join } from 'node:path';
import chalk from 'chalk';
import { interviewTrend } from '../core/interview-report.js';
import { filterCards } from '../core/select.js';
import { computeStats, HEATMAP_WEEKS, MATURE_DAYS, type Stats } from '../core/stats.js';
import { readInterviews } from '../store/interviews.js';
import { systemZone } from '../store/system-zone.js';
import { topicDays } from '../store/topic-days.js';
import { barChart, heatmapGrid, type Label, SHADES } from '../ui/chart.js';
import { trendLine } from '../ui/interview-report.js';
import { getLang, t } from '../ui/messages.js';
import { renderColumns, termWidth } from '../ui/term.js';
import { wrapText } from '../ui/wrap.js';
import { dayEnd, type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';
import { resolveTopics } from './shared/selection.js';

export interface StatsOptions extends GlobalOptions {
  topic?: string[];
  json?: boolean;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
/** Rows of the topic table on screen; `--json` has them all. */
export const TOPIC_ROWS = 12;

/** A duration in words: `45 s`, `18 min`, `1 h 5 min`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return t('stats.time.s', { n: s });
  const m = Math.round(s / 60);
  if (m < 60) return t('stats.time.m', { n: m });
  return t('stats.time.hm', { h: Math.floor(m / 60), m: m % 60 });
}

function localeOf(): string {
  return getLang() === 'zh' ? 'zh-CN' : 'en-US';
}

/** Monday-first short weekday names in the message language. */
function weekdayNames(): string[] {
  const f = new Intl.DateTimeFormat(localeOf(), { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** Month names above the heatmap's weeks, where a month starts. */
function monthLabels(heat: Stats['heatmap']): Label[] {
  const f = new Intl.DateTimeFormat(localeOf(), { month: 'short', timeZone: 'UTC' });
  const labels: Label[] = [];
  let prev = '';
  for (let w = 0; w * 7 < heat.length; w++) {
    const day = heat[w * 7]?.day as string;
    const month = day.slice(0, 7);
    if (month !== prev && w > 0) labels.push({ at: w, text: f.format(new Date(`${day}T00:00:00Z`)) });
    prev = month;
  }
  return labels;
}

/** The stats screen as lines no wider than `cols` display columns. */
export function renderStats(s: Stats, cols: number, onlyTopics?: string[]): string[] {
  const h = (text: string) => chalk.bold(text);
  const out: string[] = [];
  const today = s.today;
  out.push(h(t('stats.today', { day: today.day })));
  out.push(
    `  ${t('stats.today.line', {
      n: today.reviewed,
      again: pct(today.againRate),
      time: formatDuration(today.ms),
    })}`,
  );
  out.push(`  ${s.streak.days ? t('stats.streak', { n: s.streak.days }) : t('stats.streak.none')}`);
  if (s.streak.days && !s.streak.studiedToday) out.push(`  ${chalk.dim(t('stats.streak.keep'))}`);
  out.push('');

  out.push(h(t('stats.retention', { days: MATURE_DAYS, desired: `${Math.round(s.retention.desired * 100)}%` })));
  const ret = renderColumns(
    [
      { header: t('stats.retention.window'), min: 6 },
      { header: t('stats.retention.rate'), min: 6, align: 'right' },
      { header: t('stats.retention.reviews'), min: 6, align: 'right' },
    ],
    s.retention.windows.map((w) => [t('stats.retention.days', { n: w.days }), pct(w.rate), String(w.reviews)]),
    cols - 2,
    (x) => chalk.dim(x),
  );
  out.push(...ret.map((l) => `  ${l}`));
  out.push('');

  const c = s.counts;
  out.push(h(t('stats.cards', { n: c.total })));
  out.push(
    `  ${t('stats.cards.line', { new: c.new, learning: c.learning, review: c.review, relearning: c.relearning, suspended: c.suspended })}`,
  );
  out.push('');

  const wanted = onlyTopics?.map((x) => x.toLowerCase());
  const picked = wanted?.length ? s.topics.filter((r) => wanted.includes(r.topic)) : [];
  const topics = picked.length ? picked : s.topics;
  out.push(h(t('stats.topics')));
  if (topics.length === 0) out.push(`  ${t('stats.topics.none')}`);
  else {
    out.push(
      ...renderColumns(
        [
          { header: t('stats.topics.topic'), min: 8, max: 30 },
          { header: t('stats.topics.cards'), min: 5, align: 'right' },
          { header: t('stats.topics.mature'), min: 6, align: 'right' },
          { header: t('stats.topics.recall'), min: 6, align: 'right' },
          { header: t('stats.topics.lapses'), min: 6, align: 'right' },
          { header: t('stats.topics.leeches'), min: 6, align: 'right' },
        ],
        topics
          .slice(0, TOPIC_ROWS)
          .map((r) => [r.topic, String(r.cards), String(r.mature), pct(r.retrievability), String(r.lapses), String(r.leeches)]),
        cols,
        (x) => chalk.dim(x),
      ),
    );
    if (topics.length > TOPIC_ROWS) out.push(chalk.dim(t('stats.topics.more', { n: topics.length - TOPIC_ROWS })));
  }
  out.push('');

  const due = s.forecast.map((f) => f.due);
  out.push(h(t('stats.forecast', { n: due.reduce((a, b) => a + b, 0), days: s.forecast.length })));
  const dayLabels: Label[] = [{ at: 0, text: t('stats.forecast.today') }];
  for (let d = 7; d < s.forecast.length; d += 7) dayLabels.push({ at: d, text: `+${d}` });
  out.push(...barChart(due, { height: 6, maxWidth: cols, labels: dayLabels }));
  out.push('');

  const counts = s.heatmap.map((d) => d.reviews);
  const active = counts.filter((n) => n > 0).length;
  out.push(h(t('stats.heatmap', { weeks: HEATMAP_WEEKS, n: counts.reduce((a, b) => a + b, 0), days: active })));
  out.push(...heatmapGrid(counts, { dayNames: weekdayNames(), labels: monthLabels(s.heatmap), maxWidth: cols }));
  out.push(`  ${t('stats.heatmap.legend', { shades: SHADES.join(' '), max: Math.max(0, ...counts) })}`);
  // Sentences (headings, the card counts) wrap at narrow widths; tables and charts already fit.
  return out.flatMap((line) => wrapText(line, cols).split('\n'));
}

export async function runStats(o: StatsOptions): Promise<void> {
  const ctx = makeContext(o);
  const col = loadDecks(ctx);
  o.topic = resolveTopics(ctx, o.topic, col.cards);
  const store = openStore(ctx);
  const settings = store.settings;
  const filtered = !!o.topic?.length;
  const cards = filtered
    ? filterCards(col.cards, store.progress, { topics: o.topic ?? [] }, ctx.now, dayEnd(ctx, settings), settings.leech_threshold)
    : col.cards;
  // All cards: the per-day totals in the snapshot answer without reading the history. Some
  // topics: their cards' totals, kept in topic-days.json and brought up to date from the logs.
  const days = filtered ? topicDays(store, new Set(cards.map((c) => c.id)), ctx.now) : store.reviewDays();
  const stats = computeStats({ events: [], cards, settings, now: ctx.now, progress: store.progress, days });
  try {
    store.saveSnapshot(); // keeps totals counted just now (an older snapshot had none)
  } catch {}
  // Mock interviews (a small log of their own): the score of each, as a trend.
  const interviews = readInterviews(store.dir);
  if (o.json) {
    const timeZone = settings.timezone || systemZone(join(ctx.data, 'cache'));
    const payload = {
      user: ctx.user,
      now: ctx.now.toISOString(),
      timeZone,
      dayStartsAt: settings.day_starts_at,
      ...stats,
      interviews: interviewTrend(interviews),
    };
    process.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
    return;
  }
  const cols = Math.min(termWidth(), 100);
  const trend = trendLine(interviews);
  const lines = renderStats(stats, cols, o.topic);
  if (trend) lines.push('', chalk.bold(trend));
  process.stdout.write(`${lines.join('\n')}\n`);
}
