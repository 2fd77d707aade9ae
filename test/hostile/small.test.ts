// The smaller attacks of issue 17: user names, usage errors, settings values, concurrent sessions.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/core/progress.js';
import { eventsOnDisk, runCli, tmp } from '../helpers.js';
import { deckHome, runPty } from './helpers.js';

const withDeck = () => deckHome();

describe('user names', () => {
  it('Alice, alice and ALICE are one user', () => {
    const { home, decks } = withDeck();
    expect(runCli(['suspend', 'c-a', '--user', 'Alice', '--decks', decks], { home }).code).toBe(0);
    const r = runCli(['suspend', 'c-a', '--user', 'ALICE', '--decks', decks], { home });
    expect(r.stdout).toMatch(/already suspended/);
    runCli(['suspend', 'c-b', '--user', 'alice', '--decks', decks], { home });
    expect(readdirSync(join(home, 'data', 'users'))).toEqual(['Alice']);
  });

  it.each(['con', 'NUL', 'com1', 'lpt9', 'aux.txt'])('reserved device name %s is refused (exit 2)', (name) => {
    const { home, decks } = withDeck();
    const r = runCli(['suspend', 'c-a', '--user', name, '--decks', decks], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/reserved/);
  });

  it.each(['../x', 'a/b', '..'])('--user %s is a usage error (exit 2), like --user ""', (name) => {
    const { home } = withDeck();
    expect(runCli(['list', '--user', name], { home }).code).toBe(2);
    expect(runCli(['list', '--user', ''], { home }).code).toBe(2);
  });
});

describe('usage errors exit 2', () => {
  it('help bogus', () => {
    const r = runCli(['help', 'bogus'], { home: tmp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'bogus'/);
    expect(runCli(['help', 'list'], { home: tmp() }).code).toBe(0);
  });
});

describe('settings', () => {
  it('learning_steps 100000d is refused; 1d is fine', () => {
    const home = tmp();
    expect(runCli(['config', 'set', 'learning_steps', '100000d'], { home }).code).not.toBe(0);
    expect(runCli(['config', 'set', 'relearning_steps', '10m 9999d'], { home }).code).not.toBe(0);
    expect(runCli(['config', 'set', 'learning_steps', '10m 1d'], { home }).code).toBe(0);
  });

  it('a settings.json with bad values is reported, not silently replaced by defaults', () => {
    const { home, decks } = withDeck();
    const dir = join(home, 'data', 'users', 'default');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ new_per_day: -5, desired_retention: 7, learning_steps: ['1m'] }));
    const list = runCli(['list', '--decks', decks], { home });
    expect(list.stderr).toMatch(/settings\.json.*new_per_day, desired_retention/);
    const check = runCli(['check', '--decks', decks], { home });
    expect(check.stdout).toMatch(/settings\.json: warning: .*new_per_day, desired_retention/);
  });
});

/** Reviews of `card` in every log of the default user. */
function reviewsOf(home: string, card: string): ProgressEvent[] {
  return eventsOnDisk(join(home, 'data', 'users', 'default', 'logs')).filter((e) => e.type === 'review' && e.card === card);
}

describe('two sessions of one user', () => {
  it('on one device: the second is refused naming the first (exit 1); after the first ends it starts', async () => {
    const { home, decks } = withDeck();
    const a = runPty(['study', '--decks', decks, '--deck', 'd'], home);
    await a.waitFor(/A\?/);
    const b = runPty(['study', '--decks', decks, '--deck', 'd'], home);
    expect((await b.exited).exitCode).toBe(1);
    await b.waitFor(new RegExp(`already studying on this device \\(process ${a.pid}, started`));
    expect(b.output()).not.toMatch(/A\?/);
    a.send(' ');
    await a.waitFor(/3 Good/);
    a.send('3');
    await a.waitFor(/B\?/);
    a.send('q');
    expect((await a.exited).exitCode).toBe(0);
    // The lock went with the first session: a new one starts and shows the next card.
    const c = runPty(['study', '--decks', decks, '--deck', 'd'], home);
    await c.waitFor(/B\?/);
    c.send('q');
    expect((await c.exited).exitCode).toBe(0);
    expect(reviewsOf(home, 'c-a')).toHaveLength(1);
  });

  it('a lock left by a killed session does not block the next one', async () => {
    const { home, decks } = withDeck();
    const a = runPty(['study', '--decks', decks, '--deck', 'd'], home);
    await a.waitFor(/A\?/);
    process.kill(a.pid, 'SIGKILL');
    await a.exited;
    const user = join(home, 'data', 'users', 'default');
    expect(readdirSync(user)).toContain('.study-pty.lock');
    const b = runPty(['study', '--decks', decks, '--deck', 'd'], home);
    await b.waitFor(/A\?/);
    b.send('q');
    expect((await b.exited).exitCode).toBe(0);
    expect(readdirSync(user).filter((f) => f.includes('.lock'))).toEqual([]);
  });

  it('on two devices sharing the data folder: an answer from a stale screen is not recorded', async () => {
    const { home, decks } = withDeck();
    const a = runPty(['study', '--decks', decks, '--deck', 'd'], home);
    await a.waitFor(/A\?/);
    const b = runPty(['study', '--decks', decks, '--deck', 'd'], home, { LLM_QUIZ_DEVICE: 'other' });
    await b.waitFor(/A\?/);
    b.send(' ');
    await b.waitFor(/3 Good/);
    b.send('3');
    await b.waitFor(/B\?/);
    // A still shows card A from before B's answer.
    a.send(' ');
    await a.waitFor(/3 Good/);
    a.send('3');
    await a.waitFor(/answered in another session/);
    a.send('q');
    b.send('q');
    await Promise.all([a.exited, b.exited]);
    expect(reviewsOf(home, 'c-a')).toHaveLength(1);
  });
});
