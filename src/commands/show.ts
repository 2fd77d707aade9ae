/** `llm-quiz show ID`: one card rendered, with where it lives, its memory state and its history. */
import chalk from 'chalk';
import { memoryView } from '../core/memory.js';
import { type ProgressEvent, stateName, undoneIds } from '../core/progress.js';
import { createScheduler, shownInterval } from '../core/scheduler.js';
import { effectiveTopics } from '../core/select.js';
import { settingsFor } from '../core/settings.js';
import { zoneOf } from '../core/time.js';
import { cardEvents } from '../store/card-history.js';
import { plainCard } from '../store/card-rows.js';
import { displayPath } from '../store/decks.js';
import { type MessageKey, t } from '../ui/messages.js';
import { page } from '../ui/pager.js';
import { termWidth, width } from '../ui/term.js';
import { localInterval } from '../ui/units.js';
import { type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';
import { requireCard } from './shared/selection.js';

export interface ShowOptions extends GlobalOptions {
  json?: boolean;
}

const GRADE: Record<number, MessageKey> = { 1: 'study.again', 2: 'study.hard', 3: 'study.good', 4: 'study.easy' };

/** One line of history in words: what happened, and the interval it gave. */
function historyLine(e: ProgressEvent, undone: Set<string>, zone: string | undefined): string | undefined {
  const at = new Date(e.t).toLocaleString('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' });
  let what: string;
  if (e.type === 'review') {
    const interval = e.cram ? t('show.cram') : `→ ${localInterval(shownInterval(e.after, new Date(e.t)))}`;
    what = `${t(GRADE[e.rating] as MessageKey)} ${interval}${e.ms ? ` · ${Math.round(e.ms / 1000)} s` : ''}`;
  } else if (e.type === 'set') what = t(`show.set.${e.reason}`);
  else if (e.type === 'undo') return undefined;
  else what = t(`show.${e.type}`);
  return `  ${at}  ${undone.has(e.id) ? chalk.strikethrough(what) + chalk.dim(` ${t('show.undone')}`) : what}`;
}

export async function runShow(id: string, o: ShowOptions): Promise<number> {
  const ctx = makeContext(o);
  const col = loadDecks(ctx, true);
  const card = requireCard(col.byId, id);
  const store = openStore(ctx);
  const p = store.progress.get(id);
  // Only the lines naming the card are read (a history of a million reviews took seconds and a gigabyte).
  const history = cardEvents(store.logsDir, id, ctx.now);
  store.close();
  const settings = settingsFor(store.settings, card.deckId);
  const memory = memoryView(p, createScheduler(settings, null), ctx.now);
  const zone = zoneOf(settings.timezone);
  if (o.json) {
    const row = { ...plainCard(card), state: stateName(p), suspended: p?.suspended ?? false, memory, history };
    process.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
    return 0;
  }
  const [{ renderMarkdown }, { memoryText }] = await Promise.all([import('../ui/markdown.js'), import('../ui/card-screen.js')]);
  const w = Math.min(termWidth(), 100);
  const rule = (label: string) => chalk.dim(`── ${label} ${'─'.repeat(Math.max(0, w - width(label) - 4))}`);
  const state = p?.suspended ? t('state.suspended') : t(`state.${stateName(p)}`);
  const undone = undoneIds(history);
  const lines = [
    `${chalk.bold(card.id)} · ${card.deckTitle} · ${displayPath(card.file)}:${card.line}`,
    `${t('show.topics')}: ${effectiveTopics(card, p, store.settings.leech_threshold).join(', ')}`,
    `${t('show.state')}: ${state} · ${memoryText(memory, zone)}`,
    rule(t('show.question')),
    renderMarkdown(card.questionBody ? `**${card.question}**\n\n${card.questionBody}` : `**${card.question}**`, w),
    rule(t('study.answer')),
    card.draft ? chalk.dim(t('study.noanswer')) : renderMarkdown(card.answer, w),
  ];
  if (card.keyPoints.length > 0)
    lines.push(rule(t('study.keypoints')), ...card.keyPoints.map((k) => `  • ${renderMarkdown(k, w - 4)}`));
  if (card.details) lines.push(rule(t('study.details')), renderMarkdown(card.details, w));
  const answers = history.filter((e) => e.type === 'review').length;
  lines.push(rule(t('show.history', { n: answers })));
  const rows = history.map((e) => historyLine(e, undone, zone)).filter((l): l is string => l !== undefined);
  lines.push(...(rows.length > 0 ? rows : [chalk.dim(`  ${t('show.noHistory')}`)]));
  page(`${lines.join('\n')}\n`, o);
  return 0;
}
