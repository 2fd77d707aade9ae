/**
 * `llm-quiz interview`: a timed mock interview over the selected topics. Reads decks and
 * progress, asks questions in the order core/interview.ts gives (follow-ups after a good
 * answer), checks each answer's key points offline, and writes the confirmed grade as a review
 * (unless --no-schedule) and the answer as an interview record, both on disk before the next
 * question. Ctrl+C keeps what was graded and prints the report so far.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chalk from 'chalk';
import type { Card } from '../core/deck.js';
import { graderConfig } from '../core/grader.js';
import { type Asked, interviewOrder, nextQuestion, suggestInterviewGrade } from '../core/interview.js';
import type { Interview, InterviewAnswer, InterviewStart } from '../core/interview-report.js';
import { MAX_ANSWER_CHARS } from '../core/interview-report.js';
import type { ProgressEvent, Rating } from '../core/progress.js';
import { createScheduler, type Scheduler } from '../core/scheduler.js';
import { presetNameFor, settingsFor } from '../core/settings.js';
import { gradeCard } from '../core/study.js';
import { zoneOf } from '../core/time.js';
import { expandTopicFilter } from '../core/topic-map.js';
import { UsageError, UserError } from '../errors.js';
import { InterviewLog, readInterviews } from '../store/interviews.js';
import type { ProgressStore } from '../store/progress-store.js';
import { loadTopicMap } from '../store/topic-map-file.js';
import { t } from '../ui/messages.js';
import { termWidth } from '../ui/term.js';
import { clock, type GlobalOptions, loadDecks, makeContext, openStore } from './shared/context.js';
import { gradeTyped } from './shared/grading.js';
import { runEditor } from './shared/overrides.js';
import { assertDecksKnown, resolveTopics, selectCards } from './shared/selection.js';

export interface InterviewOptions extends GlobalOptions {
  topic?: string[];
  deck?: string[];
  questions?: string;
  minutes?: string;
  schedule?: boolean;
  spoken?: boolean;
  history?: boolean;
  markdown?: boolean;
}

export const DEFAULT_QUESTIONS = 8;

function positive(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1000) throw new UsageError(t('iv.badCount', { flag, value: v }));
  return Number(v);
}

export async function runInterview(o: InterviewOptions): Promise<number> {
  const questions = positive(o.questions, '--questions');
  const minutes = positive(o.minutes, '--minutes');
  if (questions !== undefined && minutes !== undefined) throw new UsageError(t('iv.both'));
  if (o.markdown && !o.history) throw new UsageError(t('iv.markdownAlone'));
  if (o.history) return printHistory(o);
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError(t('iv.notty'));

  const ctx = makeContext(o);
  const now = clock(ctx.now);
  const col = loadDecks(ctx);
  const wanted = o.topic?.map((x) => x.toLowerCase());
  o.topic = resolveTopics(ctx, o.topic, col.cards);
  assertDecksKnown(o.deck, col.cards);
  const store = openStore(ctx, { create: true });
  store.backupDaily(now());
  const schedulers = schedulersFor(store);
  const cards = selectCards(col, o, store.progress, store.settings.leech_threshold).filter((c) => !c.draft);
  const groupOf = groupsFor(ctx, wanted, cards);
  const seed = Number(process.env.LLM_QUIZ_INTERVIEW_SEED ?? now().getTime()) >>> 0;
  const order = interviewOrder({
    cards,
    groupOf,
    progress: store.progress,
    retrievability: (p) => (p.fsrs ? schedulers.user.retrievability(p.fsrs, ctx.now) : 0),
    recentLapses: recentLapses(store),
    seed,
  });
  if (order.length === 0) {
    store.close();
    process.stdout.write(`${t('iv.none')}\n`);
    return 0;
  }

  const log = new InterviewLog(store.dir, store.device);
  const start: InterviewStart = {
    type: 'interview',
    id: log.newId(now()),
    t: now().toISOString(),
    mode: o.spoken ? 'spoken' : 'typed',
    topics: wanted ?? [],
    decks: (o.deck ?? []).map((d) => d.toLowerCase()),
    ...(minutes !== undefined ? { minutes } : { questions: questions ?? DEFAULT_QUESTIONS }),
    schedule: o.schedule !== false,
  };
  log.append(start);
  const iv: Interview = { start, answers: [] };
  const ui = await import('../ui/interview-screen.js');
  const { renderMarkdown } = await import('../ui/markdown.js');
  const started = now().getTime();
  let interrupted = false;
  try {
    const asked: Asked[] = [];
    for (;;) {
      if (minutes !== undefined && now().getTime() - started >= minutes * 60_000) break;
      const next = nextQuestion(
        order,
        asked,
        (id) => col.byId.has(id),
        (id) => col.byId.get(id)?.followUps ?? [],
        minutes !== undefined ? Number.POSITIVE_INFINITY : (questions ?? DEFAULT_QUESTIONS),
      );
      if (!next) break;
      const card = col.byId.get(next.card) as Card;
      const width = Math.min(termWidth(), 100);
      const rows = process.stdout.rows || 24;
      const position = minutes !== undefined ? `${asked.length + 1}` : `${asked.length + 1}/${questions ?? DEFAULT_QUESTIONS}`;
      const title = `${t('iv.title')} · ${position} · ${groupOf(card)}`;
      const shownAt = now().getTime();
      const clockText = () =>
        minutes !== undefined
          ? t('iv.left', { time: ui.clockText(minutes * 60_000 - (now().getTime() - started)) })
          : ui.clockText(now().getTime() - shownAt);
      const followUpOf = next.followUpOf ? col.byId.get(next.followUpOf)?.question : undefined;
      const view = {
        title,
        question: renderMarkdown(
          card.questionBody ? `**${card.question}**\n\n${card.questionBody}` : `**${card.question}**`,
          width,
        ),
        ...(followUpOf ? { followUpOf } : {}),
        spoken: Boolean(o.spoken),
        width,
        rows,
      };
      let text = '';
      let notice: string | undefined;
      for (;;) {
        const r = await ui.askAnswer({ ...view, ...(notice ? { notice } : {}) }, clockText, text);
        text = r.text;
        if (r.type === 'submit') break;
        const edited = editInEditor(text);
        text = edited.text;
        notice = edited.message;
      }
      const ms = now().getTime() - shownAt;
      const spoken = Boolean(o.spoken);
      const verdict = spoken ? undefined : await checkTyped(card, text, store);
      const checked = card.keyPoints.map((_, i) => verdict?.covered.includes(i) ?? false);
      const suggest = (covered: boolean[]) =>
        suggestInterviewGrade({ covered: covered.filter(Boolean).length, total: covered.length, ms, spoken });
      const choice = await ui.checkAnswer(
        {
          title,
          taken: ui.clockText(ms),
          ...(spoken ? {} : { typed: text }),
          answer: card.draft ? '' : renderMarkdown(card.answer, width),
          keyPoints: card.keyPoints.map((k) => renderMarkdown(k, width - 8)),
          covered: checked,
          ...(verdict?.notes.length ? { notes: verdict.notes } : {}),
          ...(verdict?.errors.length ? { errors: verdict.errors } : {}),
          spoken,
          suggested: suggest(checked),
          schedule: start.schedule,
          width,
          rows,
        },
        suggest,
      );
      if (choice.type === 'quit') break;
      const at = now();
      let review: string | undefined;
      if (start.schedule) {
        const events = gradeEvents(store, schedulers.of(card), card, choice.rating, at, ms, spoken ? undefined : text);
        // The review, then the record that names it: both durably on disk before the next question.
        store.append(...events);
        review = events[0]?.id;
      }
      const record: InterviewAnswer = {
        type: 'answer',
        id: log.newId(at),
        interview: start.id,
        t: at.toISOString(),
        card: card.id,
        question: card.question.slice(0, 2000),
        topic: groupOf(card),
        ...(next.followUpOf ? { followUpOf: next.followUpOf } : {}),
        ms,
        covered: card.keyPoints.filter((_, i) => choice.covered[i]).slice(0, 64),
        missed: card.keyPoints.filter((_, i) => !choice.covered[i]).slice(0, 64),
        suggested: suggest(choice.covered),
        grade: choice.rating,
        ...(spoken ? {} : { answer: text.slice(0, MAX_ANSWER_CHARS) }),
        ...(verdict?.source === 'model' ? { grader: 'model' as const, errors: verdict.errors.slice(0, 10) } : {}),
        ...(review ? { review } : {}),
      };
      log.append(record);
      iv.answers.push(record);
      asked.push({ card: card.id, grade: choice.rating, ...(next.followUpOf ? { followUpOf: next.followUpOf } : {}) });
    }
  } catch (e) {
    if (!(e instanceof ui.Interrupted)) throw e;
    interrupted = true;
  } finally {
    log.close();
    store.saveSnapshot();
    store.close();
  }
  const { reportLines } = await import('../ui/interview-report.js');
  process.stdout.write('\u001B[2J\u001B[3J\u001B[H');
  const lines = reportLines(iv, Math.min(termWidth(), 100));
  if (interrupted) lines.unshift(chalk.yellow(t('iv.report.stopped', { n: iv.answers.length })), '');
  if (iv.answers.length > 0) lines.push('', chalk.dim(t('iv.report.saved')));
  process.stdout.write(`${lines.join('\n')}\n`);
  return interrupted ? 130 : 0;
}

/**
 * A typed answer checked against the card: by the model grader when the settings name one (the
 * user is told once per URL what is sent and where; any failure falls back, with one line why),
 * else offline. Lines to show come back as `notes`.
 */
async function checkTyped(card: Card, text: string, store: ProgressStore) {
  const notes: string[] = [];
  const model = graderConfig(store.settings);
  if (model) process.stdout.write(`\n${t('iv.checking', { model: model.model })}\n`);
  const outcome = await gradeTyped(card, text, store, {
    say: (line) => {
      notes.push(line);
      process.stdout.write(`${line}\n`);
    },
  });
  return { covered: outcome.covered, errors: outcome.errors, source: outcome.source, notes };
}

/** The review (and a leech's suspension) for a grade, from the card's deck preset or the user's settings. */
function gradeEvents(
  store: ProgressStore,
  scheduler: Scheduler,
  card: Card,
  rating: Rating,
  at: Date,
  ms: number,
  typed: string | undefined,
): ProgressEvent[] {
  return gradeCard({
    cardId: card.id,
    progress: store.progress.get(card.id),
    rating,
    now: at,
    scheduler,
    settings: store.settings,
    newId: () => store.newEventId(at),
    ms,
    ...(typed !== undefined ? { typed } : {}),
  }).events;
}

/** The user's scheduler, and each deck preset's, made on first use (as in study). */
function schedulersFor(store: ProgressStore) {
  const fuzz = process.env.LLM_QUIZ_FUZZ_SEED ?? 'llm-quiz';
  const user = createScheduler(store.settings, fuzz);
  const decks = new Map<string, Scheduler>();
  return {
    user,
    of(card: Card): Scheduler {
      if (!presetNameFor(store.settings, card.deckId)) return user;
      let s = decks.get(card.deckId);
      if (!s) {
        s = createScheduler(settingsFor(store.settings, card.deckId), fuzz);
        decks.set(card.deckId, s);
      }
      return s;
    },
  };
}

/**
 * What a question counts for in the spread and the report: with --topic, the first named topic
 * the card falls under (its sub-topics count for it); otherwise the card's own first topic.
 */
function groupsFor(ctx: ReturnType<typeof makeContext>, wanted: string[] | undefined, cards: Card[]): (c: Card) => string {
  const own = (c: Card) => c.topics[0] ?? c.deckId;
  if (!wanted?.length) return own;
  const { map } = loadTopicMap(ctx.sources);
  const expanded = wanted.map((w) => ({ w, all: new Set(expandTopicFilter(map, [w])) }));
  const memo = new Map<string, string>();
  for (const c of cards) {
    const hit = expanded.find((e) => e.all.has(c.deckId) || c.topics.some((x) => e.all.has(x)));
    memo.set(c.id, hit?.w ?? own(c));
  }
  return (c) => memo.get(c.id) ?? own(c);
}

/** Cards answered Again in the recent window or relearning now: the freshest weak spots. */
function recentLapses(store: ProgressStore): Set<string> {
  const out = new Set<string>();
  for (const e of store.recent) if (e.type === 'review' && e.rating === 1 && !e.cram) out.add(e.card);
  for (const [id, p] of store.progress) if (p.fsrs?.state === 3) out.add(id);
  return out;
}

/**
 * `Ctrl+E`: the answer so far in $VISUAL / $EDITOR, at its last line, in a temporary file outside
 * the data directory (removed afterwards). When no editor runs, the text is unchanged and
 * `message` says why.
 */
function editInEditor(text: string): { text: string; message?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'llm-quiz-answer-'));
  const file = join(dir, 'answer.md');
  try {
    writeFileSync(file, text);
    const run = runEditor(file, text.split('\n').length);
    const out = run.ran ? readFileSync(file, 'utf8').replace(/\n+$/, '') : text;
    return { text: out, ...(run.message ? { message: run.message } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `interview --history [--markdown]`. */
async function printHistory(o: InterviewOptions): Promise<number> {
  const ctx = makeContext(o);
  const store = openStore(ctx, {}, false);
  const timeZone = zoneOf(store.settings.timezone);
  const ivs = readInterviews(store.dir);
  store.close();
  const ui = await import('../ui/interview-report.js');
  const text = o.markdown
    ? ui.historyMarkdown(ivs, timeZone)
    : `${ui.historyLines(ivs, Math.min(termWidth(), 100), timeZone).join('\n')}\n`;
  process.stdout.write(text);
  return 0;
}
