/** An error the user can fix: printed as one clear line, exit code 1 (or `code`). */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/** A problem found in an input file, located at file:line. */
export interface Problem {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
}

/** Formats a problem as `file:line: error: message (hint)`; `labels` words the severity (e.g. in Chinese). */
export function formatProblem(p: Problem, labels?: Record<Problem['severity'], string>): string {
  const loc = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  return `${loc}: ${labels?.[p.severity] ?? p.severity}: ${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
}
