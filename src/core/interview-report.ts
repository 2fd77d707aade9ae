/**
 * Mock-interview records and what is derived from them: the report at the end of an interview,
 * the history, and the trend `stats` shows. Pure. Records come from per-device logs that sync
 * like reviews (store/interviews.ts), so they are validated here as untrusted input.
 */
import { isSlug } from './deck.js';
import type { Rating } from './progress.js';
import { isIsoTime, MAX_ID_LENGTH } from './progress.js';

/** Written when an interview starts. */
export interface InterviewStart {
  type: 'interview';
  id: string;
  t: string;
  mode: 'typed' | 'spoken';
  /** The selection: `--topic` and `--deck` as given (empty: every deck). */
  topics: string[];
  decks: string[];
  questions?: number;
  minutes?: number;
  /** False with --no-schedule: the grades were not reviews. */
  schedule: boolean;
}

/** Written once per graded question, before the next one shows. */
export interface InterviewAnswer {
  type: 'answer';
  id: string;
  interview: string;
  t: string;
  card: string;
  /** The question as asked (the deck may change later). */
  question: string;
  /** The topic it counted for: the `--topic` it falls under, else the card's first topic. */
  topic: string;
  followUpOf?: string;
  ms: number;
  covered: string[];
  missed: string[];
  suggested: Rating;
  grade: Rating;
  /** The typed answer (absent in spoken mode). */
  answer?: string;
  /** The id of the review event the grade became (absent with --no-schedule). */
  review?: string;
  /** Set when the model grader (not the offline check) marked the key points. */
  grader?: 'model';
  /** Factual errors the model grader found. */
  errors?: string[];
}

export type InterviewLine = InterviewStart | InterviewAnswer;

/** Longest typed answer kept in a record; longer ones are cut (the review log keeps its own copy). */
export const MAX_ANSWER_CHARS = 20_000;
const MAX_TEXT = 2_000;
const MAX_LIST = 64;

const isStr = (x: unknown, max = MAX_TEXT): x is string => typeof x === 'string' && x.length <= max;
const isId = (x: unknown): x is string => isStr(x, MAX_ID_LENGTH) && x.length > 0;
const isRating = (x: unknown): x is Rating => x === 1 || x === 2 || x === 3 || x === 4;
const strList = (x: unknown, ok: (s: unknown) => boolean = isStr): string[] | undefined =>
  Array.isArray(x) && x.length <= MAX_LIST && x.every((s) => ok(s)) ? [...(x as string[])] : undefined;
/** Topics and deck ids are slugs (the drill command is built from them). */
const isSlugText = (x: unknown): x is string => isStr(x, MAX_ID_LENGTH) && isSlug(x);

/**
 * A parsed log line as a record, or undefined when it is not a valid one. Builds a fresh object
 * from the known fields only (nothing else from the file is kept, so no prototype tricks).
 */
export function validateInterviewLine(x: unknown): InterviewLine | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as Record<string, unknown>;
  if (!isId(r.id) || !isIsoTime(r.t)) return undefined;
  if (r.type === 'interview') {
    const topics = strList(r.topics, isSlugText);
    const decks = strList(r.decks, isSlugText);
    if ((r.mode !== 'typed' && r.mode !== 'spoken') || !topics || !decks) return undefined;
    if (typeof r.schedule !== 'boolean') return undefined;
    const count = (v: unknown) =>
      Number.isInteger(v) && (v as number) > 0 && (v as number) <= 10_000 ? (v as number) : undefined;
    const questions = count(r.questions);
    const minutes = count(r.minutes);
    return {
      type: 'interview',
      id: r.id,
      t: r.t,
      mode: r.mode,
      topics,
      decks,
      ...(questions !== undefined ? { questions } : {}),
      ...(minutes !== undefined ? { minutes } : {}),
      schedule: r.schedule,
    };
  }
  if (r.type !== 'answer') return undefined;
  const covered = strList(r.covered);
  const missed = strList(r.missed);
  if (!isId(r.interview) || !isId(r.card) || !isStr(r.question) || !isSlugText(r.topic)) return undefined;
  if (!covered || !missed || !isRating(r.grade) || !isRating(r.suggested)) return undefined;
  if (typeof r.ms !== 'number' || !Number.isFinite(r.ms) || r.ms < 0) return undefined;
  if (r.followUpOf !== undefined && !isId(r.followUpOf)) return undefined;
  if (r.answer !== undefined && !isStr(r.answer, MAX_ANSWER_CHARS)) return undefined;
  if (r.review !== undefined && !isId(r.review)) return undefined;
  const errors = r.errors === undefined ? undefined : strList(r.errors);
  if ((r.grader !== undefined && r.grader !== 'model') || (r.errors !== undefined && !errors)) return undefined;
  return {
    type: 'answer',
    id: r.id,
    interview: r.interview,
    t: r.t,
    card: r.card,
    question: r.question,
    topic: r.topic,
    ...(r.followUpOf !== undefined ? { followUpOf: r.followUpOf } : {}),
    ms: Math.round(r.ms),
    covered,
    missed,
    suggested: r.suggested,
    grade: r.grade,
    ...(r.answer !== undefined ? { answer: r.answer } : {}),
    ...(r.review !== undefined ? { review: r.review } : {}),
    ...(r.grader === 'model' ? { grader: 'model' as const } : {}),
    ...(errors ? { errors } : {}),
  };
}

/** One interview with its answers, in time order. */
export interface Interview {
  start: InterviewStart;
  answers: InterviewAnswer[];
}

/**
 * Interviews from the records of every device, each record once (by id), oldest first. Answers
 * whose start record is missing (a log not synced yet) wait for it rather than invent one.
 */
export function groupInterviews(lines: Iterable<InterviewLine>): Interview[] {
  const seen = new Set<string>();
  const starts = new Map<string, InterviewStart>();
  const answers = new Map<string, InterviewAnswer[]>();
  for (const l of lines) {
    if (seen.has(l.id)) continue;
    seen.add(l.id);
    if (l.type === 'interview') starts.set(l.id, l);
    else {
      const list = answers.get(l.interview) ?? [];
      list.push(l);
      answers.set(l.interview, list);
    }
  }
  const byTime = (a: { t: string; id: string }, b: { t: string; id: string }) =>
    a.t < b.t ? -1 : a.t > b.t ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return [...starts.values()].sort(byTime).map((start) => ({ start, answers: (answers.get(start.id) ?? []).sort(byTime) }));
}

/**
 * How well one question was answered, 0-1: the share of key points covered, or, for a card
 * without key points, the grade (Again 0, Hard ⅓, Good ⅔, Easy 1).
 */
export function answerScore(a: InterviewAnswer): number {
  const total = a.covered.length + a.missed.length;
  return total > 0 ? a.covered.length / total : (a.grade - 1) / 3;
}

export interface TopicScore {
  topic: string;
  questions: number;
  /** Mean answer score, 0-1. */
  score: number;
}

export interface Report {
  questions: number;
  ms: number;
  /** Mean answer score over the questions, 0-1 (null before the first answer). */
  score: number | null;
  topics: TopicScore[];
  /** Up to three topics, weakest first, each with the command that drills it. */
  weakest: { topic: string; score: number; command: string }[];
}

/** The end-of-interview numbers: per topic a score, the weakest three and how to drill them. */
export function interviewReport(iv: Interview): Report {
  const byTopic = new Map<string, number[]>();
  for (const a of iv.answers) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), answerScore(a)]);
  const topics = [...byTopic]
    .map(([topic, s]) => ({ topic, questions: s.length, score: s.reduce((x, y) => x + y, 0) / s.length }))
    .sort((a, b) => a.score - b.score || a.topic.localeCompare(b.topic));
  const weakest = topics
    .filter((x) => x.score < 1)
    .slice(0, 3)
    .map((x) => ({ topic: x.topic, score: x.score, command: `llm-quiz study --topic ${x.topic} --cram` }));
  const scores = iv.answers.map(answerScore);
  return {
    questions: iv.answers.length,
    ms: iv.answers.reduce((a, x) => a + x.ms, 0),
    score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    topics,
    weakest,
  };
}

/** The score of each interview with at least one answer, oldest first: the trend in `stats`. */
export function interviewTrend(ivs: readonly Interview[]): { t: string; questions: number; score: number }[] {
  return ivs.flatMap((iv) => {
    const r = interviewReport(iv);
    return r.score === null ? [] : [{ t: iv.start.t, questions: r.questions, score: r.score }];
  });
}
