/**
 * Interview reports in words: the report printed at the end, the history table with its trend,
 * and the Markdown export of every interview. Numbers come from core/interview-report.ts.
 */
import chalk from 'chalk';
import { answerScore, type Interview, interviewReport, interviewTrend } from '../core/interview-report.js';
import { gradeName } from './interview-screen.js';
import { t } from './messages.js';
import { sanitize, sanitizeLine } from './sanitize.js';
import { renderColumns, truncate } from './term.js';
import { wrapText } from './wrap.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** `m:ss` for a duration. */
export function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A time as `YYYY-MM-DD HH:MM` in the user's zone. */
export function localTime(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' });
}

/** The report at the end of an interview (or after Ctrl+C: what was graded). */
export function reportLines(iv: Interview, cols: number): string[] {
  const r = interviewReport(iv);
  if (r.questions === 0) return [t('iv.report.empty')];
  const out = [chalk.bold(t('iv.report.title'))];
  out.push(t('iv.report.total', { n: r.questions, time: minutes(r.ms), score: pct(r.score ?? 0) }), '');
  iv.answers.forEach((a, i) => {
    const follow = a.followUpOf ? ` ${chalk.dim(t('iv.report.follow'))}` : '';
    out.push(truncate(`${String(i + 1).padStart(2)}. ${sanitizeLine(a.question)}`, cols - 12) + follow);
    const of = a.covered.length + a.missed.length;
    out.push(
      `    ${t('iv.report.line', { time: minutes(a.ms), covered: a.covered.length, of, grade: a.grade, name: gradeName(a.grade) })}`,
    );
    if (a.missed.length > 0) {
      const missed = wrapText(t('iv.report.missed', { list: a.missed.join('; ') }), cols - 6).split('\n');
      if (missed.length > 3) missed.splice(2, missed.length, `${missed[2]} …`);
      out.push(...missed.map((l) => `    ${chalk.dim(l)}`));
    }
  });
  out.push('', chalk.bold(t('iv.report.topics')));
  const rows = r.topics.map((x) => [sanitizeLine(x.topic), String(x.questions), pct(x.score)]);
  const columns = [
    { header: t('iv.report.topic'), min: 8, max: 40 },
    { header: t('iv.report.questions'), min: 4, align: 'right' as const },
    { header: t('iv.report.score'), min: 5, align: 'right' as const },
  ];
  out.push(...renderColumns(columns, rows, cols - 2, (x) => chalk.dim(x)).map((l) => `  ${l}`));
  if (r.weakest.length > 0) {
    out.push('', chalk.bold(t('iv.report.weakest')));
    // The command on a line of its own: a long topic name would push it past the edge.
    for (const w of r.weakest)
      out.push(`  ${sanitizeLine(w.topic)} ${pct(w.score)}`, `    ${chalk.cyan(sanitizeLine(w.command))}`);
  }
  return out;
}

/** `interview --history`: one row per interview, then the trend of the last scores. */
export function historyLines(ivs: readonly Interview[], cols: number, timeZone?: string): string[] {
  if (ivs.length === 0) return [t('iv.history.none')];
  const rows = ivs.map((iv) => {
    const r = interviewReport(iv);
    const scope = sanitizeLine([...iv.start.topics, ...iv.start.decks].join(', ')) || t('iv.history.all');
    return [
      localTime(iv.start.t, timeZone),
      t(iv.start.mode === 'spoken' ? 'iv.mode.spoken' : 'iv.mode.typed'),
      String(r.questions),
      r.score === null ? '—' : pct(r.score),
      minutes(r.ms),
      scope,
    ];
  });
  const out = renderColumns(
    [
      { header: t('iv.history.date'), min: 16 },
      { header: t('iv.history.mode'), min: 4 },
      { header: t('iv.report.questions'), min: 4, align: 'right' },
      { header: t('iv.report.score'), min: 5, align: 'right' },
      { header: t('iv.history.time'), min: 5, align: 'right' },
      { header: t('iv.history.topics'), min: 6, max: 40 },
    ],
    rows,
    cols,
    (x) => chalk.dim(x),
  );
  const trend = trendLine(ivs);
  return trend ? [...out, '', trend] : out;
}

/** `Mock interviews: 5 · last scores 40% → 52% → 61%` (null when no interview has an answer). */
export function trendLine(ivs: readonly Interview[], last = 6): string | null {
  const trend = interviewTrend(ivs);
  if (trend.length === 0) return null;
  return t('iv.trend', {
    n: trend.length,
    list: trend
      .slice(-last)
      .map((x) => pct(x.score))
      .join(' → '),
  });
}

/** Text from the user or a deck inside a Markdown table cell or list item: one line, no pipes. */
const cell = (s: string) => sanitizeLine(s).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** Every interview in full, as Markdown (`interview --history --markdown`). */
export function historyMarkdown(ivs: readonly Interview[], timeZone?: string): string {
  const out = [`# ${t('iv.md.title')}`, ''];
  for (const iv of ivs) {
    const r = interviewReport(iv);
    const scope = cell([...iv.start.topics, ...iv.start.decks].join(', ')) || t('iv.history.all');
    out.push(
      `## ${localTime(iv.start.t, timeZone)} · ${scope}`,
      '',
      t('iv.report.total', { n: r.questions, time: minutes(r.ms), score: r.score === null ? '—' : pct(r.score) }),
      '',
    );
    iv.answers.forEach((a, i) => {
      const follow = a.followUpOf ? ` ${t('iv.report.follow')}` : '';
      out.push(`### ${i + 1}. ${cell(a.question)}${follow}`, '');
      out.push(
        `${t('iv.md.time')}: ${minutes(a.ms)} · ${t('iv.md.grade')}: ${a.grade} ${gradeName(a.grade)} · ${t('iv.md.score')}: ${pct(answerScore(a))}`,
        '',
      );
      if (a.answer !== undefined && a.answer.trim() !== '') {
        out.push(
          `**${t('iv.md.answer')}:**`,
          '',
          ...sanitize(a.answer)
            .split('\n')
            .map((l) => `> ${l}`),
          '',
        );
      }
      for (const c of a.covered) out.push(`- ✓ ${cell(c)}`);
      for (const m of a.missed) out.push(`- ✗ ${cell(m)}`);
      for (const e of a.errors ?? []) out.push(`- ! ${cell(e)}`);
      if (a.covered.length + a.missed.length + (a.errors?.length ?? 0) > 0) out.push('');
    });
    if (r.weakest.length > 0) {
      out.push(`**${t('iv.report.weakest')}**`, '');
      for (const w of r.weakest) out.push(`- ${cell(w.topic)} ${pct(w.score)}: \`${cell(w.command)}\``);
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
