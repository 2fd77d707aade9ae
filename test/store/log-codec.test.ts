import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '../../src/core/progress.js';
import { decodeReview, encodeReview, iso } from '../../src/store/log-codec.js';
import { listLogs, readLogs } from '../../src/store/log-format.js';
import { FIXTURES } from '../helpers.js';

const T = '2026-03-01T08:00:20.123Z';
const review: ReviewEvent = {
  id: `laptop-3f9a1c-${Date.parse(T).toString(36)}-0a1b2c3d`,
  t: T,
  type: 'review',
  card: 'quant-ptq-vs-qat',
  rating: 3,
  before: {
    due: '2026-02-27T04:00:00.000Z',
    s: 8.1234,
    d: 5.4012,
    reps: 4,
    lapses: 1,
    state: 2,
    step: 0,
    sched: 5,
    last: '2026-02-22T09:13:02.001Z',
  },
  after: {
    due: '2026-03-13T04:00:00.000Z',
    s: 12.3456,
    d: 5.4321,
    reps: 5,
    lapses: 1,
    state: 2,
    step: 0,
    sched: 12,
    last: '2026-03-01T08:00:20.123Z',
  },
  ms: 8400,
};
const device = 'laptop-3f9a1c';
const row = (e: ReviewEvent) => JSON.parse(encodeReview(e, device) as string) as unknown[];

describe('compact review rows', () => {
  it('give back the very event, key order included', () => {
    const line = encodeReview(review, device) as string;
    expect(JSON.stringify(decodeReview(JSON.parse(line), device))).toBe(JSON.stringify(review));
    // The id's device and time are the row's; its random part is a number.
    expect(JSON.parse(line)[0]).toBe(0x0a1b2c3d);
    expect(line.length).toBeLessThan(150);
    expect(JSON.stringify(review).length).toBeGreaterThan(400);
  });

  it('round-trip every review of the schema-1 fixtures, on both devices', () => {
    const logs = join(FIXTURES, 'store-v1', 'data', 'users', 'default', 'logs');
    const reviews = readLogs(logs, listLogs(logs), {}, []).events.filter((e): e is ReviewEvent => e.type === 'review');
    expect(reviews.length).toBeGreaterThan(250);
    let rows = 0;
    for (const e of reviews) {
      const dev = e.id.startsWith('phone') ? 'phone-77aa00' : device;
      const line = encodeReview(e, dev);
      if (!line) continue;
      rows++;
      expect(JSON.stringify(decodeReview(JSON.parse(line), dev))).toBe(JSON.stringify(e));
    }
    // new cards, typed answers, cram and merged reviews all have rows
    expect(rows).toBe(reviews.length);
  });

  it('keep other ids, a missing time taken, typed answers, cram and a state without a last review', () => {
    const odd: ReviewEvent = {
      ...review,
      id: 'import-anki-1234',
      before: null,
      after: { ...review.after, last: undefined } as never,
      typed: 'quantize after training',
      cram: true,
    };
    delete (odd as { ms?: number }).ms;
    delete (odd.after as { last?: string }).last;
    const r = row(odd);
    expect(r[0]).toBe('import-anki-1234');
    expect(r[4]).toBe(null);
    expect(r[6]).toBe(0);
    expect(JSON.stringify(decodeReview(r, device))).toBe(JSON.stringify(odd));
  });

  it('leave a review that would not come back the same to be written as an object', () => {
    expect(encodeReview({ ...review, note: 'an unknown field' } as never, device)).toBeUndefined();
    expect(encodeReview({ ...review, t: '2026-03-01T08:00:20Z' }, device)).toBeUndefined();
    expect(encodeReview({ ...review, after: { ...review.after, due: 'soon' } }, device)).toBeUndefined();
  });

  it('refuse rows that are not reviews (hostile or damaged lines)', () => {
    const good = row(review);
    const bad: unknown[][] = [
      [],
      good.slice(0, 6),
      [...good, null, 1, 'extra'],
      Object.assign([...good], { 0: -1 }),
      Object.assign([...good], { 0: 2 ** 40 }),
      Object.assign([...good], { 0: 'x'.repeat(201) }),
      Object.assign([...good], { 1: '' }),
      Object.assign([...good], { 1: { toString: 1 } }),
      Object.assign([...good], { 2: 1e20 }),
      Object.assign([...good], { 2: -5 }),
      Object.assign([...good], { 2: 1.5 }),
      Object.assign([...good], { 3: 5 }),
      Object.assign([...good], { 4: '8400' }),
      Object.assign([...good], { 5: [1, 2, 3] }),
      Object.assign([...good], { 5: [1, 2, 3, 4, 5, 9, 0, 1] }),
      Object.assign([...good], { 5: [1e30, 2, 3, 4, 5, 2, 0, 1] }),
      Object.assign([...good], { 6: 1 }),
      [...good, 42],
      [...good, null, true],
    ];
    for (const b of bad) expect(decodeReview(b, device), JSON.stringify(b)).toBeUndefined();
  });

  it('take a card id that names an Object.prototype property as a plain id', () => {
    const e = decodeReview(Object.assign(row(review), { 1: '__proto__' }), device);
    expect(e?.card).toBe('__proto__');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('write times as Date.toISOString does, from 1970 to 9999', () => {
    for (const ms of [0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999])
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => iso(ms) === new Date(ms).toISOString()),
      { numRuns: 5000, seed: 16 },
    );
  });
});
