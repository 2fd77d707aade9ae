import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.js';
import { readSnapshot, writeSnapshot } from '../../src/store/snapshot.js';
import { BASE, review, state } from '../fixtures/store/events.js';
import { tmp } from '../helpers.js';

const SNAP = {
  logs: { 'a.jsonl': { offset: 120, lines: 3 } },
  cards: new Map([
    ['x', { fsrs: state(1), suspended: false, lastKey: 'k' }],
    ['y', { fsrs: null, suspended: true, buriedUntil: '2025-03-02T04:00:00.000Z', lastKey: 'k2' }],
  ]),
  recent: [review('r1', BASE, 'x', 1)],
  problems: [],
};

function read(file: string, problems: Problem[] = []) {
  const s = readSnapshot(file, problems);
  return s && { ...s, recent: s.readRecent(), readRecent: undefined };
}

describe('snapshot file', () => {
  it('reads back what it wrote, with the schema', () => {
    const file = join(tmp(), 'snapshot.json');
    writeSnapshot(file, SNAP);
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0] as string).schema).toBe(2);
    expect(read(file)).toEqual({ schema: 2, ...SNAP, readRecent: undefined });
  });

  it('keeps card states as id and state arrays on the first line, the recent window on the second', () => {
    const file = join(tmp(), 'snapshot.json');
    writeSnapshot(file, SNAP);
    const [head, recent, more] = readFileSync(file, 'utf8').split('\n');
    expect(more).toBeUndefined();
    expect(JSON.parse(head as string).cards).toEqual({ ids: ['x', 'y'], states: [...SNAP.cards.values()] });
    expect(head).not.toContain('r1');
    expect(JSON.parse(recent as string)).toEqual(SNAP.recent);
  });

  it('parses the recent window only when asked, and says when it cannot', () => {
    const file = join(tmp(), 'snapshot.json');
    writeSnapshot(file, SNAP);
    const [head] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${head}\n[{"id":`);
    const problems: Problem[] = [];
    const s = readSnapshot(file, problems);
    // The first line is whole: the states are there; only the window is missing.
    expect(s?.cards.get('x')).toEqual(SNAP.cards.get('x'));
    expect(s?.readRecent()).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('is absent when there is none or it is from an older version (a rebuild migrates it)', () => {
    const dir = tmp();
    const file = join(dir, 'snapshot.json');
    expect(readSnapshot(file, [])).toBeUndefined();
    const older = { ...SNAP, cards: Object.fromEntries(SNAP.cards) };
    for (const schema of [0, 1]) {
      writeFileSync(file, JSON.stringify({ ...older, schema }));
      expect(readSnapshot(file, [])).toBeUndefined();
      expect(existsSync(file)).toBe(true);
    }
  });

  it('sets a snapshot of the wrong shape aside with a warning', () => {
    const good = () => {
      const f = join(tmp(), 's.json');
      writeSnapshot(f, SNAP);
      return readFileSync(f, 'utf8').split('\n') as [string, string];
    };
    const [head, recent] = good();
    const bad = [
      // Schema 1 of the wrong shape (a negative offset), as before.
      JSON.stringify({ ...SNAP, cards: {}, schema: 1, logs: { 'a.jsonl': { offset: -1, lines: 0 } } }),
      // Schema 2 on one line, ids and states that do not match, a state without its key.
      head,
      `${head.replace('"ids":["x","y"]', '"ids":["x"]')}\n${recent}`,
      `${head.replace('"lastKey":"k2"', '"lastKey":2')}\n${recent}`,
    ];
    for (const text of bad) {
      const dir = tmp();
      const file = join(dir, 'snapshot.json');
      writeFileSync(file, text);
      const problems: Problem[] = [];
      expect(readSnapshot(file, problems)).toBeUndefined();
      expect(readdirSync(dir)).toEqual([expect.stringMatching(/^snapshot\.json\.corrupt-\d+$/)]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ file, severity: 'warning' });
    }
  });

  it('refuses a newer snapshot and leaves it in place', () => {
    const file = join(tmp(), 'snapshot.json');
    writeFileSync(file, `${JSON.stringify({ schema: 3 })}\nanything`);
    expect(() => readSnapshot(file, [])).toThrow(/newer llm-quiz \(schema 3; this version reads up to 2/);
    expect(existsSync(file)).toBe(true);
  });
});
