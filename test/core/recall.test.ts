// Retrievability as the scheduler computes it (the curve's constants worked out once) must be
// exactly ts-fsrs's forgetting curve at the study days elapsed.
import fc from 'fast-check';
import { forgetting_curve, generatorParameters, S_MIN } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import type { StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS } from '../../src/core/scheduler.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-01T12:00:00Z');

describe('scheduler.retrievability', () => {
  it('equals ts-fsrs forgetting_curve for default and fitted parameters (property)', () => {
    const fitted = [...generatorParameters().w];
    fitted[20] = 0.35;
    for (const fsrs_params of [undefined, fitted]) {
      const settings = { ...DEFAULT_SETTINGS, timezone: 'UTC', day_starts_at: 0, ...(fsrs_params ? { fsrs_params } : {}) };
      const sched = createScheduler(settings, null);
      const w = generatorParameters(fsrs_params ? { w: fsrs_params } : {}).w;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 3650 }), fc.double({ min: 0, max: 40_000, noNaN: true }), (days, s) => {
          const last = new Date(NOW.getTime() - days * DAY).toISOString();
          const state: StoredState = { due: last, s, d: 5, reps: 3, lapses: 0, state: 2, step: 0, sched: 1, last };
          expect(sched.retrievability(state, NOW)).toBe(forgetting_curve(w, days, Math.max(S_MIN, s || S_MIN)));
        }),
        { numRuns: 300 },
      );
    }
  });
});
