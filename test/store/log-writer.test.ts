import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_START, readLogFrom } from '../../src/store/log-format.js';
import { LogWriter } from '../../src/store/log-writer.js';
import { BASE, review } from '../fixtures/store/events.js';
import { tmp } from '../helpers.js';

describe('LogWriter', () => {
  it('starts a new log with a header naming the device, then whole event lines', () => {
    const dir = join(tmp(), 'logs');
    const w = new LogWriter(dir, 'dev-a');
    const events = [review('r1', BASE, 'x', 1), review('r2', BASE + 1, 'y', 2)];
    w.append(events);
    w.close();
    const lines = readFileSync(w.file, 'utf8').split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ type: 'header', schema: 2, device: 'dev-a' });
    // Reviews are compact rows (log-codec.ts) that read back as the events appended.
    expect(lines.slice(1, 3).map((l) => JSON.parse(l)[0])).toEqual(['r1', 'r2']);
    expect(lines[3]).toBe('');
    expect(readLogFrom(w.file, LOG_START, []).events).toEqual(events);
  });

  it('appends to a log still in schema 1 in schema 1 when it is not asked to migrate it', () => {
    const dir = join(tmp(), 'logs');
    const file = join(dir, 'dev-a.jsonl');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      file,
      `${JSON.stringify({ type: 'header', schema: 1, device: 'dev-a', created: new Date(BASE).toISOString() })}\n`,
    );
    const w = new LogWriter(dir, 'dev-a');
    w.append([review('r1', BASE, 'x', 1)]);
    w.close();
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[1] as string)).toMatchObject({ id: 'r1', type: 'review' });
  });

  it('migrates a log of schema 1 before its first append when given a backup folder', () => {
    const root = tmp();
    const dir = join(root, 'logs');
    const file = join(dir, 'dev-a.jsonl');
    mkdirSync(dir, { recursive: true });
    const old = [review('r0', BASE - 5000, 'x', 3)];
    const v1 = `${JSON.stringify({ type: 'header', schema: 1, device: 'dev-a', created: new Date(BASE).toISOString() })}\n${old.map((e) => `${JSON.stringify(e)}\n`).join('')}`;
    writeFileSync(file, v1);
    const w = new LogWriter(dir, 'dev-a', join(root, 'backup'));
    w.append([review('r1', BASE, 'x', 1)]);
    w.close();
    expect(readFileSync(join(root, 'backup', 'dev-a.jsonl'), 'utf8')).toBe(v1);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ schema: 2 });
    expect(lines.slice(1, 3).map((l) => JSON.parse(l)[0])).toEqual(['r0', 'r1']);
    expect(readLogFrom(file, LOG_START, []).events.map((e) => e.id)).toEqual(['r0', 'r1']);
  });

  it('writes its lines again into a log another process replaced (migrated) under it', () => {
    const root = tmp();
    const dir = join(root, 'logs');
    const w = new LogWriter(dir, 'dev-a');
    w.append([review('r1', BASE, 'x', 1)]);
    // Another process rewrites the log (as migrate.ts does: a new file renamed over the old).
    const copy = join(dir, 'copy');
    writeFileSync(copy, readFileSync(w.file));
    renameSync(copy, w.file);
    w.append([review('r2', BASE + 1, 'y', 2)]);
    w.close();
    expect(readLogFrom(w.file, LOG_START, []).events.map((e) => e.id)).toEqual(['r1', 'r2']);
  });

  it('ends a torn last line before appending, so the new event stays whole', () => {
    const dir = join(tmp(), 'logs');
    const w = new LogWriter(dir, 'dev-a');
    w.append([review('r1', BASE, 'x', 1)]);
    w.close();
    appendFileSync(w.file, '{"id":"torn","t":"2025');
    const again = new LogWriter(dir, 'dev-a');
    again.append([review('r2', BASE + 1, 'x', 2)]);
    again.close();
    const problems: never[] = [];
    const r = readLogFrom(w.file, LOG_START, problems);
    expect(r.events.map((e) => e.id)).toEqual(['r1', 'r2']);
    expect(r.torn).toBe(false);
  });

  it('makes ids that carry the device and time and do not repeat', () => {
    const w = new LogWriter(tmp(), 'dev-a');
    const ids = new Set(Array.from({ length: 1000 }, () => w.newEventId(new Date(BASE))));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(new RegExp(`^dev-a-${BASE.toString(36)}-[0-9a-f]{8}$`));
  });
});
