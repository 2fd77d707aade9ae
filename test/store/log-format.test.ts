import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.js';
import { eventLine, headerLine, LOG_START, listLogs, logsShrank, readLogFrom, readLogs } from '../../src/store/log-format.js';
import { BASE, review } from '../fixtures/store/events.js';
import { tmp } from '../helpers.js';

function log(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('readLogFrom', () => {
  it('reads complete lines from an offset and stops before a torn last line', () => {
    const dir = tmp();
    const r1 = review('r1', BASE, 'x', 1);
    const r2 = review('r2', BASE + 1000, 'x', 2);
    const file = log(dir, 'a.jsonl', headerLine('a', new Date(BASE)) + eventLine(r1));
    appendFileSync(file, eventLine(r2).slice(0, 30)); // crash mid-line
    const problems: Problem[] = [];
    const first = readLogFrom(file, LOG_START, problems);
    expect(first.events).toEqual([r1]);
    expect(first.torn).toBe(true);
    expect(first.pos.lines).toBe(2);
    // The rest of the line arrives: the next read starts at the torn line and finds it whole.
    appendFileSync(file, eventLine(r2).slice(30));
    const second = readLogFrom(file, first.pos, problems);
    expect(second.events).toEqual([r2]);
    expect(second.torn).toBe(false);
    expect(second.pos.lines).toBe(3);
    expect(problems).toEqual([]);
  });

  it('names each bad line of a batch by its line number and keeps the good ones', () => {
    const dir = tmp();
    const good = Array.from({ length: 2500 }, (_, i) => review(`r${i}`, BASE + i, 'x', i));
    const lines = good.map((e) => eventLine(e));
    lines.splice(2100, 0, '{"id":"broken"\n'); // in the second batch of 2,000
    lines.splice(5, 0, `${JSON.stringify({ ...good[0], id: 'bad', rating: 9 })}\n`);
    const file = log(dir, 'a.jsonl', headerLine('a', new Date(BASE)) + lines.join(''));
    const problems: Problem[] = [];
    const r = readLogFrom(file, LOG_START, problems);
    expect(r.events).toHaveLength(2500);
    expect(problems.map((p) => [p.line, p.message.includes('not valid JSON')])).toEqual([
      [7, false],
      [2103, true],
    ]);
  });

  it('refuses a log whose header is from a newer llm-quiz', () => {
    const dir = tmp();
    const file = log(dir, 'a.jsonl', `${JSON.stringify({ type: 'header', schema: 5, device: 'a' })}\n`);
    expect(() => readLogFrom(file, LOG_START, [])).toThrow(/newer llm-quiz \(schema 5/);
  });
});

describe('a folder of logs', () => {
  it('lists only .jsonl files, in name order, and none for a missing folder', () => {
    const dir = tmp();
    log(dir, 'b.jsonl', '');
    log(dir, 'a.jsonl', '');
    log(dir, 'notes.txt', '');
    expect(listLogs(dir)).toEqual(['a.jsonl', 'b.jsonl']);
    expect(listLogs(join(dir, 'missing'))).toEqual([]);
  });

  it('reads each log from its own position and notices a log that vanished or shrank', () => {
    const dir = tmp();
    const a = log(dir, 'a.jsonl', headerLine('a', new Date(BASE)) + eventLine(review('a1', BASE, 'x', 1)));
    log(dir, 'b.jsonl', headerLine('b', new Date(BASE)) + eventLine(review('b1', BASE, 'y', 1)));
    const all = readLogs(dir, listLogs(dir), {}, []);
    expect(all.events.map((e) => e.id)).toEqual(['a1', 'b1']);
    appendFileSync(a, eventLine(review('a2', BASE + 1, 'x', 2)));
    const more = readLogs(dir, listLogs(dir), all.positions, []);
    expect(more.events.map((e) => e.id)).toEqual(['a2']);
    expect(logsShrank(dir, listLogs(dir), more.positions)).toBe(false);
    expect(logsShrank(dir, ['a.jsonl'], more.positions)).toBe(true);
    writeFileSync(a, headerLine('a', new Date(BASE)));
    expect(logsShrank(dir, listLogs(dir), more.positions)).toBe(true);
  });
});
