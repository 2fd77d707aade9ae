import chalk from 'chalk';
import type { Card } from '../core/deck.js';
import { graderConfig } from '../core/grader.js';
import { checkKeyPoints, suggestGrade } from '../core/keypoints.js';
import type { Rating } from '../core/progress.js';
import { todayCounts } from '../core/queue.js';
import { shownInterval } from '../core/scheduler.js';
import { type Step, StudySession } from '../core/session.js';
import type { SessionSummary } from '../core/summary.js';
import { zoneOf } from '../core/time.js';
import { timeLeftMs } from '../core/time-left.js';
import { UsageError, UserError } from '../errors.js';
import type { Collection } from '../store/decks.js';
import type { ProgressStore } from '../store/progress-store.js';
import { acquireStudyLock } from '../store/session-lock.js';
import type { CardAction, CardScreen } from '../ui/card-screen.js';
import { t } from '../ui/messages.js';
import { isPlainBold, renderPlainBold } from '../ui/plain-markdown.js';
import { termWidth } from '../ui/term.js';
import { dayAndTime, duration, localInterval } from '../ui/units.js';
import { type Context, clock, type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';
import { editCard } from './shared/edit.js';
import { discloseGrader, gradeTyped, loadSynonyms } from './shared/grading.js';
import { type PlanFollow, planForStudy, untilDay } from './shared/plan-follow.js';
import { assertDecksKnown, resolveTopics, selectCards } from './shared/selection.js';

export interface StudyOptions extends GlobalOptions {
  topic?: string[];
  deck?: string[];
  new?: string;
  limit?: string;
  cram?: boolean;
  type?: boolean;
  until?: string;
}

function count(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(t('study.badCount', { flag, value: v }));
  return Number(v);
}

function once<T>(f: () => T): () => T {
  let v: { value: T } | undefined;
  return () => {
    v ??= { value: f() };
    return v.value;
  };
}

export async function runStudy(o: StudyOptions): Promise<number> {
  // Usage errors first (exit 2), whatever the terminal.
  const newLimit = count(o.new, '--new');
  const reviewLimit = count(o.limit, '--limit');
  if (o.until !== undefined) untilDay(o.until);
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError(t('study.notty'));
  const ctx = makeContext(o);
  const now = clock(ctx.now);
  const col = loadDecks(ctx);
  o.topic = resolveTopics(ctx, o.topic, col.cards);
  assertDecksKnown(o.deck, col.cards);
  const store = openStore(ctx, { create: true });
  const lock = acquireStudyLock(store.dir, store.device, now());
  if (!lock.ok) {
    store.close();
    const { owner, file } = lock;
    throw new UserError(t('study.locked', { user: ctx.user, pid: owner.pid, time: owner.started, file }));
  }
  try {
    return await studyLocked(o, ctx, col, store, now, { newLimit, reviewLimit });
  } finally {
    lock.release();
  }
}

/** A card gone from the decks (edited away) or answered by another session: say so, go on. */
function skip(session: StudySession, key: 'study.editgone' | 'study.elsewhere', card: string, at: Date) {
  session.drop(card);
  return { notice: t(key, { card }) as string | undefined, id: session.next(at) };
}

type Limits = { newLimit: number | undefined; reviewLimit: number | undefined };

/** The day's backup, the plan if one is active, and the session with its queue. */
function begin(o: StudyOptions, ctx: Context, col: Collection, store: ProgressStore, at: Date, limits: Limits) {
  store.backupDaily(at);
  const plan = o.cram ? undefined : planForStudy(o, ctx, col, store, at);
  const session = startSession(
    o,
    col,
    store,
    at,
    { newLimit: limits.newLimit ?? plan?.newLimit, reviewLimit: limits.reviewLimit },
    plan,
  );
  return { plan, session };
}

/** The session itself, holding this device's study lock (store/session-lock.ts). */
async function studyLocked(
  o: StudyOptions,
  ctx: Context,
  collection: Collection,
  store: ProgressStore,
  now: () => Date,
  limits: Limits,
): Promise<number> {
  let col = collection;
  const { plan, session } = begin(o, ctx, col, store, now(), limits);
  let id = session.next(now());
  if (id === undefined) {
    printNothingToDo(session, store, o, now());
    store.close();
    return 0;
  }
  const ui = await loadScreen();
  let notice = openingNotice(o, col, store, plan);
  let stopped = false;
  try {
    while (id !== undefined) {
      const card = col.byId.get(id);
      if (!card) {
        ({ notice, id } = skip(session, 'study.editgone', id, now()));
        continue;
      }
      process.stdout.write('\u001B[2J\u001B[3J\u001B[H');
      const shownKey = store.progress.get(id)?.lastKey;
      const action = await ask(card, ui, () => ({
        ...screenFor(card, session, now(), ui, o, notice),
        ...modelGrader(card, store, o),
      }));
      notice = undefined;
      if (action.type === 'quit') {
        stopped = true;
        break;
      }
      if (action.type === 'edit') {
        ({ col, notice } = edit(card, ctx, col));
        continue;
      }
      if (changedElsewhere(store, id, shownKey) && action.type !== 'undo') {
        ({ notice, id } = skip(session, 'study.elsewhere', id, now()));
        continue;
      }
      const at = now();
      const step = act(session, action, at, () => store.newEventId(at));
      // Durably on disk before anything else happens (and before the next card shows).
      store.append(...step.events);
      if (step.notice) notice = t(step.notice.key, step.notice.params);
      id = step.back ?? session.next(now());
    }
  } finally {
    store.saveSnapshot();
    store.close();
  }
  printSummary(finalSummary(session, store, col, now()), session, o, { stopped, now: now() });
  return 0;
}

/** The summary from the recent window and the per-day totals (no read of the whole history). */
function finalSummary(session: StudySession, store: ProgressStore, col: Collection, now: Date): SessionSummary {
  return session.summary({ events: store.recent, progress: store.progress, cardIds: col.byId, now, days: store.reviewDays() });
}

/** Deck problems were printed to stderr, but the card screen clears it: the first card repeats them. */
/** The first card's notice, and the model grader's disclosure: told before the first answer is sent anywhere. */
function openingNotice(o: StudyOptions, col: Collection, store: ProgressStore, plan?: PlanFollow): string | undefined {
  const notice = firstNotice(o, col, plan);
  const disclosure = o.type ? discloseGrader(store) : undefined;
  return disclosure ? (notice ? `${notice}\n${disclosure}` : disclosure) : notice;
}

function firstNotice(o: StudyOptions, col: Collection, plan?: PlanFollow): string | undefined {
  if (o.cram) return t('study.cram');
  if (plan) return t('study.plan', { date: plan.until, n: plan.newLimit, pulled: plan.pulled.size });
  const deckErrors = col.problems.filter((p) => p.severity === 'error').length;
  return deckErrors > 0 ? t('decks.problems', { n: deckErrors }) : undefined;
}

/** The session over the selected cards, from the store's states and today's history. */
function startSession(
  o: StudyOptions,
  col: Collection,
  store: ProgressStore,
  now: Date,
  limits: { newLimit: number | undefined; reviewLimit: number | undefined },
  plan?: PlanFollow,
): StudySession {
  return new StudySession({
    cards: selectCards(col, o, store.progress, store.settings.leech_threshold),
    progress: store.progress,
    recent: store.recent,
    settings: store.settings,
    fuzzSeed: process.env.LLM_QUIZ_FUZZ_SEED ?? 'llm-quiz',
    now,
    ...(limits.newLimit !== undefined ? { newLimit: limits.newLimit } : {}),
    ...(limits.reviewLimit !== undefined ? { reviewLimit: limits.reviewLimit } : {}),
    ...(o.cram ? { cram: true } : {}),
    ...(plan ? { newAllowed: plan.newAllowed, extraDue: plan.pulled } : {}),
    warn: (m) => process.stderr.write(`${m}\n`),
  });
}

/** Nothing to do: when the next card comes, and why `--new N` late in the day adds nothing. */
function printNothingToDo(session: StudySession, store: ProgressStore, o: StudyOptions, now: Date): void {
  const lines = [t('study.nothing')];
  const newLimit = o.new === undefined ? undefined : Number(o.new);
  const done = todayCounts(store.recent, now, session.settings).newDone;
  if (newLimit !== undefined && done >= newLimit && done > 0) lines.push(t('study.nothing.newTotal', { limit: newLimit, done }));
  lines.push(...nextDueLines(session, o, now));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** When the next card of the selection is due, and the command to run then. */
function nextDueLines(session: StudySession, o: StudyOptions, now: Date): string[] {
  const next = session.nextDue(now);
  if (!next) return [t('study.next.none')];
  const { day, date, time } = dayAndTime(next, now, zoneOf(session.settings.timezone));
  const when =
    day === 'today'
      ? t('study.next.today', { time })
      : day === 'tomorrow'
        ? t('study.next.tomorrow', { time })
        : t('study.next.date', { date, time });
  return [when, t('study.suggest.then', { cmd: studyCommand(o) })];
}

/** The study command as the user ran it (topics, decks, typed mode), to run again. */
function studyCommand(o: StudyOptions): string {
  const quote = (v: string) => (/^[\w.*-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  const parts = ['llm-quiz study'];
  for (const x of o.topic ?? []) parts.push(`--topic ${quote(x)}`);
  for (const x of o.deck ?? []) parts.push(`--deck ${quote(x)}`);
  if (o.type) parts.push('--type');
  if (o.cram) parts.push('--cram');
  return parts.join(' ');
}

type Screen = Awaited<ReturnType<typeof loadScreen>>;

/**
 * A second session of this user (another terminal) may have answered the card meanwhile: reads
 * what it wrote, and tells whether the card is still in the state it was shown in (called before
 * every action, so the refresh happens even for an undo, which only takes back our own answer).
 */
function changedElsewhere(store: ProgressStore, id: string, shownKey: string | undefined): boolean {
  store.refresh();
  return store.progress.get(id)?.lastKey !== shownKey;
}

/** `e`: the card in $EDITOR, then the decks read again so the screen shows the edit. */
function edit(card: Card, ctx: Context, col: Collection): { col: Collection; notice: string } {
  const r = editCard(ctx, col, card);
  // A broken edit keeps the card as it was, in the session: the notice says where and what is wrong.
  return r.ok ? { col: r.col, notice: r.message } : { col, notice: r.message };
}

/** The card screen (the prompt library): loaded only after the cheap checks. */
async function loadScreen() {
  const { cardPrompt, memoryText } = await import('../ui/card-screen.js');
  return { cardPrompt, memoryText, md: markdownRenderer() };
}

/** Shows a card's screen (made once the renderer its question needs is loaded) and waits for an action. */
async function ask(card: Card, ui: Screen, screen: () => CardScreen): Promise<CardAction> {
  if (!isPlainBold(questionMarkdown(card))) await ui.md.load();
  const shown = screen();
  const answered = ui.cardPrompt(shown, { clearPromptOnDone: true });
  // The prompt draws the screen on the event loop's next check phase (setImmediate). Right after
  // it, in the same phase and so before any key is read, the renderer the answer needs is loaded
  // and the answer laid out while the user reads the question: the reveal shows it at once. (A
  // rendering error is left for the reveal to raise, where the prompt reports it.)
  setImmediate(() => {
    ui.md
      .load()
      .then(() => {
        shown.answer();
        shown.keyPoints();
      })
      .catch(() => {});
  });
  return answered;
}

/**
 * The Markdown renderer: marked, marked-terminal and highlight.js, the costliest modules to set
 * up and to run a first time. A plain question (most are) is shown without it (see
 * ui/plain-markdown.ts, which prints exactly what it would); `load` before showing any other.
 */
function markdownRenderer() {
  let renderMarkdown: ((md: string, width: number) => string) | undefined;
  let loading: Promise<void> | undefined;
  return {
    load: () =>
      (loading ??= import('../ui/markdown.js').then((m) => {
        renderMarkdown = m.renderMarkdown;
      })),
    render(md: string, width: number): string {
      const plain = renderPlainBold(md, width);
      if (plain !== undefined) return plain;
      if (!renderMarkdown) throw new Error('the Markdown renderer was used before it was loaded');
      return renderMarkdown(md, width);
    },
  };
}

/** The question as the screen shows it: bold, then its body. */
function questionMarkdown(card: Card): string {
  return card.questionBody ? `**${card.question}**\n\n${card.questionBody}` : `**${card.question}**`;
}

/** Runs a key's action on the session; grade, bury, suspend and undo each return events to append. */
function act(session: StudySession, action: CardAction, at: Date, newId: () => string): Step & { back?: string } {
  switch (action.type) {
    case 'grade':
      return session.grade(action.rating, at, newId, action.typed !== undefined ? { typed: action.typed } : {});
    case 'bury':
      return session.bury(at, newId);
    case 'suspend':
      return session.suspend(at, newId);
    case 'undo':
      return session.undo(at, newId);
    default:
      return { events: [] };
  }
}

/** `--type` with a model grader configured: its marks replace the offline ones when it replies. */
function modelGrader(card: Card, store: ProgressStore, o: StudyOptions): Pick<CardScreen, 'gradeTyped'> {
  if (!o.type || card.keyPoints.length === 0 || !graderConfig(store.settings)) return {};
  return {
    gradeTyped: async (typed) => {
      const notes: string[] = [];
      const out = await gradeTyped(card, typed, store, { say: (line) => notes.push(line) });
      const covered = out.points.map((p) => p.covered);
      return {
        covered,
        suggested: suggestGrade(out.points),
        errors: out.errors,
        ...(notes.length ? { note: notes.join(' ') } : {}),
      };
    },
  };
}

/** `--type`: the offline key-point check, remembered for the last answer (the screen redraws often). */
function typedCheck(keyPoints: string[]): NonNullable<CardScreen['checkTyped']> {
  const syn = loadSynonyms();
  let last: { typed: string; out: ReturnType<NonNullable<CardScreen['checkTyped']>> } | undefined;
  return (typed) => {
    if (last?.typed !== typed) {
      const results = checkKeyPoints(typed, keyPoints, syn);
      last = { typed, out: { covered: results.map((r) => r.covered), suggested: suggestGrade(results) } };
    }
    return last.out;
  };
}

/** The screen of the current card: question, lazily rendered answer, the interval of each grade. */
function screenFor(card: Card, session: StudySession, shownAt: Date, ui: Screen, o: StudyOptions, notice?: string): CardScreen {
  const preview = session.preview(shownAt);
  // Cram changes no schedule: it shows no intervals.
  const intervals = Object.fromEntries(
    ([1, 2, 3, 4] as Rating[]).map((r) => [r, session.cram ? '' : localInterval(shownInterval(preview[r], shownAt))]),
  ) as Record<Rating, string>;
  const counts = session.counts();
  const fixed = {
    header: `${card.deckTitle} · ${card.topics.slice(0, 3).join(', ')}`,
    position: session.cram
      ? t('study.left.cram', { n: counts.new + counts.learning + counts.review })
      : t('study.left.time', {
          time: duration(timeLeftMs(counts, session.msPerAnswer, session.settings.learning_steps.length)),
        }),
    counts,
    intervals,
    draft: card.draft,
    typedMode: Boolean(o.type),
    ...(o.type && card.keyPoints.length > 0 ? { checkTyped: typedCheck(card.keyPoints) } : {}),
    canUndo: session.canUndo,
    spaceGradesGood: session.settings.space_grades_good,
    ...(card.altQuestion ? { altQuestion: card.altQuestion } : {}),
    ...(notice ? { notice } : {}),
    memory: ui.memoryText(session.memory(shownAt), zoneOf(session.settings.timezone)),
  };
  // Rendered Markdown depends on the width: a resize lays the card out again (cached per width).
  const layouts = new Map<number, CardScreen>();
  const at = (columns: number, rows: number): CardScreen => {
    const width = Math.min(columns, 100);
    let s = layouts.get(width);
    if (!s) {
      s = {
        ...fixed,
        question: ui.md.render(questionMarkdown(card), width),
        answer: once(() => (card.draft ? '' : ui.md.render(card.answer, width))),
        keyPoints: once(() => card.keyPoints.map((k) => ui.md.render(k, width - 4))),
        ...(card.details ? { details: once(() => ui.md.render(card.details ?? '', width)) } : {}),
        width,
        rows,
      };
      layouts.set(width, s);
    }
    return { ...s, rows, relayout: at };
  };
  return at(termWidth(), process.stdout.rows || 24);
}

/**
 * The end of a session, honestly: finished for today (or until a learning card returns) or
 * stopped with cards left; answers and cards counted apart; when the next card is due and what
 * to run. Cram says that it changed nothing and shows no forecast.
 */
function printSummary(s: SessionSummary, session: StudySession, o: StudyOptions, end: { stopped: boolean; now: Date }): void {
  const c = session.counts();
  const left = c.new + c.learning + c.review;
  const later = session.laterToday(end.now);
  const title = session.cram
    ? t(end.stopped ? 'study.end.cramStopped' : 'study.end.cram', { n: left })
    : end.stopped
      ? t('study.end.stopped', { n: left, new: c.new, learning: c.learning, review: c.review })
      : later > 0
        ? t('study.end.now', { n: later })
        : t('study.end.today');
  const lines = [chalk.bold(title), t('study.end.answers', { answers: s.reviewed, cards: s.cards, time: duration(s.timeMs) })];
  if (!session.cram) {
    if (s.reviewed > 0) lines.push(t('study.end.again', { pct: `${Math.round((100 * s.again) / s.reviewed)}%` }));
    lines.push(t('study.end.new', { n: s.newLearned }));
    if (s.leeches > 0) lines.push(t('study.end.leeches', { n: s.leeches }));
    lines.push(t('study.end.due', { tomorrow: s.dueTomorrow, week: s.dueWeek }), t('study.end.streak', { n: s.streak }));
  }
  if (end.stopped && left > 0) lines.push(t('study.suggest.continue', { cmd: studyCommand(o) }));
  else if (!session.cram) lines.push(...nextDueLines(session, o, end.now));
  process.stdout.write(`\n${lines.join('\n')}\n`);
}
