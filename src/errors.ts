/** Values that fill `{name}` placeholders of a message. */
export type ProblemParams = Record<string, string | number>;

/** An error the user can fix: printed as one clear line, exit code 1 (or `code`). */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly code = 1,
    /** Catalogue key and params of `message`, so the ui can print it in the user's language. */
    readonly text?: { key: string; params?: ProblemParams },
  ) {
    super(message);
  }
}

/** A command line the program cannot run (unknown flag value, missing argument): exit code 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
  constructor(message: string, text?: { key: string; params?: ProblemParams }) {
    super(message, 2, text);
  }
}

/** A problem found in an input file, located at file:line. */
export interface Problem {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  /** English text: what `--json` and logs show, and the fallback of every translation. */
  message: string;
  hint?: string;
  /** Catalogue key of `message` (its hint is `<key>.hint`); see src/core/problems.ts. */
  key?: string;
  params?: ProblemParams;
}

/** Formats a problem as `file:line: error: message (hint)`; `labels` words the severity (e.g. in Chinese). */
export function formatProblem(p: Problem, labels?: Record<Problem['severity'], string>): string {
  const loc = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  return `${loc}: ${labels?.[p.severity] ?? p.severity}: ${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
}
