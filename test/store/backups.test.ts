import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
});
