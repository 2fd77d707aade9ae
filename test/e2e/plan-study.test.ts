// `study` following a plan, in a real pseudo-terminal at 80 columns: the plan's new-card rate in
// the header, only the plan's cards introduced, and a review pulled forward before the date.
import { describe, expect, it } from 'vitest';
import { planFixture } from '../fixtures/plan.js';
import { runCli, tmp } from '../helpers.js';
import { runPty } from '../hostile/helpers.js';

const NOW = '2026-12-01T10:00:00.000Z';

const plain = (s: string) =>
  s.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007|\u001B[()][A-Z0-9]|\u001B[=>78]/g, '');

/** Runs `study` until `until` shows, then quits with q; returns the screen text. */
async function studyScreen(home: string, args: string[], until: RegExp): Promise<string> {
  const p = runPty(['study', ...args], home, { LLM_QUIZ_NOW: NOW, LLM_QUIZ_NO_CACHE: '1' });
  await p.waitFor(until);
  p.send('q');
  await p.exited;
  return plain(p.output());
}

describe('study follows a plan', () => {
  it('active plan: its rate of new cards from its deck, and the pulled-forward review first', async () => {
    const home = tmp();
    const { decks } = planFixture(home);
    const env = { LLM_QUIZ_NOW: NOW };
    const plan = runCli(['--decks', decks, 'plan', '--until', '2026-12-20', '--deck', 'prep', '--json'], { home, env });
    expect(plan.code).toBe(0);
    const rate = JSON.parse(plan.stdout).newPerDay as number;
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(20); // below new_per_day, so the header shows the plan's number
    const screen = await studyScreen(home, ['--decks', decks], /prep question 0\?/);
    expect(screen).toContain(`Plan to 2026-12-20: ${rate} new card(s) a day; 1 review(s) pulled forward today.`);
    // Bundled and `other` cards are not introduced: only the plan's rate of prep cards is new.
    expect(screen).toMatch(new RegExp(`new ${rate} learn 0 due 1`));
  });

  it('study --until follows a plan for that session only', async () => {
    const home = tmp();
    const { decks } = planFixture(home);
    const screen = await studyScreen(
      home,
      ['--decks', decks, '--deck', 'other', '--until', '2026-12-20'],
      /other question \d+\?/,
    );
    // 10 other cards, 19 days, two reviews need 13 days: 10 / 6 → 2 a day.
    expect(screen).toContain('Plan to 2026-12-20: 2 new card(s) a day; 0 review(s) pulled forward today.');
    expect(screen).toMatch(/new 2 learn 0 due 0/);
  });
});
