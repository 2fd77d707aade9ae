import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  effectiveReviews,
  foldEvents,
  foldIncrement,
  mergeEvents,
  type ProgressEvent,
  type ProgressMap,
  validateEvent,
} from '../../src/core/progress.js';
import { BASE, eventsArb, iso, review, state } from '../fixtures/store/events.js';

/** A list and a permutation of it. */
const shuffledArb = eventsArb().chain((evs) =>
  fc.tuple(fc.constant(evs), fc.shuffledSubarray(evs, { minLength: evs.length, maxLength: evs.length })),
);

/** Two overlapping sub-histories of one history (shared ids have identical content, as in real logs). */
const twoLogsArb = eventsArb().chain((evs) => fc.tuple(fc.subarray(evs), fc.subarray(evs)));

const asObject = (m: ProgressMap) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('applyEvent', () => {
  const t0 = BASE;
  it('a review sets the state the writer computed; a cram review leaves it', () => {
    const p = applyEvent(undefined, review('r1', t0, 'x', 3));
    expect(p.fsrs).toEqual(state(3, t0));
    const q = applyEvent(p, review('r2', t0 + 1000, 'x', 9, { cram: true }));
    expect(q.fsrs).toEqual(state(3, t0));
    expect(q.lastKey).toBe(`${iso(t0 + 1000)}|r2`);
  });

  it('undo restores the card exactly as recorded; bury and suspend set flags', () => {
    let p = applyEvent(undefined, review('r1', t0, 'x', 1));
    p = applyEvent(p, { id: 's', t: iso(t0 + 1), type: 'suspend', card: 'x' });
    p = applyEvent(p, { id: 'b', t: iso(t0 + 2), type: 'bury', card: 'x', until: iso(t0 + 9e6) });
    expect(p).toMatchObject({ suspended: true, buriedUntil: iso(t0 + 9e6) });
    p = applyEvent(p, {
      id: 'u',
      t: iso(t0 + 3),
      type: 'undo',
      card: 'x',
      target: 'b',
      restore: { fsrs: null, suspended: false },
    });
    expect(p).toEqual({ fsrs: null, suspended: false, lastKey: `${iso(t0 + 3)}|u` });
  });
});

describe('effectiveReviews', () => {
  it('drops undone and cram reviews', () => {
    const evs: ProgressEvent[] = [
      review('r1', BASE, 'x', 1),
      review('r2', BASE + 10, 'x', 2),
      review('r3', BASE + 20, 'y', 3, { cram: true }),
      { id: 'u', t: iso(BASE + 30), type: 'undo', card: 'x', target: 'r2', restore: { fsrs: state(1), suspended: false } },
    ];
    expect(effectiveReviews(evs).map((e) => e.id)).toEqual(['r1']);
  });
});

describe('merging and folding (properties)', () => {
  it('folding is independent of the order events are read in', () => {
    fc.assert(
      fc.property(shuffledArb, ([evs, shuffled]) => {
        expect(asObject(foldEvents(shuffled))).toEqual(asObject(foldEvents(evs)));
      }),
      { numRuns: 300 },
    );
  });

  it('merging logs is idempotent and order-independent, and so is the state it gives', () => {
    fc.assert(
      fc.property(twoLogsArb, ([a, b]) => {
        const ab = mergeEvents(a, b);
        expect(mergeEvents(b, a)).toEqual(ab);
        expect(mergeEvents(ab, a, b)).toEqual(ab);
        expect(mergeEvents(a, a)).toEqual(mergeEvents(a));
        expect(new Set(ab.map((e) => e.id)).size).toBe(ab.length);
        expect(asObject(foldEvents([...b, ...a, ...b]))).toEqual(asObject(foldEvents(ab)));
      }),
      { numRuns: 300 },
    );
  });

  it('folding newer chunks onto an earlier fold gives the fold of everything, or asks for a rebuild', () => {
    fc.assert(
      fc.property(eventsArb(), fc.nat(), (evs, cut) => {
        const at = evs.length ? cut % (evs.length + 1) : 0;
        const map = foldEvents(evs.slice(0, at));
        const ok = foldIncrement(map, evs.slice(at));
        const sorted = mergeEvents(evs);
        // In time order, an increment never needs a rebuild.
        const inOrder = foldEvents(sorted.slice(0, at));
        expect(foldIncrement(inOrder, sorted.slice(at))).toBe(true);
        expect(asObject(inOrder)).toEqual(asObject(foldEvents(evs)));
        if (ok) expect(asObject(map)).toEqual(asObject(foldEvents(evs)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateEvent', () => {
  const good = review('r1', BASE, 'x', 1);
  it('accepts what the writers write', () => {
    expect(validateEvent(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  it.each([
    ['a time not in toISOString form (would sort wrongly)', { ...good, t: '2025-03-01T08:00:00Z' }, /time/],
    ['a time with an offset', { ...good, t: '2025-03-01T16:00:00.000+08:00' }, /time/],
    ['a rating out of range', { ...good, rating: 5 }, /rating/],
    ['a state with a missing number', { ...good, after: { ...state(1), s: 'x' } }, /after/],
    ['an overlong id', { ...good, id: 'x'.repeat(201) }, /id/],
    ['an unknown type', { ...good, type: 'delete' }, /unknown event type/],
    [
      'an undo without restore.suspended',
      { id: 'u', t: iso(BASE), type: 'undo', card: 'x', target: 'r', restore: { fsrs: null } },
      /restore/,
    ],
    ['a bury without until', { id: 'b', t: iso(BASE), type: 'bury', card: 'x' }, /until/],
    ['an array', [good], /object/],
  ])('rejects %s', (_what, ev, reason) => {
    const r = validateEvent(ev);
    expect(typeof r).toBe('string');
    expect(r).toMatch(reason);
  });
});
