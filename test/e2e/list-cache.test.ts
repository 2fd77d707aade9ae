// `list --json` written back from cache/list-<user>.json when nothing it depends on changed
// (issue 16: at a million reviews, loading the cards and their states was most of the command).
// Whatever changes, the output must be the one the command computes without the cache.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, Rating, StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { deckText, runCli, tmp } from '../helpers.js';

const NOW = '2026-06-20T12:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

const HEADER = `${JSON.stringify({ type: 'header', schema: 1, device: 'dev', created: '2026-01-01T00:00:00.000Z' })}\n`;

function logText(events: ProgressEvent[]): string {
  return HEADER + events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/**
 * Cards a, b, c learnt 3, 40 and 10 days ago (b forgotten once since: a lapse), d new; c buried
 * until two hours after NOW.
 */
function setup(): { home: string; data: string; deck: string; logs: string } {
  const home = tmp();
  const data = join(home, 'data');
  const deck = join(data, 'decks', 'm.md');
  const logs = join(data, 'users', 'default', 'logs');
  mkdirSync(join(data, 'decks'), { recursive: true });
  mkdirSync(logs, { recursive: true });
  const cards = ['a', 'b', 'c', 'd'].map((id) => ({ id, q: `Question ${id}?`, a: 'Answer.' }));
  writeFileSync(deck, deckText('m', cards));
  const sched = createScheduler({ ...DEFAULT_SETTINGS, timezone: 'UTC' }, null);
  const events: ProgressEvent[] = [];
  const review = (card: string, ago: number, rating: Rating, before: StoredState | null) => {
    const t = at(-ago * DAY);
    const after = sched.grade(before, card, new Date(t), rating);
    events.push({ id: `dev-${card}-${ago}`, t, type: 'review', card, rating, before, after } as ProgressEvent);
    return after;
  };
  review('a', 3, 4, null);
  review('b', 39, 1, review('b', 40, 4, null));
  review('c', 10, 4, null);
  events.push({ id: 'dev-bury', t: at(-HOUR), type: 'bury', card: 'c', until: at(2 * HOUR) } as ProgressEvent);
  writeFileSync(join(logs, 'dev.jsonl'), logText(events));
  return { home, data, deck, logs };
}

describe('list --json from its cache', () => {
  it('is the output computed without the cache, however the clock, progress, settings or decks change', () => {
    const { home, data, deck, logs } = setup();
    const cacheFile = join(data, 'cache', 'list-default.json');
    const list = (now: string, cache = true) =>
      runCli(['list', '--json'], { home, env: { LLM_QUIZ_NOW: now, ...(cache ? {} : { LLM_QUIZ_NO_CACHE: '1' }) } });
    /** Three runs (the first saves the snapshot, the second the list) all print what an uncached run does. */
    const same = (now: string) => {
      const want = list(now, false);
      expect(want.code).toBe(0);
      for (let i = 0; i < 3; i++) expect(list(now)).toEqual(want);
      return JSON.parse(want.stdout) as Array<{
        id: string;
        buried: boolean;
        suspended: boolean;
        question: string;
        topics: string[];
      }>;
    };
    const byId = (rows: ReturnType<typeof same>, id: string) => rows.find((r) => r.id === id);

    expect(byId(same(NOW), 'c')?.buried).toBe(true);
    expect(existsSync(cacheFile)).toBe(true);
    // Later the same study day, before and after the burial ends; the next day (recall changes).
    expect(byId(same(at(HOUR)), 'c')?.buried).toBe(true);
    expect(byId(same(at(3 * HOUR)), 'c')?.buried).toBe(false);
    expect(same(at(DAY))).not.toEqual(same(at(2 * DAY)));
    // Progress appended by another command, a setting, a deck edited, another device's log.
    expect(runCli(['suspend', 'a'], { home, env: { LLM_QUIZ_NOW: NOW } }).code).toBe(0);
    expect(byId(same(NOW), 'a')?.suspended).toBe(true);
    expect(byId(same(NOW), 'b')?.topics).not.toContain('leech');
    writeFileSync(join(data, 'users', 'default', 'settings.json'), JSON.stringify({ leech_threshold: 1 }));
    expect(byId(same(NOW), 'b')?.topics).toContain('leech');
    writeFileSync(deck, readFileSync(deck, 'utf8').replace('Question a?', 'Question A, edited?'));
    expect(byId(same(NOW), 'a')?.question).toBe('Question A, edited?');
    writeFileSync(
      join(logs, 'other.jsonl'),
      logText([{ id: 'other-1', t: at(-HOUR), type: 'suspend', card: 'b' } as ProgressEvent]),
    );
    expect(byId(same(NOW), 'b')?.suspended).toBe(true);
  });

  it('is written back from the cache when nothing changed, and not made for a filtered list', () => {
    const { home, data } = setup();
    const cacheFile = join(data, 'cache', 'list-default.json');
    const env = { LLM_QUIZ_NOW: NOW };
    runCli(['list', '--json'], { home, env });
    const first = runCli(['list', '--json'], { home, env }).stdout;
    // Mark the cached output (same length): a run that reads the cache prints the mark.
    const bytes = readFileSync(cacheFile);
    const i = bytes.lastIndexOf('Question a?');
    expect(i).toBeGreaterThan(0);
    bytes.write('Question Z?', i);
    writeFileSync(cacheFile, bytes);
    expect(runCli(['list', '--json'], { home, env }).stdout).toBe(first.replace('Question a?', 'Question Z?'));
    // A filter, a sort, or no cache: computed afresh.
    const ofDeck = (JSON.parse(first) as Array<{ deck: string }>).filter((r) => r.deck === 'm');
    expect(runCli(['list', '--json', '--deck', 'm'], { home, env }).stdout).toBe(`${JSON.stringify(ofDeck)}\n`);
    expect(runCli(['list', '--json'], { home, env: { ...env, LLM_QUIZ_NO_CACHE: '1' } }).stdout).toBe(first);
  });

  it('after a change takes the rows of cards whose state is the same from the cache, not after a setting or a new day', () => {
    const { home, data } = setup();
    const cacheFile = join(data, 'cache', 'list-default.json');
    const list = (now = NOW) => JSON.parse(runCli(['list', '--json'], { home, env: { LLM_QUIZ_NOW: now } }).stdout);
    const question = (rows: Array<{ id: string; question: string }>, id: string) => rows.find((r) => r.id === id)?.question;
    /** Marks card b's row in the cached output (same length): a run that takes it prints the mark. */
    const mark = () => {
      const bytes = readFileSync(cacheFile);
      const i = bytes.lastIndexOf('Question b?');
      expect(i).toBeGreaterThan(0);
      bytes.write('Question Y?', i);
      writeFileSync(cacheFile, bytes);
    };
    list();
    list();
    mark();
    expect(runCli(['suspend', 'a'], { home, env: { LLM_QUIZ_NOW: NOW } }).code).toBe(0);
    // Card a's state changed: its row is computed; b's is the cached one.
    const after = list();
    expect(question(after, 'b')).toBe('Question Y?');
    expect(after.find((r: { id: string }) => r.id === 'a')).toMatchObject({ question: 'Question a?', suspended: true });
    expect(question(list(), 'b')).toBe('Question Y?');
    // The next study day (recall changes) and a setting (the leech threshold): every row computed.
    expect(question(list(at(DAY)), 'b')).toBe('Question b?');
    list();
    list();
    mark();
    writeFileSync(join(data, 'users', 'default', 'settings.json'), JSON.stringify({ leech_threshold: 1 }));
    expect(question(list(), 'b')).toBe('Question b?');
  });

  it('a damaged cache (cut short, not JSON, emptied, another shape) is ignored and made again', () => {
    const { home, data } = setup();
    const cacheFile = join(data, 'cache', 'list-default.json');
    const env = { LLM_QUIZ_NOW: NOW };
    runCli(['list', '--json'], { home, env });
    const first = runCli(['list', '--json'], { home, env }).stdout;
    const good = readFileSync(cacheFile);
    const head = good.subarray(0, good.indexOf(10)).toString();
    for (const damaged of [
      good.subarray(0, good.length - 100),
      Buffer.from(`not json\n${first}`),
      Buffer.alloc(0),
      Buffer.from(`${head.replace(/"day":\d+/, '"day":"today"')}\n${first}`),
    ]) {
      writeFileSync(cacheFile, damaged);
      expect(runCli(['list', '--json'], { home, env }).stdout).toBe(first);
      expect(readFileSync(cacheFile)).toEqual(good);
    }
  });
});
