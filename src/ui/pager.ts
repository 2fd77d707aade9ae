/**
 * Long output through a pager, as git does: `$PAGER` (default `less -R`, with `LESS=FRX` unless
 * set, so a page that fits just prints) when stdout is a terminal and the text is taller than it.
 * Never for pipes, files or CI, nor with `--no-pager`; a pager that cannot run falls back to stdout.
 */
import { spawnSync } from 'node:child_process';

export interface PageOptions {
  /** False for `--no-pager`. */
  pager?: boolean;
}

/** True when `text` should go through the pager (pure: terminal facts and environment in). */
export function wantsPager(
  text: string,
  o: PageOptions,
  term: { isTTY: boolean; rows: number | undefined },
  env: NodeJS.ProcessEnv,
): boolean {
  if (o.pager === false || !term.isTTY || env.CI || env.PAGER === '' || env.PAGER === 'cat') return false;
  const lines = text.split('\n').length;
  return lines > (term.rows || 24) - 1;
}

/** Writes `text` (ending with a newline) to the terminal, through the pager when it is long. */
export function page(text: string, o: PageOptions, env: NodeJS.ProcessEnv = process.env): void {
  if (!wantsPager(text, o, { isTTY: Boolean(process.stdout.isTTY), rows: process.stdout.rows }, env)) {
    process.stdout.write(text);
    return;
  }
  const [cmd, ...args] = (env.PAGER || 'less -R').trim().split(/\s+/);
  const r = spawnSync(cmd as string, args, {
    input: text,
    stdio: ['pipe', 'inherit', 'inherit'],
    env: { ...env, LESS: env.LESS ?? 'FRX' },
  });
  if (r.error) process.stdout.write(text);
}
