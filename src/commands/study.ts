import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import chalk from 'chalk';
import type { Card } from '../core/deck.js';
import { addLoad, dueLoad } from '../core/forecast.js';
import { memoryView } from '../core/memory.js';
import type { CardProgress, ProgressEvent, ProgressMap, Rating } from '../core/progress.js';
import { buildQueue, Session } from '../core/queue.js';
import { createScheduler, type Scheduler, shownInterval } from '../core/scheduler.js';
import { hasTopic } from '../core/select.js';
import { presetNameFor, settingsFor } from '../core/settings.js';
import { buryCard, gradeCard, suspendCard, undoAction } from '../core/study.js';
import { type SessionSummary, summarizeSession } from '../core/summary.js';
import { nextDayStart, studyDay, zoneOf } from '../core/time.js';
import { UsageError, UserError } from '../errors.js';
import type { Collection } from '../store/decks.js';
import { t } from '../ui/messages.js';
import { termWidth } from '../ui/term.js';
import { type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';
import { assertDecksKnown, resolveTopics } from './shared/selection.js';

export interface StudyOptions extends GlobalOptions {
  topic?: string[];
  deck?: string[];
  new?: string;
  limit?: string;
  cram?: boolean;
  type?: boolean;
}

/** One user action in the session, kept so `u` can undo it. */
interface Action {
  cardId: string;
  before: CardProgress | undefined;
  events: ProgressEvent[];
}

function count(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(t('study.badCount', { flag, value: v }));
  return Number(v);
}

/** The current time: the real clock, or LLM_QUIZ_NOW plus the time elapsed since start (tests). */
function clock(start: Date): () => Date {
  const t0 = Date.now();
  return () => new Date(start.getTime() + (Date.now() - t0));
}

function once<T>(f: () => T): () => T {
  let v: { value: T } | undefined;
  return () => {
    v ??= { value: f() };
    return v.value;
  };
}

/** Cards of the chosen topics and decks; `leech` is a topic too (as in `list`), so leeches can be studied. */
export function selectCards(col: Collection, o: StudyOptions, progress: ProgressMap, leechThreshold: number): Card[] {
  const topics = o.topic?.map((x) => x.toLowerCase());
  const decks = o.deck?.map((x) => x.toLowerCase());
  return col.cards.filter(
    (c) =>
      (!topics?.length || hasTopic(c, topics, progress.get(c.id), leechThreshold)) &&
      (!decks?.length || decks.includes(c.deckId)),
  );
}

/** Opens the card's file at its line in $VISUAL / $EDITOR and waits for it to close. */
function editCard(card: Card): boolean {
  const editor = process.env.VISUAL || process.env.EDITOR;
  if (!editor) return false;
  const [cmd, ...args] = editor.split(' ').filter(Boolean);
  spawnSync(cmd as string, [...args, `+${card.line}`, resolve(card.file)], { stdio: 'inherit' });
  return true;
}

export async function runStudy(o: StudyOptions): Promise<number> {
  // Usage errors first (exit 2), whatever the terminal.
  const newLimit = count(o.new, '--new');
  const reviewLimit = count(o.limit, '--limit');
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError(t('study.notty'));
  const ctx = makeContext(o);
  const now = clock(ctx.now);
  let col = loadDecks(ctx);
  o.topic = resolveTopics(ctx, o.topic, col.cards);
  assertDecksKnown(o.deck, col.cards);

  const store = openStore(ctx, { create: true });
  store.backupDaily(now());
  const settings = store.settings;
  const zone = zoneOf(settings.timezone);
  // Cards due per study day, so new due dates avoid busy days within their fuzz range.
  const load = dueLoad(store.progress, (ms) => studyDay(ms, settings.day_starts_at, zone));
  const opts = { warn: (m: string) => process.stderr.write(`${m}\n`), load: (day: number) => load.get(day) ?? 0 };
  const seed = process.env.LLM_QUIZ_FUZZ_SEED ?? 'llm-quiz';
  const scheduler = createScheduler(settings, seed, opts);
  // Each deck schedules with its preset (retention, steps) over the user's settings.
  const perDeck = new Map<string, Scheduler>();
  const schedulerOf = (deckId: string) => {
    if (!presetNameFor(settings, deckId)) return scheduler;
    const s = perDeck.get(deckId) ?? createScheduler(settingsFor(settings, deckId), seed, opts);
    perDeck.set(deckId, s);
    return s;
  };
  const started = now();
  const dayEnd = nextDayStart(started, settings.day_starts_at, zone).getTime();
  const selected = selectCards(col, o, store.progress, settings.leech_threshold);
  const queue = buildQueue(selected, store.progress, store.recent, {
    now: started,
    settings,
    retrievability: (s, at) => scheduler.retrievability(s, at),
    ...(newLimit !== undefined ? { newLimit } : {}),
    ...(reviewLimit !== undefined ? { reviewLimit } : {}),
    ...(o.cram ? { cram: true } : {}),
  });
  const groups = new Map(selected.filter((c) => c.group).map((c) => [c.id, `${c.deckId}/${c.group}`]));
  const session = new Session(queue, dayEnd, groups);
  const total = queue.main.length + queue.learning.size;

  // Heavy modules load only here, after the cheap checks above.
  const [{ cardPrompt, memoryText }, { renderMarkdown }] = await Promise.all([
    import('../ui/card-screen.js'),
    import('../ui/markdown.js'),
  ]);

  const actions: Action[] = [];
  const leeches = new Set<string>();
  // Deck problems were printed to stderr, but the card screen clears it: repeat them on the first card.
  const deckErrors = col.problems.filter((p) => p.severity === 'error').length;
  let notice = o.cram ? t('study.cram') : deckErrors > 0 ? t('decks.problems', { n: deckErrors }) : undefined;
  let shown = 0;
  let id = session.next(now());
  if (id === undefined) {
    process.stdout.write(`${t('study.nothing')}\n`);
    const later = session.laterToday(now());
    if (later > 0) process.stdout.write(`${t('study.nothing.later', { n: later })}\n`);
    store.close();
    return 0;
  }
  try {
    while (id !== undefined) {
      const card = col.byId.get(id);
      if (!card) {
        notice = t('study.editgone', { card: id });
        session.drop(id);
        id = session.next(now());
        continue;
      }
      const width = Math.min(termWidth(), 100);
      const shownAt = now();
      const cardScheduler = schedulerOf(card.deckId);
      const preview = cardScheduler.preview(store.progress.get(id)?.fsrs ?? null, id, shownAt);
      const intervals = Object.fromEntries(
        ([1, 2, 3, 4] as Rating[]).map((r) => [r, shownInterval(preview[r], shownAt)]),
      ) as Record<Rating, string>;
      const question = renderMarkdown(
        card.questionBody ? `**${card.question}**\n\n${card.questionBody}` : `**${card.question}**`,
        width,
      );
      const screen = {
        header: `${card.deckTitle} · ${card.topics.slice(0, 3).join(', ')}`,
        position: `${Math.min(shown + 1, Math.max(total, shown + 1))}/${Math.max(total, shown + 1)}`,
        counts: session.counts(queue.isNew),
        question,
        answer: once(() => (card.draft ? '' : renderMarkdown(card.answer, width))),
        keyPoints: once(() => card.keyPoints.map((k) => renderMarkdown(k, width - 4))),
        ...(card.details ? { details: once(() => renderMarkdown(card.details ?? '', width)) } : {}),
        ...(card.altQuestion ? { altQuestion: card.altQuestion } : {}),
        intervals,
        draft: card.draft,
        typedMode: Boolean(o.type),
        canUndo: actions.length > 0,
        width,
        rows: process.stdout.rows || 24,
        ...(notice ? { notice } : {}),
        memory: memoryText(memoryView(store.progress.get(id), cardScheduler, shownAt), zone),
      };
      notice = undefined;
      process.stdout.write('\u001B[2J\u001B[3J\u001B[H');
      const action = await cardPrompt(screen, { clearPromptOnDone: true });
      const at = now();
      const newId = () => store.newEventId(at);
      const before = store.progress.get(id);
      if (action.type === 'grade') {
        const res = gradeCard({
          cardId: id,
          progress: before,
          rating: action.rating,
          now: at,
          scheduler: cardScheduler,
          settings,
          newId,
          ms: at.getTime() - shownAt.getTime(),
          ...(action.typed !== undefined ? { typed: action.typed } : {}),
          ...(o.cram ? { cram: true } : {}),
        });
        // Durably on disk before anything else happens (and before the next card shows).
        store.append(...res.events);
        if (res.after.state === 2) addLoad(load, scheduler.dayOf(Date.parse(res.after.due)));
        actions.push({ cardId: id, before, events: res.events });
        if (res.becameLeech) {
          leeches.add(id);
          const key = settings.leech_action === 'suspend' ? 'study.leech.suspended' : 'study.leech';
          notice = t(key, { card: id, n: res.after.lapses });
        }
        if (o.cram || (res.becameLeech && settings.leech_action === 'suspend')) session.drop(id);
        else session.answer(id, res.after);
        shown++;
      } else if (action.type === 'undo') {
        const last = actions.pop();
        if (!last) notice = t('study.nothingtoundo');
        else {
          store.append(...undoAction(last, at, newId));
          const back = session.undo();
          notice = t('study.undone', { card: last.cardId });
          if (back !== undefined) {
            shown = Math.max(0, shown - (last.events[0]?.type === 'review' ? 1 : 0));
            id = back;
            continue;
          }
        }
      } else if (action.type === 'bury') {
        const ev = buryCard(id, at, nextDayStart(at, settings.day_starts_at, zone), newId());
        store.append(ev);
        actions.push({ cardId: id, before, events: [ev] });
        session.drop(id);
        notice = t('study.buried', { card: id });
      } else if (action.type === 'suspend') {
        const ev = suspendCard(id, at, newId());
        store.append(ev);
        actions.push({ cardId: id, before, events: [ev] });
        session.drop(id);
        notice = t('study.suspended', { card: id });
      } else if (action.type === 'edit') {
        if (!editCard(card)) notice = t('study.noeditor');
        else {
          col = loadDecks(ctx, true);
          notice = t('study.edited', { file: card.file });
        }
        continue;
      } else if (action.type === 'quit') {
        break;
      }
      id = session.next(now());
    }
  } finally {
    store.saveSnapshot();
    store.close();
  }
  const end = now();
  const summary: SessionSummary = summarizeSession({
    events: store.readAllEvents(),
    sessionStart: started.toISOString(),
    now: end,
    progress: store.progress,
    cardIds: new Set(col.cards.map((c) => c.id)),
    settings,
    leeches: leeches.size,
  });
  printSummary(summary, session.laterToday(end));
  return 0;
}

function printSummary(s: SessionSummary, later: number): void {
  const mins = Math.floor(s.timeMs / 60_000);
  const secs = Math.round((s.timeMs % 60_000) / 1000);
  const lines = [
    chalk.bold(t('study.summary.title')),
    t('study.summary.reviewed', { n: s.reviewed, time: mins > 0 ? `${mins}m ${secs}s` : `${secs}s` }),
    t('study.summary.again', { pct: s.reviewed ? `${Math.round((100 * s.again) / s.reviewed)}%` : '-' }),
    t('study.summary.new', { n: s.newLearned }),
    t('study.summary.leeches', { n: s.leeches }),
    t('study.summary.due', { tomorrow: s.dueTomorrow, week: s.dueWeek }),
    t('study.summary.streak', { n: s.streak }),
  ];
  if (later > 0) lines.push(t('study.summary.later', { n: later }));
  process.stdout.write(`\n${lines.join('\n')}\n`);
}
