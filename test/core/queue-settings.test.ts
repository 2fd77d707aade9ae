// Queue settings: per-deck presets (a deck id or prefix*, falling back to the user's settings,
// honoured by the queue's limits), the learn-ahead limit and the session order.
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/deck.js';
import type { ProgressEvent, ProgressMap, StoredState } from '../../src/core/progress.js';
import { buildQueue, order, Session } from '../../src/core/queue.js';
import { createScheduler, DEFAULT_SETTINGS, type Settings } from '../../src/core/scheduler.js';
import { normalizeSettings, parseSetting, settingsFor } from '../../src/core/settings.js';

const NOW = new Date('2026-03-10T10:00:00Z');
const DAY = 86_400_000;
const MIN = 60_000;
const card = (id: string, deckId = 'd') => ({ id, deckId }) as Card;
/** A review card due now, last seen five days ago. */
const dueReview = (): StoredState => ({
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

describe('presets', () => {
  const base: Settings = {
    ...DEFAULT_SETTINGS,
    new_per_day: 5,
    presets: {
      coding: { desired_retention: 0.8, new_per_day: 2 },
      'llm-*': { reviews_per_day: 3 },
      'llm-rl*': { new_per_day: 1 },
    },
  };

  it('a deck gets its own preset, else the longest matching prefix*, else the user settings', () => {
    expect(settingsFor(base, 'coding')).toMatchObject({ desired_retention: 0.8, new_per_day: 2, reviews_per_day: 200 });
    expect(settingsFor(base, 'llm-quant')).toMatchObject({ desired_retention: 0.9, new_per_day: 5, reviews_per_day: 3 });
    expect(settingsFor(base, 'llm-rlhf')).toMatchObject({ new_per_day: 1, reviews_per_day: 200 });
    expect(settingsFor(base, 'other')).toBe(base);
  });

  it('reads presets from the settings file, ignoring bad names and values', () => {
    const { settings, ignored } = normalizeSettings(
      JSON.parse(
        '{"presets": {"coding": {"desired_retention": 0.85, "learning_steps": "1m 1d", "leech_action": "suspend"}, "Bad Name": {"new_per_day": 1}, "__proto__": {"new_per_day": 1}}}',
      ),
    );
    expect(settings.presets).toEqual({ coding: { desired_retention: 0.85, learning_steps: ['1m', '1d'] } });
    expect(ignored).toEqual(['presets.coding.leech_action', 'presets.Bad Name', 'presets.__proto__']);
    expect(Object.getPrototypeOf(settings.presets)).toBe(Object.prototype);
  });

  it('a deck preset retention changes that deck’s intervals', () => {
    const st: StoredState = {
      due: NOW.toISOString(),
      s: 20,
      d: 5,
      reps: 4,
      lapses: 0,
      state: 2,
      step: 0,
      sched: 20,
      last: new Date(NOW.getTime() - 20 * DAY).toISOString(),
    };
    const good = (s: Settings) => createScheduler(s, null).preview(st, 'x', NOW)[3].sched;
    expect(good(settingsFor(base, 'coding'))).toBeGreaterThan(good(base));
  });

  it('the queue takes at most each deck’s new and review limits (what was done in it today counts), and the user’s overall', () => {
    const cards = [
      ...Array.from({ length: 4 }, (_, i) => card(`c${i}`, 'coding')),
      ...Array.from({ length: 4 }, (_, i) => card(`q${i}`, 'llm-quant')),
      ...Array.from({ length: 4 }, (_, i) => card(`o${i}`, 'other')),
    ];
    const progress: ProgressMap = new Map();
    // Five reviews due in llm-quant (limit 3 reviews a day, new cards included).
    for (let i = 0; i < 5; i++) {
      const id = `r${i}`;
      cards.push(card(id, 'llm-quant'));
      progress.set(id, {
        fsrs: dueReview(),
        suspended: false,
        lastKey: '',
      });
    }
    // One coding card was already introduced today.
    const first: ProgressEvent = {
      id: 'e1',
      t: new Date(NOW.getTime() - 3_600_000).toISOString(),
      type: 'review',
      card: 'c0',
      rating: 3,
      before: null,
      after: { due: NOW.toISOString(), s: 2, d: 5, reps: 1, lapses: 0, state: 1, step: 1, sched: 0 },
    };
    progress.set('c0', { fsrs: first.type === 'review' ? first.after : null, suspended: false, lastKey: '' });
    const q = buildQueue(cards, progress, [first], { now: NOW, settings: base, retrievability: () => 0.5 });
    const fresh = q.main.filter((id) => q.isNew.has(id));
    expect(fresh.filter((id) => id.startsWith('c'))).toEqual(['c1']); // 2 a day, 1 done
    expect(q.main.filter((id) => id.startsWith('r'))).toHaveLength(3);
    expect(fresh.filter((id) => id.startsWith('q'))).toEqual([]); // llm-quant's 3 are used by reviews
    // The user's overall new limit (5, one done) caps the rest.
    expect(fresh).toHaveLength(4);
    expect(fresh.filter((id) => id.startsWith('o'))).toEqual(['o0', 'o1', 'o2']);
  });
});

// Configurable learn-ahead limit and the order of new cards and reviews in a session.
function queue(queue_order: Settings['queue_order']) {
  const cards = ['r1', 'r2', 'r3', 'r4', 'n1', 'n2'].map((id) => card(id));
  const progress: ProgressMap = new Map(
    ['r1', 'r2', 'r3', 'r4'].map((id) => [id, { fsrs: dueReview(), suspended: false, lastKey: '' }]),
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
