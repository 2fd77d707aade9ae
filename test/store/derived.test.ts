import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/core/progress.js';
import { reviewDaysOf } from '../../src/core/stats.js';
import { deriveAll, replayFor } from '../../src/store/derived.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { BASE, review, type Written, writtenArb } from '../fixtures/store/events.js';
import { tmp } from '../helpers.js';

const HEADER = (device: string) =>
  `${JSON.stringify({ type: 'header', schema: 1, device, created: new Date(BASE).toISOString() })}\n`;
const logs = (data: string) => join(data, 'users', 'u', 'logs');
// The snapshot's first line (the recent window is on the second).
const snapshotOf = (data: string) =>
  JSON.parse(readFileSync(join(data, 'users', 'u', 'snapshot.json'), 'utf8').split('\n')[0] as string);

/** The totals a full recount of the logs gives (what the cache must always equal). */
function recount(s: ProgressStore) {
  return reviewDaysOf(s.readAllEvents(), s.settings).days;
}

describe('review totals in the snapshot', () => {
  it('are kept on every append and load, so stats need not read the history (property)', () => {
    let fromCache = 0;
    fc.assert(
      fc.property(writtenArb(3, 50), fc.array(fc.nat(50), { maxLength: 4 }), (written: Written[], cuts) => {
        const data = tmp('llmq-days-');
        const bounds = [...new Set([...cuts.map((c) => c % (written.length + 1)), written.length])].sort((a, b) => a - b);
        let from = 0;
        for (const to of bounds) {
          for (const { e, dev } of written.slice(from, to)) {
            const file = join(logs(data), `dev-${dev}.jsonl`);
            mkdirSync(logs(data), { recursive: true });
            if (!existsSync(file)) writeFileSync(file, HEADER(`dev-${dev}`));
            appendFileSync(file, `${JSON.stringify(e)}\n`);
          }
          from = to;
          const s = ProgressStore.open(data, 'u', { device: 'reader' });
          if (s.loadedFrom === 'snapshot' && snapshotOf(data).days) fromCache++;
          expect(s.reviewDays().days).toEqual(recount(s));
          s.saveSnapshot();
        }
        rmSync(data, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
    expect(fromCache).toBeGreaterThan(20);
  });

  it('follow appends without reading the logs again', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'x', 1));
    s.saveSnapshot();
    s.append(review('r2', BASE + 1000, 'x', 2), review('r3', BASE + 2000, 'y', 3));
    expect(s.reviewDays().days).toEqual(recount(s));
    s.saveSnapshot();
    expect(snapshotOf(data).days.days).toEqual(recount(s));
    // The snapshot's totals are what a later process answers from.
    const again = ProgressStore.open(data, 'u');
    expect(again.loadedFrom).toBe('snapshot');
    expect(again.reviewDays().days).toEqual(recount(s));
  });

  it('are recounted when a new log repeats events already counted (a sync conflict copy)', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'x', 1), review('r2', BASE + 1000, 'y', 1));
    s.saveSnapshot();
    s.close();
    copyFileSync(join(logs(data), 'dev-a.jsonl'), join(logs(data), 'dev-a.sync-conflict-1.jsonl'));
    const again = ProgressStore.open(data, 'u');
    expect(again.loadedFrom).toBe('snapshot');
    const total = Object.values(again.reviewDays().days).reduce((n, d) => n + d.reviews, 0);
    expect(total).toBe(2);
  });

  it('are recounted in the new days after day_starts_at changes', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    const late: ProgressEvent = review('r1', Date.parse('2025-03-02T02:00:00Z'), 'x', 1);
    s.append(late);
    const before = Object.keys(s.reviewDays().days);
    s.saveSettings({ ...s.settings, day_starts_at: 0, timezone: 'UTC' });
    const after = Object.keys(s.reviewDays().days);
    expect(before).not.toEqual(after);
    expect(s.reviewDays()).toMatchObject({ hour: 0, zone: 'UTC' });
    expect(s.reviewDays().days).toEqual(recount(s));
  });
});

describe('an empty history', () => {
  it('resolves no time zone: its totals are counted only when stats first asks', () => {
    const settings = ProgressStore.open(tmp(), 'u', { create: true, device: 'dev-a' }).settings;
    // Counting days needs the system zone (ICU start-up): a new user's `list` should not pay it.
    expect(deriveAll([], settings, replayFor(settings)).days).toBeUndefined();
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'x', 1), review('r2', BASE + 86_400_000, 'x', 3));
    expect(s.reviewDays().days).toEqual(recount(s));
    expect(Object.values(s.reviewDays().days).reduce((n, d) => n + d.reviews, 0)).toBe(2);
  });
});
