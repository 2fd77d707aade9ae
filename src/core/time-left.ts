/**
 * How long what is left of today's study should take, from the user's own answer times. Pure.
 * The header of the study screen shows it next to the cards left by kind.
 */
import type { ProgressEvent } from './progress.js';

/** Answers longer than this were someone away from the keyboard, not thinking (Anki caps at 60 s too). */
const CAP_MS = 60_000;
/** Before the user has answer times of their own: a flashcard answer takes about this long. */
const DEFAULT_MS = 12_000;
/** How many of the latest answers the estimate follows. */
const WINDOW = 200;

/** The median time of the user's latest answers (reviews with a time), capped; a default without any. */
export function msPerAnswer(events: readonly ProgressEvent[]): number {
  const times: number[] = [];
  for (let i = events.length - 1; i >= 0 && times.length < WINDOW; i--) {
    const e = events[i];
    if (e?.type === 'review' && typeof e.ms === 'number' && e.ms > 0) times.push(Math.min(e.ms, CAP_MS));
  }
  if (times.length === 0) return DEFAULT_MS;
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? (times[mid] as number) : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
}

/**
 * Time left for the cards left: a review is one answer, a learning card one more, a new card one
 * answer per learning step (Good through every step) and at least one.
 */
export function timeLeftMs(
  counts: { new: number; learning: number; review: number },
  perAnswer: number,
  learningSteps: number,
): number {
  return (counts.review + counts.learning + counts.new * Math.max(1, learningSteps)) * perAnswer;
}
