import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reviewDaysOf } from '../../src/core/stats.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { topicDays } from '../../src/store/topic-days.js';
import { BASE, review, type Written, writtenArb } from '../fixtures/store/events.js';
import { tmp } from '../helpers.js';

const NOW = new Date(BASE + 86_400_000);
const ONLY = new Set(['c-a', 'c-c']);
const HEADER = (device: string) =>
  `${JSON.stringify({ type: 'header', schema: 1, device, created: new Date(BASE).toISOString() })}\n`;
const logs = (data: string) => join(data, 'users', 'u', 'logs');
const cacheFile = (data: string) => join(data, 'users', 'u', 'topic-days.json');

/** What `stats --topic` counted before: the cards' events among all events read as objects. */
function recount(s: ProgressStore, only = ONLY) {
  return reviewDaysOf(
    s.readAllEvents().filter((e) => only.has(e.card)),
    s.settings,
  ).days;
}

function write(data: string, written: Written[]): void {
  mkdirSync(logs(data), { recursive: true });
  for (const { e, dev } of written) {
    const file = join(logs(data), `dev-${dev}.jsonl`);
    if (!existsSync(file)) writeFileSync(file, HEADER(`dev-${dev}`));
    appendFileSync(file, `${JSON.stringify(e)}\n`);
  }
}

/** Adds `n` reviews to every day total of the cache file (a mark: totals carried over keep it). */
function markCache(data: string, n: number): void {
  const o = JSON.parse(readFileSync(cacheFile(data), 'utf8'));
  for (const d of Object.values(o.entries[0].days.days) as { reviews: number }[]) d.reviews += n;
  writeFileSync(cacheFile(data), JSON.stringify(o));
}

const total = (days: Record<string, { reviews: number }>) => Object.values(days).reduce((n, d) => n + d.reviews, 0);

describe('review totals of some cards (stats --topic)', () => {
  it('equal a recount of the logs after any appends, read from the cache and the new lines (property)', () => {
    fc.assert(
      fc.property(writtenArb(3, 50), fc.array(fc.nat(50), { maxLength: 4 }), (written: Written[], cuts) => {
        const data = tmp('llmq-topic-days-');
        const bounds = [...new Set([...cuts.map((c) => c % (written.length + 1)), written.length])].sort((a, b) => a - b);
        let from = 0;
        for (const to of bounds) {
          write(data, written.slice(from, to));
          from = to;
          const s = ProgressStore.open(data, 'u', { device: 'reader' });
          expect(topicDays(s, ONLY, NOW).days).toEqual(recount(s));
          s.saveSnapshot();
        }
        rmSync(data, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  });

  it('read only the lines appended since, and count again when a new log appears', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'c-a', 1), review('r2', BASE + 1000, 'c-b', 2));
    expect(topicDays(s, ONLY, NOW).days).toEqual(recount(s));
    markCache(data, 100);
    s.append(review('r3', BASE + 2000, 'c-c', 3), {
      id: 'u1',
      t: new Date(BASE + 3000).toISOString(),
      type: 'undo',
      card: 'c-a',
      target: 'r1',
      restore: { fsrs: null, suspended: false },
    });
    // The totals carried over (the mark stays), with r3 added and r1 taken back.
    const days = topicDays(s, ONLY, NOW).days;
    expect(total(days)).toBe(100 + 1);
    // A log new to the cache may repeat what was counted (a conflict copy): counted again.
    writeFileSync(join(logs(data), 'dev-b.jsonl'), HEADER('dev-b'));
    expect(topicDays(s, ONLY, NOW).days).toEqual(recount(s));
    expect(total(recount(s))).toBe(1);
  });

  it('keep a set of cards each, and count again in the new days when day_starts_at changes', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'c-a', 1), review('r2', BASE + 1000, 'c-b', 2));
    const other = new Set(['c-b']);
    expect(topicDays(s, ONLY, NOW).days).toEqual(recount(s));
    expect(topicDays(s, other, NOW).days).toEqual(recount(s, other));
    expect(JSON.parse(readFileSync(cacheFile(data), 'utf8')).entries).toHaveLength(2);
    s.saveSettings({ ...s.settings, day_starts_at: 11 });
    const days = topicDays(s, ONLY, NOW);
    expect(days.hour).toBe(11);
    expect(days.days).toEqual(recount(s));
  });

  it('take nothing back for an undo naming a review of a card outside the set', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'c-a', 1));
    expect(topicDays(s, ONLY, NOW).days).toEqual(recount(s));
    // A hand-made undo: its card is in the set, its target (r2) is not.
    s.append(review('r2', BASE + 1000, 'c-b', 2), {
      id: 'u1',
      t: new Date(BASE + 2000).toISOString(),
      type: 'undo',
      card: 'c-a',
      target: 'r2',
      restore: { fsrs: null, suspended: false },
    });
    expect(topicDays(s, ONLY, NOW).days).toEqual(recount(s));
    expect(total(recount(s))).toBe(1);
  });

  it('ignore a damaged cache file', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'c-a', 1));
    writeFileSync(cacheFile(data), '{"version":1,"entries":[{"cards":1}, null, "x"]}');
    expect(topicDays(s, ONLY, NOW).days).toEqual(recount(s));
  });
});
