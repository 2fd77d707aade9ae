/**
 * What one line of a log holds: a checked event, a header, or a problem reported with its line
 * number. Shared by the two readers (log-format.ts readLogFrom, log-stream.ts).
 */
import { problem, problemText } from '../core/problems.js';
import { eventProblem, type ProgressEvent } from '../core/progress.js';
import { type Problem, UserError } from '../errors.js';
import { decodeReview, type LastStates } from './log-codec.js';

/** Version of the snapshot and settings files. */
export const SCHEMA = 1;
/** Version of the logs: 2 since reviews are compact rows (log-codec.ts); 1 is still read. */
export const LOG_SCHEMA = 2;

/** An event dated more than this far ahead of the clock is from the future (a wrong clock, an edited file). */
export const FUTURE_SLACK_MS = 86_400_000;

/** The refusal of a file written by a newer llm-quiz (the file is left as it is). */
export function newerSchema(file: string, found: number, max = SCHEMA): UserError {
  const params = { file, found, max };
  return new UserError(problemText('problem.store.newerSchema', params), 1, { key: 'problem.store.newerSchema', params });
}

/** Where a line comes from, and where its problems go. */
export interface LineContext {
  file: string;
  /** The file's base name, for messages. */
  name: string;
  /** The device of the log's compact rows. */
  device: string;
  problems: Problem[];
}

/**
 * The event a parsed line holds, checked; undefined for a header (skipped; one of a newer
 * schema is refused) or a line that is not a valid event (reported in ctx.problems).
 */
export function lineEvent(obj: unknown, ctx: LineContext, lineNo: number, lastStates?: LastStates): ProgressEvent | undefined {
  // A compact row is checked as it is decoded: what it gives is a valid review.
  const row = Array.isArray(obj) ? decodeReview(obj, ctx.device, lastStates) : undefined;
  const o = obj as Record<string, unknown> | null;
  if (!row && o && o.type === 'header') {
    if (typeof o.schema === 'number' && o.schema > LOG_SCHEMA) throw newerSchema(ctx.file, o.schema, LOG_SCHEMA);
    return undefined;
  }
  const why = row ? undefined : Array.isArray(obj) ? { key: 'problem.event.badRow' as const } : eventProblem(obj);
  if (why) {
    // The reason is a message of its own: `reasonKey` lets the ui translate it inside this one.
    const params = { log: ctx.name, reasonKey: why.key, ...why.params };
    ctx.problems.push(problem(ctx.file, lineNo, 'warning', 'problem.log.badEvent', params));
    return undefined;
  }
  return row ?? (obj as ProgressEvent);
}

/** Reports an event from the future, counted at `at` (see Clock). */
export function futureProblem(ctx: LineContext, lineNo: number, t: string, at: string): void {
  ctx.problems.push(problem(ctx.file, lineNo, 'warning', 'problem.log.future', { log: ctx.name, t, at }));
}

/** Reports a line that is not JSON. */
export function badJson(ctx: LineContext, lineNo: number): void {
  ctx.problems.push(problem(ctx.file, lineNo, 'warning', 'problem.log.badJson', { log: ctx.name }));
}
