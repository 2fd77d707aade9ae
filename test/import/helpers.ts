import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Card, parseDeck } from '../../src/core/deck.js';
import type { ImportDeck } from '../../src/core/import/model.js';
import { renderDeck } from '../../src/core/import/render.js';
import type { ReviewEvent } from '../../src/core/progress.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { BIN, FIXTURES, runCli } from '../helpers.js';

export const IMPORT_FIXTURES = join(FIXTURES, 'import');

export function fixture(name: string): string {
  return readFileSync(join(IMPORT_FIXTURES, name), 'utf8');
}

/** Writes the deck as Markdown and reads it back with the deck parser, which must find no problem at all. */
export function roundTrip(deck: ImportDeck): Card[] {
  const md = renderDeck(deck, deck.source);
  const { deck: parsed, problems } = parseDeck(md, `${deck.id}.md`);
  expect(problems).toEqual([]);
  expect(parsed?.meta).toMatchObject({ id: deck.id, title: deck.title, topics: deck.topics, language: deck.language });
  return parsed?.cards ?? [];
}

/** A card as `list --json` prints it (the fields the import tests read). */
export interface ListRow {
  id: string;
  deck: string;
  question: string;
  state: string;
  hasAnswer: boolean;
  topics: string[];
}

/** `list --json` for one deck (or all), with nothing on stderr. */
export function listCards(home: string, deck?: string): ListRow[] {
  const r = runCli(['list', ...(deck ? ['--deck', deck] : []), '--json'], { home });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as ListRow[];
}

/** Records one "good" review of a card at `t`, as `study` would. */
export function reviewGood(home: string, card: string, t = '2025-01-01T10:00:00.000Z'): void {
  const store = ProgressStore.open(join(home, 'data'), 'default', { create: true, device: 'test-device' });
  const due = new Date(Date.parse(t) + 3 * 86_400_000).toISOString();
  const event: ReviewEvent = {
    type: 'review',
    id: store.newEventId(new Date(t)),
    t,
    card,
    rating: 3,
    before: null,
    after: { due, s: 3, d: 5, reps: 1, lapses: 0, state: 2, step: 0, sched: 3, last: t },
    ms: 1200,
  };
  store.append(event);
  store.close();
}

/**
 * Runs `llm-quiz ARGS` in a pseudo-terminal (100 columns) with a private data directory;
 * `onText` sees the output so far and may type into the terminal.
 */
export async function runInTerminal(
  args: string[],
  home: string,
  onText: (text: string, write: (s: string) => void) => void = () => {},
): Promise<{ code: number; text: string }> {
  const { spawn } = await import('@lydell/node-pty');
  return new Promise((done) => {
    let text = '';
    const p = spawn(process.execPath, [BIN, ...args], {
      cols: 100,
      rows: 30,
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, LLM_QUIZ_HOME: join(home, 'data'), LANG: 'en_US.UTF-8', TZ: 'UTC' },
    });
    p.onData((d) => {
      text += d;
      onText(text, (s) => p.write(s));
    });
    p.onExit(({ exitCode }) => done({ code: exitCode, text }));
  });
}
