import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { backupDaily } from '../../src/store/backups.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { BASE, review } from '../fixtures/store/events.js';
import { tmp } from '../helpers.js';

describe('backups', () => {
  it('makes at most one per study day and keeps the newest seven', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.saveSettings({ ...DEFAULT_SETTINGS, day_starts_at: 0, new_per_day: 3 });
    s.append(review('r1', BASE, 'x', 1));
    const root = join(data, 'backups', 'u');
    const day = (n: number) => new Date(Date.parse('2025-03-01T12:00:00Z') + n * 86_400_000);
    const first = s.backupDaily(day(0));
    expect(first).toBe(join(root, '2025-03-01'));
    expect(readFileSync(join(first as string, 'logs', 'dev-a.jsonl'), 'utf8')).toContain('"r1"');
    expect(JSON.parse(readFileSync(join(first as string, 'settings.json'), 'utf8')).new_per_day).toBe(3);
    s.append(review('r2', BASE + 1000, 'x', 2));
    expect(s.backupDaily(new Date(day(0).getTime() + 3_600_000))).toBeUndefined();
    expect(readFileSync(join(first as string, 'logs', 'dev-a.jsonl'), 'utf8')).not.toContain('"r2"');
    for (let n = 1; n <= 9; n++) s.backupDaily(day(n));
    expect(readdirSync(root).sort()).toEqual([
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
      '2025-03-08',
      '2025-03-09',
      '2025-03-10',
    ]);
  });

  it('makes none while there is no log, so the day keeps its backup for real history', () => {
    const data = tmp();
    const dir = join(data, 'users', 'u');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    expect(backupDaily(data, 'u', dir, '2025-03-01')).toBeUndefined();
    writeFileSync(join(dir, 'logs', 'dev-a.jsonl'), 'x\n');
    expect(backupDaily(data, 'u', dir, '2025-03-01')).toBe(join(data, 'backups', 'u', '2025-03-01'));
    // No half-made temporary folder is left next to it.
    expect(readdirSync(join(data, 'backups', 'u'))).toEqual(['2025-03-01']);
  });

  it('keeps the interview records with the logs', () => {
    const data = tmp();
    const dir = join(data, 'users', 'u');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    mkdirSync(join(dir, 'interviews'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'dev-a.jsonl'), 'x\n');
    writeFileSync(join(dir, 'interviews', 'dev-a.jsonl'), '{"type":"header"}\n{"id":"i1"}\n');
    const made = backupDaily(data, 'u', dir, '2025-03-01') as string;
    expect(readFileSync(join(made, 'interviews', 'dev-a.jsonl'), 'utf8')).toContain('"i1"');
  });

  it('stores an unchanged log once: a synced device’s log is linked to the previous copy, a grown one copied', () => {
    const data = tmp();
    const dir = join(data, 'users', 'u');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    const mine = join(dir, 'logs', 'laptop.jsonl');
    const synced = join(dir, 'logs', 'desktop.jsonl');
    writeFileSync(mine, 'h\nr1\n');
    writeFileSync(synced, 'h\nd1\n');
    // Both logs were last written before the first backup.
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(mine, past, past);
    utimesSync(synced, past, past);
    const d1 = backupDaily(data, 'u', dir, '2025-03-01') as string;
    appendFileSync(mine, 'r2\n');
    const d2 = backupDaily(data, 'u', dir, '2025-03-02') as string;
    const ino = (p: string) => statSync(p).ino;
    // The synced log did not change: the second day holds the same file, not a second copy.
    expect(ino(join(d2, 'logs', 'desktop.jsonl'))).toBe(ino(join(d1, 'logs', 'desktop.jsonl')));
    expect(statSync(join(d2, 'logs', 'desktop.jsonl')).nlink).toBe(2);
    // The log that grew is copied whole, and the first day keeps what it had.
    expect(ino(join(d2, 'logs', 'laptop.jsonl'))).not.toBe(ino(join(d1, 'logs', 'laptop.jsonl')));
    expect(readFileSync(join(d2, 'logs', 'laptop.jsonl'), 'utf8')).toBe('h\nr1\nr2\n');
    expect(readFileSync(join(d1, 'logs', 'laptop.jsonl'), 'utf8')).toBe('h\nr1\n');
    // Dropping the older day (as the seven-day rotation does) leaves the newer backup whole.
    rmSync(d1, { recursive: true });
    expect(readFileSync(join(d2, 'logs', 'desktop.jsonl'), 'utf8')).toBe('h\nd1\n');
    // A log changed in place to the same size after the last backup is copied, not linked.
    writeFileSync(synced, 'h\nd2\n');
    const d3 = backupDaily(data, 'u', dir, '2025-03-03') as string;
    expect(readFileSync(join(d3, 'logs', 'desktop.jsonl'), 'utf8')).toBe('h\nd2\n');
    expect(readFileSync(join(d2, 'logs', 'desktop.jsonl'), 'utf8')).toBe('h\nd1\n');
  });
});
