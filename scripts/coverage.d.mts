// Types for the parts of coverage.mjs the bank tests use (the script itself stays plain Node).
export const EDITIONS: string[];
export const SUBJECTS: Array<[name: string, topics: string[], min: number]>;
/** Prose units of a Markdown text: latin words + CJK characters / 1.6 (code and $$ blocks skipped). */
export function units(md: string): number;
