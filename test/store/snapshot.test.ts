import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.js';
import { readSnapshot, writeSnapshot } from '../../src/store/snapshot.js';
import { BASE, review, state } from '../fixtures/store/events.js';
import { tmp } from '../helpers.js';

const SNAP = {
  logs: { 'a.jsonl': { offset: 120, lines: 3 } },
  cards: { x: { fsrs: state(1), suspended: false, lastKey: 'k' } },
  recent: [review('r1', BASE, 'x', 1)],
  problems: [],
};

describe('snapshot file', () => {
  it('reads back what it wrote, with the schema', () => {
    const file = join(tmp(), 'snapshot.json');
    writeSnapshot(file, SNAP);
    expect(JSON.parse(readFileSync(file, 'utf8')).schema).toBe(1);
    expect(readSnapshot(file, [])).toEqual({ schema: 1, ...SNAP });
  });

  it('is absent when there is none or it is from an older version (a rebuild migrates it)', () => {
    const dir = tmp();
    expect(readSnapshot(join(dir, 'snapshot.json'), [])).toBeUndefined();
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ ...SNAP, schema: 0 }));
    expect(readSnapshot(join(dir, 'snapshot.json'), [])).toBeUndefined();
    expect(existsSync(join(dir, 'snapshot.json'))).toBe(true);
  });

  it('sets a snapshot of the wrong shape aside with a warning', () => {
    const dir = tmp();
    const file = join(dir, 'snapshot.json');
    writeFileSync(file, JSON.stringify({ ...SNAP, schema: 1, logs: { 'a.jsonl': { offset: -1, lines: 0 } } }));
    const problems: Problem[] = [];
    expect(readSnapshot(file, problems)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^snapshot\.json\.corrupt-\d+$/)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, severity: 'warning' });
  });

  it('refuses a newer snapshot and leaves it in place', () => {
    const file = join(tmp(), 'snapshot.json');
    writeFileSync(file, JSON.stringify({ schema: 3 }));
    expect(() => readSnapshot(file, [])).toThrow(/newer llm-quiz \(schema 3/);
    expect(existsSync(file)).toBe(true);
  });
});
