// End-to-end: `stats`, `config` and `optimize` through the built CLI (run `node scripts/build.mjs`
// first; `npm test` does), on a simulated review history.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { default_w } from 'ts-fsrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewEvent, StoredState } from '../../src/core/progress.js';
import { createScheduler } from '../../src/core/scheduler.js';
import { computeStats } from '../../src/core/stats.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { width } from '../../src/ui/term.js';
import { deckText, ROOT, runCli, tmp } from '../helpers.js';
import { simulateLearner } from './learner.js';

const LONG_TOPIC = 'a-very-long-topic-name-that-would-not-fit-in-any-reasonable-column';
const TOPICS = ['attention', 'quantization', LONG_TOPIC, 'rlhf'];
// A learner who forgets faster than the FSRS defaults assume (see optimize.test.ts).
const WEAK = [...default_w];
WEAK[0] = 0.1;
WEAK[1] = 0.6;
WEAK[2] = 1.2;
WEAK[3] = 4;
WEAK[8] = 1.0;
WEAK[20] = 0.5;

/**
 * A data dir with a deck of `cards` cards and a simulated history of `days` days ending
 * 2026-09-16. In `home` when given (kept across tests), else in a temp dir removed after the test.
 */
function setup(o: { cards: number; days: number; newPerDay: number }, home = tmp()): { home: string; events: ReviewEvent[] } {
  const data = join(home, 'data');
  mkdirSync(join(data, 'decks'), { recursive: true });
  const cards = Array.from({ length: o.cards }, (_, i) => ({
    id: `c${i}`,
    q: `Question ${i}`,
    a: 'Answer.',
    topics: TOPICS[i % 4],
  }));
  writeFileSync(join(data, 'decks', 'sim.md'), deckText('sim', cards));
  const start = new Date(Date.parse('2026-09-16T00:00:00Z') - (o.days - 1) * 86_400_000).toISOString().slice(0, 10);
  const events = simulateLearner({ trueParams: WEAK, cards: o.cards, days: o.days, newPerDay: o.newPerDay, seed: 11, start });
  const logs = join(data, 'users', 'default', 'logs');
  mkdirSync(logs, { recursive: true });
  const header = JSON.stringify({ type: 'header', schema: 1, device: 'sim', created: '2026-01-01T00:00:00.000Z' });
  writeFileSync(join(logs, 'sim.jsonl'), `${[header, ...events.map((e) => JSON.stringify(e))].join('\n')}\n`);
  return { home, events };
}

// Noon on the last simulated day: today has reviews.
const NOW = '2026-09-16T12:00:00Z';

describe('stats', () => {
  // One history for all the stats tests (test/helpers' tmp() would remove it after the first).
  let home = '';
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'llmq-stats-'));
    setup({ cards: 80, days: 200, newPerDay: 2 }, home);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const run = (args: string[], env: Record<string, string> = {}) =>
    runCli(['stats', ...args], { home, env: { COLUMNS: '80', LLM_QUIZ_NOW: NOW, ...env } });

  for (const lang of ['en', 'zh']) {
    it(`fits in 80 columns (${lang})`, () => {
      const r = run(['--lang', lang]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(30);
      const widest = Math.max(...lines.map(width));
      expect(
        widest,
        lines.find((l) => width(l) === widest),
      ).toBeLessThanOrEqual(80);
      // The long topic is in the table (cut to fit), and the heatmap has a row per weekday.
      expect(r.stdout).toContain('a-very-long-topic');
      expect(lines.filter((l) => /[█▓▒░·]/.test(l) && !/[┤│└]/.test(l)).length).toBeGreaterThanOrEqual(7);
    });
  }

  it('fits in 80 columns with a topic filter', () => {
    const r = run(['--lang', 'zh', '--topic', LONG_TOPIC]);
    expect(r.code, r.stderr).toBe(0);
    for (const l of r.stdout.split('\n')) expect(width(l), l).toBeLessThanOrEqual(80);
  });

  it('--json gives the numbers the screen shows', () => {
    const j = JSON.parse(run(['--json']).stdout);
    const text = run([]).stdout;
    expect(j.today.reviewed).toBeGreaterThan(0);
    expect(text).toContain(`Reviewed ${j.today.reviewed} `);
    for (const w of j.retention.windows) {
      if (w.rate !== null)
        expect(text).toMatch(new RegExp(`last ${w.days} days +${(w.rate * 100).toFixed(1)}% +${w.reviews}\\b`));
    }
    const c = j.counts;
    expect(text).toContain(`new ${c.new} · learning ${c.learning} · review ${c.review} · relearning ${c.relearning}`);
    expect(text).toContain(
      `Due in the next 30 days: ${j.forecast.reduce((a: number, d: { due: number }) => a + d.due, 0)} cards`,
    );
    expect(j.heatmap).toHaveLength(26 * 7 - 4); // 2026-09-16 is a Wednesday
    // The streak is the run of days with reviews at the end of the heatmap (today included).
    const days: { reviews: number }[] = j.heatmap;
    let tail = 0;
    while (tail < days.length && (days[days.length - 1 - tail]?.reviews ?? 0) > 0) tail++;
    expect(j.streak).toEqual({ days: tail, studiedToday: true });
    expect(text).toContain(`Streak: ${tail} ${tail === 1 ? 'day' : 'days'} in a row`);
  });

  it('reports study days in the system time zone', () => {
    const j = JSON.parse(run(['--json'], { TZ: 'Asia/Shanghai' }).stdout);
    expect(j.timeZone).toBe('Asia/Shanghai');
    expect(j.today.day).toBe('2026-09-16'); // 20:00 in Shanghai
  });

  it("--topic counts the topic cards' reviews as the whole history read as objects does, cached or not", () => {
    const topic = JSON.parse(run(['--json', '--topic', 'attention']).stdout);
    const store = ProgressStore.open(join(home, 'data'), 'default');
    const ids = new Set(Array.from({ length: 80 }, (_, i) => `c${i}`).filter((_, i) => i % 4 === 0));
    const events = store.readAllEvents().filter((e) => ids.has(e.card));
    const want = computeStats({ events, cards: [], settings: store.settings, now: new Date(NOW) });
    expect(want.retention.windows[2]?.reviews).toBeGreaterThan(10);
    for (const k of ['today', 'streak', 'retention', 'heatmap'] as const) expect(topic[k]).toEqual(want[k]);
    // The same numbers from the totals kept in topic-days.json (the second run reads no history).
    expect(existsSync(join(home, 'data', 'users', 'default', 'topic-days.json'))).toBe(true);
    expect(JSON.parse(run(['--json', '--topic', 'attention']).stdout)).toEqual(topic);
  });

  it('rejects an unknown topic', () => {
    const r = run(['--topic', 'atention']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('attention');
  });
});

describe('config', () => {
  it('set desired_retention 1.5 exits 1 naming the valid range, and changes nothing', () => {
    const home = tmp();
    const r = runCli(['config', 'set', 'desired_retention', '1.5'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/0\.70.*0\.99/);
    expect(runCli(['config', 'get', 'desired_retention'], { home }).stdout.trim()).toBe('0.9');
  });

  it('names the range in Chinese too', () => {
    const r = runCli(['--lang', 'zh', 'config', 'set', 'day_starts_at', '24'], { home: tmp() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('0 到 23');
  });

  it('an unknown key exits 1 listing the keys', () => {
    const r = runCli(['config', 'get', 'desired_retnetion'], { home: tmp() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Did you mean: desired_retention');
    expect(r.stderr).toContain('new_per_day, reviews_per_day, desired_retention');
  });

  it('sets, gets and lists per user', () => {
    const home = tmp();
    expect(runCli(['config', 'set', 'learning_steps', '2m', '15m'], { home }).code).toBe(0);
    expect(runCli(['config', 'get', 'learning_steps'], { home }).stdout.trim()).toBe('2m 15m');
    expect(runCli(['--user', 'bob', 'config', 'get', 'learning_steps'], { home }).stdout.trim()).toBe('1m 10m');
    const list = JSON.parse(runCli(['config', 'list', '--json'], { home }).stdout);
    expect(list.settings.learning_steps).toEqual(['2m', '15m']);
    const text = runCli(['--lang', 'zh', 'config', 'list'], { home, env: { COLUMNS: '80' } }).stdout;
    for (const l of text.split('\n')) expect(width(l), l).toBeLessThanOrEqual(80);
  });

  it('a valid desired_retention changes the intervals the scheduler previews', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const card: StoredState = {
      due: now.toISOString(),
      s: 20,
      d: 5,
      reps: 5,
      lapses: 0,
      state: 2,
      step: 0,
      sched: 20,
      last: new Date(now.getTime() - 20 * 86_400_000).toISOString(),
    };
    const goodDays = (retention: string) => {
      const home = tmp();
      const r = runCli(['config', 'set', 'desired_retention', retention], { home });
      expect(r.code, r.stderr).toBe(0);
      // The settings round trip: what `study` will load.
      const settings = ProgressStore.open(join(home, 'data'), 'default').settings;
      expect(settings.desired_retention).toBe(Number(retention));
      return createScheduler(settings, null).preview(card, 'card-1', now)[3].sched;
    };
    const at80 = goodDays('0.8');
    const at95 = goodDays('0.95');
    // Asking to remember less often means waiting longer.
    expect(at80).toBeGreaterThan(at95 * 2);
  });
});

describe('optimize', () => {
  it('with too little history says how many more reviews it needs and changes nothing', () => {
    const { home } = setup({ cards: 20, days: 30, newPerDay: 2 });
    const r = runCli(['optimize'], { home });
    expect(r.code).toBe(0);
    const m = /(\d+) usable reviews, 400 needed \((\d+) more\)/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m?.[1]) + Number(m?.[2])).toBe(400);
    expect(readdirSync(join(home, 'data', 'users', 'default'))).not.toContain('settings.json');
  });

  it('fits, reports both figures, and adopts the fit only without --dry-run', () => {
    const { home } = setup({ cards: 150, days: 200, newPerDay: 3 });
    const settingsFile = join(home, 'data', 'users', 'default', 'settings.json');
    const dry = runCli(['optimize', '--dry-run'], { home });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/current \(default\) +0\.\d{4} +\d+\.\d\d%/);
    expect(dry.stdout).toMatch(/new fit +0\.\d{4} +\d+\.\d\d%/);
    expect(dry.stdout).toContain('--dry-run, so nothing was changed');
    expect(readdirSync(join(home, 'data', 'users', 'default'))).not.toContain('settings.json');

    const j = JSON.parse(runCli(['optimize', '--json'], { home }).stdout);
    expect(j.fitted.logLoss).toBeLessThan(j.current.logLoss);
    expect(j.adopted).toBe(true);
    const saved = JSON.parse(readFileSync(settingsFile, 'utf8'));
    expect(saved.fsrs_params).toEqual(j.fitted.params);
    expect(saved.fsrs_params).toHaveLength(21);

    // Fitting again from the adopted parameters finds nothing better to adopt, or a small gain.
    const again = runCli(['optimize'], { home });
    expect(again.stdout).toMatch(/current \(fitted\)/);
    const zh = runCli(['--lang', 'zh', 'optimize', '--dry-run'], { home, env: { COLUMNS: '80' } });
    for (const l of zh.stdout.split('\n')) expect(width(l), l).toBeLessThanOrEqual(80);
  });

  it('loads the optimizer binding only from the optimize command, at run time', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'main.cjs'), 'utf8');
    // Not bundled (its native loader must find its platform package in node_modules) ...
    expect(bundle).not.toContain('fsrs-binding.linux');
    // ... and named only by the optimize command's module (esbuild heads each with its path) ...
    const named = bundle.split('@open-spaced-repetition/binding');
    expect(named).toHaveLength(2);
    expect((named[0] as string).match(/^\/\/ (src\/\S+|node_modules\/\S+)$/gm)?.pop()).toBe('// src/commands/optimize.ts');
    // ... which the CLI imports lazily (wrapped by the bundle, run on first use).
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8'));
    const toOptimize = meta.inputs['src/cli.ts'].imports.filter((i: { path: string }) => i.path === 'src/commands/optimize.ts');
    expect(toOptimize.map((i: { kind: string }) => i.kind)).toEqual(['dynamic-import']);
  });
});
