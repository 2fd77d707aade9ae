// The end of a study session says honestly what happened: finished or stopped with cards left,
// answers and cards counted apart, when the next card is due and what to run; cram says it
// changed nothing and shows no intervals. Built CLI in a pseudo-terminal, fixed clock.
import { describe, expect, it } from 'vitest';
import { runCli, tmp } from '../helpers.js';
import { plain, startStudy } from './pty.js';

const EN = { LANG: 'en_US.UTF-8', LLM_QUIZ_NOW: '2026-03-10T10:00:00.000Z' };

describe('the session summary', () => {
  it('stopped: says how many cards are left by kind and how to go on', async () => {
    const home = tmp();
    const pty = startStudy(home, [], EN);
    let at = await pty.waitFor(/第一题/);
    pty.send(' ');
    at = await pty.waitFor(/3 Good 10m/, at);
    pty.send('3');
    at = await pty.waitFor(/第二题/, at);
    pty.send('q');
    await pty.waitFor(/To go on/, at);
    expect((await pty.exited).exitCode).toBe(0);
    const out = plain(pty.output().slice(at));
    expect(out).toContain('Stopped with 3 cards left today (new 2 · learning 1 · review 0).');
    expect(out).toContain('Answered 1 time on 1 card in');
    expect(out).toContain('To go on: llm-quiz study --deck e2e');
    expect(out).not.toContain('Done for today');
  });

  it('finished: done for today, the next card tomorrow at the start of the study day; then --new explains its daily total', async () => {
    const home = tmp();
    let pty = startStudy(home, ['--new', '1'], EN);
    let at = await pty.waitFor(/第一题/);
    pty.send(' ');
    at = await pty.waitFor(/4 Easy/, at);
    pty.send('4');
    await pty.waitFor(/Then run/, at);
    expect((await pty.exited).exitCode).toBe(0);
    let out = plain(pty.output().slice(at));
    expect(out).toContain('Done for today.');
    expect(out).toContain('Answered 1 time on 1 card in');
    // New cards come with the next study day (day_starts_at 4, UTC).
    expect(out).toContain('Next card due tomorrow at 04:00.');
    expect(out).toContain('Then run: llm-quiz study --deck e2e');
    expect(out).not.toContain('Stopped');

    // Later the same day, --new 1 adds nothing: it is a daily total.
    pty = startStudy(home, ['--new', '1'], { ...EN, LLM_QUIZ_NOW: '2026-03-10T18:00:00.000Z' });
    await pty.waitFor(/Then run/);
    expect((await pty.exited).exitCode).toBe(0);
    out = plain(pty.output());
    expect(out).toContain('Nothing to study now');
    expect(out).toContain('--new 1 is a total for the day, and 1 new card was already studied today');
    expect(out).toContain('Next card due tomorrow at 04:00.');
  });

  it('a learning card answered twice counts as one card and two answers; done for now when it returns later today', async () => {
    const home = tmp();
    // Learning cards due within 5 minutes are shown at once; the 10-minute step is not.
    expect(runCli(['config', 'set', 'learn_ahead_minutes', '5'], { home }).code).toBe(0);
    const pty = startStudy(home, ['--new', '1'], EN);
    let at = await pty.waitFor(/第一题/);
    pty.send(' ');
    at = await pty.waitFor(/1 Again 1m/, at);
    pty.send('1');
    // Due again in a minute: within the learn-ahead limit, so it comes straight back.
    at = await pty.waitFor(/第一题/, at);
    pty.send(' ');
    at = await pty.waitFor(/3 Good/, at);
    pty.send('3');
    await pty.waitFor(/Then run/, at);
    expect((await pty.exited).exitCode).toBe(0);
    const out = plain(pty.output().slice(at));
    expect(out).toContain('Done for now: 1 learning card comes back later today.');
    expect(out).toContain('Answered 2 times on 1 card in');
    expect(out).toMatch(/Next card due today at 10:\d\d\./);
  });

  it('cram: says what it is, shows no intervals, counts what was shown and changes nothing', async () => {
    const home = tmp();
    const pty = startStudy(home, ['--cram'], EN);
    let at = await pty.waitFor(/Cram mode[\s\S]*第一题/);
    pty.send(' ');
    at = await pty.waitFor(/1 Again · 2 Hard · 3 Good · 4 Easy/, at);
    expect(plain(pty.output().slice(at - 300))).not.toMatch(/Good \d/);
    pty.send('3');
    at = await pty.waitFor(/第二题/, at);
    pty.send('q');
    await pty.waitFor(/Cram stopped/, at);
    const out = plain(pty.output().slice(at));
    expect(out).toContain('Cram stopped with 2 cards not shown. The schedule was not changed.');
    expect(out).toContain('Answered 1 time on 1 card in');
    expect(out).not.toContain('Due tomorrow');
    expect((await pty.exited).exitCode).toBe(0);
  });
});
