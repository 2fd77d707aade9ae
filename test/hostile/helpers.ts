import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressEvent } from '../../src/core/progress.js';
import { startPty } from '../e2e/pty.js';
import { deckText, tmp } from '../helpers.js';

/** Escapes a terminal acts on other than our colour codes and http(s) links; '' when there are none. */
export function foreignEscapes(out: string): string {
  const rest = out
    .replace(/\u001B\[[0-9;]*m/g, '')
    .replace(/\u001B\]8;;(?:https?:\/\/[!-~]+)?\u0007/g, '')
    // Inquirer's own cursor movement, erase and show/hide cursor (our code, not the deck's).
    .replace(/\u001B\[[0-9;?]*[ABCDEFGHJKhlr]/g, '');
  const bad = rest.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F][\s\S]{0,12}/g) ?? [];
  return bad.map((b) => JSON.stringify(b)).join(' ');
}

/** An OSC 8 link in the output whose target is not http(s), or whose text is not its URL. */
export function unsafeLinks(out: string): string[] {
  const links = [...out.matchAll(/\u001B\]8;;([^\u0007]*)\u0007([\s\S]*?)\u001B\]8;;\u0007/g)];
  return links
    .filter(([, url, text]) => {
      const shown = (text as string).replace(/\u001B\[[0-9;]*m/g, '').trim();
      return (
        !/^https?:\/\//.test(url as string) || shown.replace(/^https?:\/\//, '') !== (url as string).replace(/^https?:\/\//, '')
      );
    })
    .map(([, url]) => url as string);
}

export interface Pty {
  output: () => string;
  send: (s: string) => void;
  waitFor: (re: RegExp, ms?: number) => Promise<void>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  pid: number;
}

/** Runs the built CLI in an 80x24 pseudo-terminal with a private data directory. */
export function runPty(args: string[], home: string, env: Record<string, string> = {}): Pty {
  const p = startPty(args, home, { LLM_QUIZ_FUZZ_SEED: 'hostile', LANG: 'en_US.UTF-8', ...env });
  return {
    output: p.output,
    send: p.send,
    pid: p.pid,
    exited: p.exited,
    waitFor: async (re, ms = 15_000) => {
      await p.waitFor(re, 0, ms);
    },
  };
}

export interface DeckHome {
  home: string;
  decks: string;
  data: string;
  /** The laptop log of the default user (written when events are given). */
  log: string;
}

/**
 * A temporary home with a deck folder (deck `d`: cards c-a, c-b and `extra`) and, when `events`
 * are given, the default user's log `laptop.jsonl` holding them.
 */
export function deckHome(events?: ProgressEvent[], extra: { id: string; q: string; a: string }[] = []): DeckHome {
  const home = tmp();
  const decks = join(home, 'decks');
  mkdirSync(decks);
  const cards = [{ id: 'c-a', q: 'A?', a: 'a' }, { id: 'c-b', q: 'B?', a: 'b' }, ...extra];
  writeFileSync(join(decks, 'd.md'), deckText('d', cards));
  const data = join(home, 'data');
  const logs = join(data, 'users', 'default', 'logs');
  const log = join(logs, 'laptop.jsonl');
  if (events) {
    mkdirSync(logs, { recursive: true });
    const header = JSON.stringify({ type: 'header', schema: 1, device: 'laptop', created: '2025-03-01T00:00:00.000Z' });
    writeFileSync(log, `${header}\n${events.map((e) => `${JSON.stringify(e)}\n`).join('')}`);
  }
  return { home, decks, data, log };
}
