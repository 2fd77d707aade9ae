// `llm-quiz plan`: the built CLI on a fixture deck (no terminal needed): the plan is made active,
// shown again, cleared; a plan that cannot fit or exceeds the budget says so; bad input exits 2.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deckText, runCli, tmp } from '../helpers.js';

function setup() {
  const home = tmp();
  const decks = join(home, 'decks');
  mkdirSync(decks);
  const cards = Array.from({ length: 60 }, (_, i) => ({ id: `prep-${i}`, q: `Prep question ${i}?`, a: 'An answer.' }));
  writeFileSync(join(decks, 'prep.md'), deckText('prep', cards));
  const run = (...args: string[]) => {
    const r = runCli(['--decks', decks, ...args], {
      home,
      env: { LLM_QUIZ_NOW: '2026-12-01T10:00:00Z', LLM_QUIZ_NO_CACHE: '1' },
    });
    // Lines are wrapped at 80 columns: the checks read the text as one line.
    return { ...r, stdout: r.stdout.replace(/\n(?=\S)/g, ' ').replace(/ +/g, ' '), raw: r.stdout };
  };
  const settings = () => JSON.parse(readFileSync(join(home, 'data', 'users', 'default', 'settings.json'), 'utf8'));
  return { run, settings };
}

describe('plan', () => {
  it('makes a plan active, shows it again, and --clear ends it', () => {
    const { run, settings } = setup();
    const r = run('plan', '--until', '2026-12-25', '--deck', 'prep', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.raw);
    expect(p).toMatchObject({ start: '2026-12-01', days: 24, cards: 60, fresh: 60, fits: true, active: true });
    expect(p.newPerDay).toBe(Math.ceil(60 / (24 - p.leadDays)));
    expect(p.learned.reduce((a: number, b: number) => a + b, 0)).toBe(60);
    expect(p.reviews).toHaveLength(24);
    expect(settings().plan).toEqual({ until: '2026-12-25', target: 0.95, topics: [], decks: ['prep'], minutes_per_day: null });

    const shown = run('plan');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Plan to 2026-12-25: 24 study days, 60 cards, 60 not yet learned');
    expect(shown.stdout).toContain(`New cards: ${p.newPerDay} a day`);
    expect(shown.stdout).toContain('Study follows this plan until 2026-12-25');

    const cleared = run('plan', '--clear');
    expect(cleared.stdout).toContain('Plan to 2026-12-25 ended');
    expect(settings().plan).toBeNull();
    expect(run('plan', '--clear').stdout).toContain('No plan is active.');
  });

  it('--dry-run shows the plan without making it active', () => {
    const { run } = setup();
    const r = run('plan', '--until', '2026-12-25', '--deck', 'prep', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not saved (--dry-run).');
    expect(run('plan').code).toBe(2);
  });

  it('says when the date is too near for two reviews of every card', () => {
    const { run } = setup();
    const r = run('plan', '--until', '2026-12-04', '--deck', 'prep');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Cannot fit: a card needs \d+ days from first sight to its second review and the date is 3 day\(s\) away/,
    );
    expect(r.stdout).toContain('Learn all 60 new cards today');
  });

  it('warns when the plan exceeds the daily budget, with the rate that fits', () => {
    const { run } = setup();
    const r = run('plan', '--until', '2026-12-25', '--deck', 'prep', '--minutes-per-day', '5');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Over your budget of 5 min a day\. At \d+ new cards a day the busiest day fits it/);
    const ok = run('plan', '--until', '2026-12-25', '--deck', 'prep', '--minutes-per-day', '600');
    expect(ok.stdout).toContain('Within your budget of 600 min a day.');
  });

  it('refuses bad input with a usage error (exit 2) or a user error (exit 1)', () => {
    const { run } = setup();
    expect(run('plan', '--until', '2026-02-30').code).toBe(2);
    expect(run('plan', '--until', 'next friday').stderr).toContain('YYYY-MM-DD');
    expect(run('plan', '--until', '2026-12-25', '--minutes-per-day', '0').code).toBe(2);
    expect(run('plan', '--until', '2026-12-25', '--target', '1.5').code).toBe(2);
    expect(run('plan', '--clear', '--until', '2026-12-25').code).toBe(2);
    const past = run('plan', '--until', '2026-11-30');
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('not after today (2026-12-01)');
  });

  it('prints Chinese with --lang zh', () => {
    const { run } = setup();
    const r = run('--lang', 'zh', 'plan', '--until', '2026-12-25', '--deck', 'prep', '--dry-run');
    expect(r.stdout).toContain('到 2026-12-25 的计划');
  });
});
