import { default_w, FSRSAlgorithm, generatorParameters } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { fitParameters } from '../../src/commands/optimize.js';
import { cardHistories, countPredictable, evaluate, trainingItems } from '../../src/core/optimize.js';
import { effectiveReviews, type Rating, type ReviewEvent, type StoredState } from '../../src/core/progress.js';
import { simulateLearner } from './learner.js';

const state = (s: 0 | 1 | 2 | 3): StoredState => ({
  due: '2026-01-01T00:00:00Z',
  s: 1,
  d: 5,
  reps: 1,
  lapses: 0,
  state: s,
  step: 0,
  sched: 1,
});
let seq = 0;
const rev = (t: string, card: string, rating: Rating, before: StoredState | null): ReviewEvent => ({
  id: `r${String(seq++).padStart(4, '0')}`,
  type: 'review',
  t,
  card,
  rating,
  before,
  after: state(2),
});

describe('card histories', () => {
  // Shanghai (UTC+8), day starts 04:00 local = 20:00Z the previous calendar day.
  const reviews = [
    rev('2026-01-01T01:00:00Z', 'a', 3, null), // 09:00 1/1 → day 1/1
    rev('2026-01-01T01:10:00Z', 'a', 3, state(1)), // same day: deltaT 0
    rev('2026-01-01T19:30:00Z', 'a', 3, state(2)), // 03:30 1/2 → still day 1/1: deltaT 0
    rev('2026-01-01T20:30:00Z', 'a', 1, state(2)), // 04:30 1/2 → day 1/2: deltaT 1
    rev('2026-01-11T02:00:00Z', 'a', 3, state(3)), // day 1/11: deltaT 9
    rev('2026-01-03T02:00:00Z', 'b', 3, state(2)), // b's log starts mid-history: left out
    rev('2026-01-04T02:00:00Z', 'b', 3, state(2)),
    rev('2026-01-05T02:00:00Z', 'c', 4, null),
  ];
  const h = cardHistories(reviews, 4, 'Asia/Shanghai');

  it('counts whole study days between a card’s reviews, in the user’s zone and day start', () => {
    expect(h.find((x) => x.card === 'a')?.reviews.map((r) => [r.rating, r.deltaT])).toEqual([
      [3, 0],
      [3, 0],
      [3, 0],
      [1, 1],
      [3, 9],
    ]);
  });

  it('leaves out cards whose first logged review is not of a new card', () => {
    expect(h.map((x) => x.card).sort()).toEqual(['a', 'c']);
  });

  it('makes one training item per review on a later day, holding the history up to it', () => {
    expect(countPredictable(h)).toBe(2);
    expect(trainingItems(h)).toEqual([
      [
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 1, deltaT: 1 },
      ],
      [
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 1, deltaT: 1 },
        { rating: 3, deltaT: 9 },
      ],
    ]);
  });

  it('uses only reviews before a cut-off time when asked', () => {
    expect(trainingItems(h, Date.parse('2026-01-05T00:00:00Z'))).toHaveLength(1);
  });
});

describe('evaluate', () => {
  const h = [
    {
      card: 'a',
      reviews: [
        { rating: 3 as Rating, deltaT: 0, t: 0 },
        { rating: 3 as Rating, deltaT: 3, t: 1 },
        { rating: 1 as Rating, deltaT: 10, t: 2 },
      ],
    },
  ];

  it('scores each later-day review by the forgetting curve from the replayed memory state', () => {
    // By hand: S0(Good) = w2; R(t, S) = (1 + factor·t/S)^-decay with decay = w20, factor = 0.9^(-1/decay) - 1.
    const w = default_w;
    const decay = w[20] as number;
    const factor = 0.9 ** (-1 / decay) - 1;
    const p1 = (1 + (factor * 3) / (w[2] as number)) ** -decay;
    const algo = new FSRSAlgorithm(generatorParameters({ w: [...w] }));
    const s2 = algo.next_state(algo.next_state(null, 0, 3), 3, 3).stability;
    const p2 = (1 + (factor * 10) / s2) ** -decay;
    const e = evaluate(null, h);
    expect(e.n).toBe(2);
    expect(e.logLoss).toBeCloseTo(-(Math.log(p1) + Math.log(1 - p2)) / 2, 6);
    // deltaT 3 and 10 fall in different interval bins, so each bin holds one review.
    expect(e.rmseBins).toBeCloseTo(Math.sqrt(((1 - p1) ** 2 + p2 ** 2) / 2), 6);
  });

  it('scores only reviews at or after `from`', () => {
    expect(evaluate(null, h, 2).n).toBe(1);
  });

  it('tells parameter sets apart: a faster forgetting curve predicts the failure better', () => {
    const fast = [...default_w];
    fast[2] = 0.5; // Good on a new card gives half a day of stability instead of 2.3
    const onlyFailure = [
      { card: 'f', reviews: [h[0]?.reviews[0], { rating: 1 as Rating, deltaT: 5, t: 1 }] as (typeof h)[0]['reviews'] },
    ];
    expect(evaluate(fast, onlyFailure).logLoss).toBeLessThan(evaluate(null, onlyFailure).logLoss);
  });
});

describe('optimize on a simulated learner', () => {
  it('fits parameters that predict held-out reviews better than the defaults', async () => {
    // The learner forgets much faster than FSRS's defaults assume (low initial stabilities,
    // slow growth, steeper curve); the app schedules with the defaults.
    const trueParams = [...default_w];
    trueParams[0] = 0.1;
    trueParams[1] = 0.6;
    trueParams[2] = 1.2;
    trueParams[3] = 4;
    trueParams[8] = 1.0;
    trueParams[20] = 0.5;
    const events = simulateLearner({ trueParams, cards: 400, days: 240, newPerDay: 4, seed: 42, start: '2025-01-01' });
    const reviews = effectiveReviews(events);
    expect(reviews.length).toBeGreaterThan(4000);
    const histories = cardHistories(reviews, 4, 'UTC');
    // Fit on the first 80% of reviews by time; score the remaining 20%.
    const cut = Date.parse((reviews[Math.floor(reviews.length * 0.8)] as ReviewEvent).t);
    const fitted = await fitParameters(trainingItems(histories, cut));
    expect(fitted).toHaveLength(21);
    const byDefault = evaluate(null, histories, cut);
    const byFit = evaluate(fitted, histories, cut);
    const byTruth = evaluate(trueParams, histories, cut);
    console.log(
      `simulated learner: ${reviews.length} reviews, ${byFit.n} held out; log loss default ${byDefault.logLoss.toFixed(4)}, ` +
        `fitted ${byFit.logLoss.toFixed(4)}, true ${byTruth.logLoss.toFixed(4)}; RMSE(bins) default ${byDefault.rmseBins.toFixed(4)}, ` +
        `fitted ${byFit.rmseBins.toFixed(4)}, true ${byTruth.rmseBins.toFixed(4)}`,
    );
    expect(byFit.n).toBeGreaterThan(500);
    expect(byFit.logLoss).toBeLessThan(byDefault.logLoss);
    expect(byFit.rmseBins).toBeLessThan(byDefault.rmseBins);
  });
});
