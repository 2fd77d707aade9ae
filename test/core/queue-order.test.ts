// Configurable learn-ahead limit and the order of new cards and reviews in a session.
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/deck.js';
import type { ProgressMap, StoredState } from '../../src/core/progress.js';
import { buildQueue, order, Session } from '../../src/core/queue.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { parseSetting } from '../../src/core/settings.js';

const NOW = new Date('2026-03-10T10:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
const card = (id: string) => ({ id, deckId: 'd' }) as Card;
const review = (): StoredState => ({
  due: NOW.toISOString(),
  s: 5,
  d: 5,
  reps: 2,
  lapses: 0,
  state: 2,
  step: 0,
  sched: 5,
  last: new Date(NOW.getTime() - 5 * DAY).toISOString(),
});

function queue(queue_order: Settings['queue_order']) {
  const cards = ['r1', 'r2', 'r3', 'r4', 'n1', 'n2'].map(card);
  const progress: ProgressMap = new Map(
    ['r1', 'r2', 'r3', 'r4'].map((id) => [id, { fsrs: review(), suspended: false, lastKey: '' }]),
  );
  return buildQueue(cards, progress, [], { now: NOW, settings: { ...DEFAULT_SETTINGS, queue_order }, retrievability: () => 0.5 })
    .main;
}

describe('queue order', () => {
  it('reviews first (default), new first, or new cards spread evenly among the reviews', () => {
    expect(queue('reviews-first')).toEqual(['r1', 'r2', 'r3', 'r4', 'n1', 'n2']);
    expect(queue('new-first')).toEqual(['n1', 'n2', 'r1', 'r2', 'r3', 'r4']);
    const mixed = queue('mixed');
    expect(mixed).toHaveLength(6);
    expect(mixed.indexOf('n1')).toBeGreaterThan(0);
    expect(mixed.indexOf('n2') - mixed.indexOf('n1')).toBeGreaterThan(1);
    expect(mixed.indexOf('n2')).toBeLessThan(5);
    expect(order(['r1', 'r2'], ['n1'], 'mixed')).toEqual(['r1', 'n1', 'r2']);
    expect(order([], ['n1', 'n2'], 'mixed')).toEqual(['n1', 'n2']);
    expect(parseSetting('queue_order', 'mixed')).toBe('mixed');
    expect(parseSetting('queue_order', 'random')).toBeUndefined();
  });
});

describe('learn-ahead limit', () => {
  it('shows a learning card due within the configured minutes when nothing else is left, not one due later', () => {
    const q = { learning: new Map([['l1', NOW.getTime() + 30 * MIN]]), main: [], isNew: new Set<string>() };
    const end = NOW.getTime() + DAY;
    expect(new Session(q, end).next(NOW)).toBeUndefined(); // Anki's default: 20 minutes
    expect(new Session(q, end, new Map(), 45 * MIN).next(NOW)).toBe('l1');
    expect(new Session(q, end, new Map(), 0).laterToday(NOW)).toBe(1);
    expect(parseSetting('learn_ahead_minutes', '45')).toBe(45);
    expect(parseSetting('learn_ahead_minutes', '2000')).toBeUndefined();
  });
});
