// Learning-step rules, each row citing the Anki behaviour it reproduces:
// rslib/src/scheduler/states/steps.rs (delays), learning.rs and relearning.rs (transitions),
// review.rs (maximum interval), and the Anki manual, "Deck Options > New Cards / Lapses".
import { describe, expect, it } from 'vitest';
import type { Rating, StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS, formatDays, type Settings, shownInterval } from '../../src/core/scheduler.js';
import { Steps } from '../../src/core/steps.js';

const MIN = 60_000;
const DAY = 86_400_000;
const NOW = new Date('2026-05-01T10:00:00.000Z'); // study day 2026-05-01 in UTC, day starts 04:00
const NEXT_DAY = Date.parse('2026-05-02T04:00:00.000Z');

describe('step delays (rslib steps.rs)', () => {
  const rows: Array<{ rule: string; steps: string[]; step: number; again: number; hard: number; good: number | undefined }> = [
    {
      rule: 'steps.rs delay_secs: [1, 10], first step: Hard = (1 + 10) / 2 min',
      steps: ['1m', '10m'],
      step: 0,
      again: MIN,
      hard: 5.5 * MIN,
      good: 10 * MIN,
    },
    {
      rule: 'steps.rs delay_secs: [1, 10], last step: Hard repeats it (10 min); Good graduates',
      steps: ['1m', '10m'],
      step: 1,
      again: MIN,
      hard: 10 * MIN,
      good: undefined,
    },
    {
      rule: 'steps.rs delay_secs: a single step: Hard = 1.5 x the step',
      steps: ['10m'],
      step: 0,
      again: 10 * MIN,
      hard: 15 * MIN,
      good: undefined,
    },
    {
      rule: 'steps.rs delay_secs: a single 3-day step: Hard = at most one day more (4 d, not 4.5 d)',
      steps: ['3d'],
      step: 0,
      again: 3 * DAY,
      hard: 4 * DAY,
      good: undefined,
    },
    {
      rule: 'steps.rs delay_secs: [1, 10, 100], middle step: Hard repeats 10 min, Good = 100 min',
      steps: ['1m', '10m', '100m'],
      step: 1,
      again: MIN,
      hard: 10 * MIN,
      good: 100 * MIN,
    },
    {
      rule: 'steps.rs delay_secs: [1, 10, 100], last step: Hard repeats 100 min',
      steps: ['1m', '10m', '100m'],
      step: 2,
      again: MIN,
      hard: 100 * MIN,
      good: undefined,
    },
    {
      rule: 'steps.rs rounding_days: a first-step Hard over a day is whole days ((1d + 2d) / 2 = 1.5 d -> 2 d)',
      steps: ['1d', '2d'],
      step: 0,
      again: DAY,
      hard: 2 * DAY,
      good: 2 * DAY,
    },
    {
      rule: 'steps.rs get_index: a step index past the end (steps shortened) is the last step',
      steps: ['1m', '10m'],
      step: 7,
      again: MIN,
      hard: 10 * MIN,
      good: undefined,
    },
  ];
  for (const r of rows) {
    it(r.rule, () => {
      const s = new Steps(r.steps);
      expect(s.again()?.delay).toBe(r.again);
      expect(s.again()?.step).toBe(0);
      expect(s.hard(r.step)?.delay).toBe(r.hard);
      expect(s.good(r.step)?.delay).toBe(r.good);
    });
  }
});

const settings = (o: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, timezone: 'UTC', ...o });
const gradeAll = (s: Settings, ratings: Rating[], start: StoredState | null = null, gapMs = 0) => {
  const sch = createScheduler(s, null);
  let st = start;
  let t = NOW.getTime();
  for (const r of ratings) {
    st = sch.grade(st, 'c', new Date(t), r);
    t = Math.max(t + gapMs, Date.parse(st.due));
  }
  return st as StoredState;
};

describe('card transitions (rslib learning.rs, relearning.rs)', () => {
  it('learning.rs hard_any_step_stays_on_same_step: Hard on the 10 m step waits 10 m and stays on it (the old code gave 6 m)', () => {
    const sch = createScheduler(settings(), null);
    const onSecond = sch.grade(null, 'c', NOW, 3);
    expect(onSecond).toMatchObject({ state: 1, step: 1 });
    const t = new Date(Date.parse(onSecond.due));
    const hard = sch.grade(onSecond, 'c', t, 2);
    expect(hard).toMatchObject({ state: 1, step: 1 });
    expect(Date.parse(hard.due) - t.getTime()).toBe(10 * MIN);
  });

  it('learning.rs good_on_first_step_advances / again_on_any_step_resets_to_first_step', () => {
    const sch = createScheduler(settings(), null);
    const good = sch.grade(null, 'c', NOW, 3);
    expect(good).toMatchObject({ state: 1, step: 1, due: new Date(NOW.getTime() + 10 * MIN).toISOString() });
    const again = sch.grade(good, 'c', new Date(good.due), 1);
    expect(again).toMatchObject({ state: 1, step: 0, lapses: 0 });
    expect(Date.parse(again.due) - Date.parse(good.due)).toBe(MIN);
  });

  it('learning.rs easy_always_graduates_to_review, on the first step too', () => {
    const easy = createScheduler(settings(), null).grade(null, 'c', NOW, 4);
    expect(easy.state).toBe(2);
    expect(easy.sched).toBeGreaterThanOrEqual(1);
    expect(Date.parse(easy.due)).toBe(NEXT_DAY + (easy.sched - 1) * DAY);
  });

  it('learning.rs good_on_last_step_advances_to_review: due at the start of a later study day', () => {
    const st = gradeAll(settings(), [3, 3]);
    expect(st.state).toBe(2);
    expect(Date.parse(st.due)).toBe(NEXT_DAY + (st.sched - 1) * DAY);
  });

  it('a day-long learning step (1m 10m 1d) stays in learning, due at the next study day start; Again there is no lapse', () => {
    const s = settings({ learning_steps: ['1m', '10m', '1d'] });
    const st = gradeAll(s, [3, 3]);
    expect(st).toMatchObject({ state: 1, step: 2, sched: 1, lapses: 0, due: new Date(NEXT_DAY).toISOString() });
    const sch = createScheduler(s, null);
    const next = new Date(NEXT_DAY + 5 * 3_600_000);
    const again = sch.grade(st, 'c', next, 1);
    expect(again).toMatchObject({ state: 1, step: 0, lapses: 0 });
    const good = sch.grade(st, 'c', next, 3);
    expect(good.state).toBe(2);
  });

  it('manual, Lapses: Again on a review card enters relearning (10 m), counting one lapse', () => {
    const review = gradeAll(settings(), [4]);
    const sch = createScheduler(settings(), null);
    const at = new Date(Date.parse(review.due) + 3_600_000);
    const again = sch.grade(review, 'c', at, 1);
    expect(again).toMatchObject({ state: 3, step: 0, lapses: 1 });
    expect(Date.parse(again.due) - at.getTime()).toBe(10 * MIN);
    // relearning.rs answer_hard: a single relearning step's Hard is 1.5 x 10 m.
    const hard = sch.grade(again, 'c', new Date(again.due), 2);
    expect(hard).toMatchObject({ state: 3, step: 0, lapses: 1 });
    expect(Date.parse(hard.due) - Date.parse(again.due)).toBe(15 * MIN);
    // relearning.rs answer_good past the last step: back to review.
    const good = sch.grade(hard, 'c', new Date(hard.due), 3);
    expect(good).toMatchObject({ state: 2, lapses: 1 });
  });

  it('relearning with a day-long step (10m 1d) stays in relearning until the day step is passed', () => {
    const s = settings({ relearning_steps: ['10m', '1d'] });
    const review = gradeAll(s, [4]);
    const sch = createScheduler(s, null);
    const lapse = sch.grade(review, 'c', new Date(Date.parse(review.due) + 3_600_000), 1);
    const dayStep = sch.grade(lapse, 'c', new Date(lapse.due), 3);
    expect(dayStep).toMatchObject({ state: 3, step: 1, sched: 1, lapses: 1 });
    expect(new Date(dayStep.due).toISOString().slice(11)).toBe('04:00:00.000Z');
  });

  it('graduating interval is never shorter than the day-long step it follows (1d 3d at 99 % retention)', () => {
    const s = settings({ learning_steps: ['1d', '3d'], desired_retention: 0.99 });
    const sch = createScheduler(s, null);
    let st = sch.grade(null, 'c', NOW, 3); // to the 3-day step
    expect(st).toMatchObject({ state: 1, step: 1, sched: 3 });
    const at = new Date(Date.parse(st.due) + 3_600_000);
    // FSRS alone would bring it back in about a day at 99 %: the step it follows was 3 days.
    expect(sch.intervalFor(sch.grade(st, 'c', at, 3).s)).toBeLessThan(3);
    st = sch.grade(st, 'c', at, 3);
    expect(st).toMatchObject({ state: 2, sched: 3 });
  });

  it('steps may be empty: every grade of a new card graduates (learning.rs *_with_no_steps_graduates_to_review)', () => {
    const s = settings({ learning_steps: [] });
    const sch = createScheduler(s, null);
    for (const r of [1, 2, 3, 4] as Rating[]) expect(sch.grade(null, 'c', NOW, r).state).toBe(2);
  });
});

describe('maximum interval and the grade line (review.rs constrain_passing_interval)', () => {
  it('maximum_interval 30 caps all four grades, and the grade line shows exactly the stored interval', () => {
    const s = settings({ maximum_interval: 30 });
    const sch = createScheduler(s, 'seed');
    // A mature card: stability far beyond 30 days.
    const st: StoredState = {
      due: NOW.toISOString(),
      s: 200,
      d: 3,
      reps: 8,
      lapses: 0,
      state: 2,
      step: 0,
      sched: 30,
      last: '2026-04-01T10:00:00.000Z',
    };
    const p = sch.preview(st, 'c', NOW);
    for (const r of [2, 3, 4] as Rating[]) {
      expect(p[r].sched).toBeLessThanOrEqual(30);
      expect(shownInterval(p[r], NOW)).toBe(formatDays(p[r].sched));
      expect(sch.grade(st, 'c', NOW, r)).toEqual(p[r]);
    }
    expect(p[4].sched).toBe(30);
    expect(shownInterval(p[4], NOW)).toBe('1mo');
    // Again goes to relearning (10 m): the line shows the step.
    expect(shownInterval(p[1], NOW)).toBe('10m');
  });
});
