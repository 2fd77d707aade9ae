import { appendFileSync, readFileSync } from 'node:fs';
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
    w.append([review('r1', BASE, 'x', 1), review('r2', BASE + 1, 'y', 2)]);
    w.close();
    const lines = readFileSync(w.file, 'utf8').split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ type: 'header', schema: 1, device: 'dev-a' });
    expect(lines.slice(1, 3).map((l) => JSON.parse(l).id)).toEqual(['r1', 'r2']);
    expect(lines[3]).toBe('');
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
