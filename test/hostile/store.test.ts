// The store is ours alone: no output path lands inside the data directory or on a deck; conflict
// copies and re-imports count nothing twice; events from the future cannot pin a card; ids like
// `constructor` are ordinary ids; suspend and unsuspend are idempotent.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/core/progress.js';
import { review } from '../fixtures/store/events.js';
import { readTree, runCli } from '../helpers.js';
import { deckHome } from './helpers.js';

const NOW = '2025-03-02T12:00:00.000Z';

/** A user whose laptop log holds `events`, and a deck with cards a, b, c and `constructor`. */
const home = (events: ProgressEvent[]) =>
  deckHome(events, [
    { id: 'c-c', q: 'C?', a: 'c' },
    { id: 'constructor', q: 'Constructor?', a: 'c' },
  ]);

const at = (hours: number) => Date.parse(NOW) - hours * 3_600_000;
const reviews = [review('r1', at(3), 'c-a', 1), review('r2', at(2), 'c-b', 2), review('r3', at(1), 'c-c', 0)];

const cli = (h: { home: string; decks: string }, args: string[]) =>
  runCli([...args, '--decks', h.decks], { home: h.home, env: { LLM_QUIZ_NOW: NOW, LLM_QUIZ_DEVICE: 'desk' } });

describe('export never writes into the store', () => {
  it.each([
    ['a log', (d: string) => join(d, 'users', 'default', 'logs', 'laptop.jsonl')],
    ['settings.json', (d: string) => join(d, 'users', 'default', 'settings.json')],
    ['a new file in the data directory', (d: string) => join(d, 'export.json')],
  ])('export -o over %s --force is refused and changes nothing', (_name, target) => {
    const h = home(reviews);
    writeFileSync(join(h.data, 'users', 'default', 'settings.json'), '{"new_per_day": 7}\n');
    const before = readTree(h.data);
    const r = cli(h, ['export', '-o', target(h.data), '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/inside the data directory/);
    expect(readTree(h.data)).toEqual(before);
  });

  it('export -o over a deck file --force is refused', () => {
    const h = home(reviews);
    const deck = join(h.decks, 'd.md');
    const text = readFileSync(deck, 'utf8');
    const r = cli(h, ['export', '--format', 'anki', '-o', deck, '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deck/);
    expect(readFileSync(deck, 'utf8')).toBe(text);
  });

  it("export -o '' is a usage error, not stdout", () => {
    const h = home(reviews);
    const r = cli(h, ['export', '-o', '']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('events are counted once, whatever copies of them exist', () => {
  it('a sync-conflict copy of a log changes neither stats, nor the csv export, nor the states', () => {
    const h = home(reviews);
    const base = {
      stats: JSON.parse(cli(h, ['stats', '--json']).stdout),
      csv: cli(h, ['export', '--format', 'csv']).stdout,
      list: cli(h, ['list', '--json']).stdout,
    };
    copyFileSync(h.log, join(h.data, 'users', 'default', 'logs', 'laptop.sync-conflict-20250302-101010-ABCDEFG.jsonl'));
    expect(JSON.parse(cli(h, ['stats', '--json']).stdout)).toEqual(base.stats);
    expect(cli(h, ['export', '--format', 'csv']).stdout).toBe(base.csv);
    expect(cli(h, ['list', '--json']).stdout).toBe(base.list);
  });

  it('import-progress of the same export twice adds nothing the second time', () => {
    const h = home(reviews);
    const backup = join(h.home, 'backup.json');
    cli(h, ['export', '-o', backup]);
    const other = { ...h };
    const first = runCli(['import-progress', backup, '--user', 'bob', '--decks', h.decks], {
      home: h.home,
      env: { LLM_QUIZ_NOW: NOW },
    });
    expect(first.code).toBe(0);
    const stats1 = runCli(['stats', '--json', '--user', 'bob', '--decks', other.decks], {
      home: h.home,
      env: { LLM_QUIZ_NOW: NOW },
    }).stdout;
    runCli(['import-progress', backup, '--user', 'bob', '--decks', h.decks], { home: h.home, env: { LLM_QUIZ_NOW: NOW } });
    const stats2 = runCli(['stats', '--json', '--user', 'bob', '--decks', other.decks], {
      home: h.home,
      env: { LLM_QUIZ_NOW: NOW },
    }).stdout;
    expect(JSON.parse(stats2)).toEqual(JSON.parse(stats1));
  });
});

describe('events from the future cannot pin a card', () => {
  it('a suspend dated 9999-12-31 can be undone by unsuspend, with a warning', () => {
    const h = home([...reviews, { id: 'far', t: '9999-12-31T00:00:00.000Z', type: 'suspend', card: 'c-a' }]);
    const r = cli(h, ['unsuspend', 'c-a']);
    expect(r.code).toBe(0);
    const list = JSON.parse(cli(h, ['list', '--json']).stdout) as { id: string; suspended: boolean }[];
    expect(list.find((c) => c.id === 'c-a')?.suspended).toBe(false);
    const check = cli(h, ['check']);
    expect(check.stdout).toMatch(/laptop\.jsonl:5: warning: .*9999-12-31.*future/);
  });
});

describe('ids are data, not property names', () => {
  it('card id `constructor` round-trips through export and import-progress', () => {
    const h = home([review('k1', at(1), 'constructor', 4)]);
    const backup = join(h.home, 'backup.json');
    expect(cli(h, ['export', '-o', backup]).code).toBe(0);
    const r = runCli(['import-progress', backup, '--user', 'bob', '--decks', h.decks], {
      home: h.home,
      env: { LLM_QUIZ_NOW: NOW },
    });
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(
      runCli(['list', '--json', '--user', 'bob', '--decks', h.decks], { home: h.home, env: { LLM_QUIZ_NOW: NOW } }).stdout,
    ) as { id: string; state: string }[];
    expect(list.find((c) => c.id === 'constructor')?.state).not.toBe('new');
  });
});

describe('suspend and unsuspend are idempotent', () => {
  it('the same id 1,000 times writes one event', () => {
    const h = home(reviews);
    const r = cli(h, ['suspend', ...Array.from({ length: 1000 }, () => 'c-b')]);
    expect(r.code).toBe(0);
    const logs = join(h.data, 'users', 'default', 'logs');
    const lines = readdirSync(logs)
      .flatMap((f) => readFileSync(join(logs, f), 'utf8').split('\n'))
      .filter((l) => l.includes('"suspend"'));
    expect(lines).toHaveLength(1);
    expect(cli(h, ['suspend', 'c-b']).stdout).toMatch(/already/);
  });
});
