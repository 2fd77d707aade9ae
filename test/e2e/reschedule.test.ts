// `reschedule --dry-run`, `reschedule`, `set-due` and `forget` through the built CLI.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, Rating } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { deckText, runCli, tmp } from '../helpers.js';

const NOW = '2026-06-20T12:00:00.000Z';
const DAY = 86_400_000;

/** Cards r0..r9 learnt with Easy on different days at 90 % retention; n0 is new. */
function setup(): { home: string; logs: string } {
  const home = tmp();
  const data = join(home, 'data');
  mkdirSync(join(data, 'decks'), { recursive: true });
  const ids = [...Array.from({ length: 10 }, (_, i) => `r${i}`), 'n0'];
  writeFileSync(
    join(data, 'decks', 'm.md'),
    deckText(
      'm',
      ids.map((id) => ({ id, q: `Question ${id}?`, a: 'Answer.' })),
    ),
  );
  const sched = createScheduler({ ...DEFAULT_SETTINGS, timezone: 'UTC' }, null);
  const events: ProgressEvent[] = [];
  for (let i = 0; i < 10; i++) {
    const t = new Date(Date.parse(NOW) - (i + 1) * DAY);
    const after = sched.grade(null, `r${i}`, t, 4 as Rating);
    events.push({ id: `dev-${i}`, t: t.toISOString(), type: 'review', card: `r${i}`, rating: 4, before: null, after });
  }
  const logs = join(data, 'users', 'default', 'logs');
  mkdirSync(logs, { recursive: true });
  const header = JSON.stringify({ type: 'header', schema: 1, device: 'dev', created: '2026-01-01T00:00:00.000Z' });
  writeFileSync(join(logs, 'dev.jsonl'), `${[header, ...events.map((e) => JSON.stringify(e))].join('\n')}\n`);
  writeFileSync(
    join(data, 'users', 'default', 'settings.json'),
    JSON.stringify({ schema: 1, timezone: 'UTC', desired_retention: 0.8 }),
  );
  return { home, logs };
}

const logText = (logs: string) =>
  readdirSync(logs)
    .sort()
    .map((f) => readFileSync(join(logs, f), 'utf8'))
    .join('');

describe('reschedule, set-due, forget', () => {
  it('--dry-run says how many cards move by how much and writes nothing; without it, set events move them', () => {
    const { home, logs } = setup();
    const env = { LLM_QUIZ_NOW: NOW };
    const before = logText(logs);
    const dry = runCli(['reschedule', '--dry-run', '--json'], { home, env });
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      cards: number;
      later: number;
      earlier: number;
      buckets: Array<{ days: string; later: number }>;
    };
    // 80 % gives longer intervals than the 90 % the cards were scheduled at.
    expect(plan.cards).toBeGreaterThan(5);
    expect(plan).toMatchObject({ earlier: 0, later: plan.cards });
    expect(plan.buckets.reduce((n, b) => n + b.later, 0)).toBe(plan.cards);
    expect(logText(logs)).toBe(before);
    const text = runCli(['reschedule', '--dry-run'], { home, env }).stdout;
    const cards = (n: number) => `${n} ${n === 1 ? 'card' : 'cards'}`;
    expect(text).toContain(`${cards(plan.cards)} would move`);
    for (const b of plan.buckets)
      expect(text).toContain(`by ${b.days} ${b.days === '1' ? 'day' : 'days'}: 0 earlier, ${b.later} later`);

    const dueBefore = rows(home, env);
    const applied = runCli(['reschedule'], { home, env });
    expect(applied.stdout).toContain(`Rescheduled ${cards(plan.cards)}`);
    const written = logText(logs).slice(before.length);
    expect(written.match(/"type":"set","card":"r\d","reason":"reschedule"/g) ?? []).toHaveLength(plan.cards);
    const dueAfter = rows(home, env);
    expect(Object.keys(dueAfter).filter((id) => dueAfter[id] !== dueBefore[id])).toHaveLength(plan.cards);
    // Nothing left to move.
    expect(JSON.parse(runCli(['reschedule', '--dry-run', '--json'], { home, env }).stdout).cards).toBe(0);
  });

  it('set-due makes a card due at the start of a later study day; forget makes it new; both need a studied card', () => {
    const { home } = setup();
    const env = { LLM_QUIZ_NOW: NOW };
    const r = runCli(['set-due', 'r3', '4'], { home, env });
    expect(r.code, r.stderr).toBe(0);
    expect(rows(home, env).r3).toBe('2026-06-24T04:00:00.000Z');
    expect(runCli(['forget', 'r3'], { home, env }).code).toBe(0);
    const list = JSON.parse(runCli(['list', '--deck', 'm', '--json'], { home, env }).stdout) as Array<{
      id: string;
      state: string;
    }>;
    expect(list.find((c) => c.id === 'r3')?.state).toBe('new');
    const exported = JSON.parse(runCli(['export'], { home, env }).stdout) as { events: ProgressEvent[] };
    expect(exported.events.filter((e) => e.card === 'r3').map((e) => e.type)).toEqual(['review', 'set', 'set']);
    expect(runCli(['set-due', 'n0', '2'], { home, env }).code).toBe(1);
    expect(runCli(['set-due', 'r1', 'soon'], { home, env }).code).toBe(2);
    expect(runCli(['forget', 'n0'], { home, env }).code).toBe(1);
  });

  it('config set desired_retention offers to reschedule', () => {
    const { home } = setup();
    const r = runCli(['config', 'set', 'desired_retention', '0.85'], { home });
    expect(r.stdout).toContain('llm-quiz reschedule --dry-run');
  });
});

function rows(home: string, env: Record<string, string>): Record<string, string | null> {
  const list = JSON.parse(runCli(['list', '--deck', 'm', '--json'], { home, env }).stdout) as Array<{
    id: string;
    due: string | null;
  }>;
  return Object.fromEntries(list.map((c) => [c.id, c.due]));
}

describe('config --deck', () => {
  it('sets a deck preset over the user settings; only preset keys, valid deck names', () => {
    const { home } = setup();
    expect(runCli(['config', '--deck', 'm', 'set', 'new_per_day', '3'], { home }).code).toBe(0);
    expect(runCli(['config', '--deck', 'm', 'get', 'new_per_day'], { home }).stdout.trim()).toBe('3');
    expect(runCli(['config', 'get', 'new_per_day'], { home }).stdout.trim()).toBe('20');
    // A group of decks by prefix; the deck's own preset wins where both set a key.
    expect(runCli(['config', '--deck', 'llm-*', 'set', 'desired_retention', '0.85'], { home }).code).toBe(0);
    expect(runCli(['config', '--deck', 'llm-quant', 'get', 'desired_retention'], { home }).stdout.trim()).toBe('0.85');
    const list = runCli(['config', '--deck', 'm', 'list'], { home, env: { COLUMNS: '80' } }).stdout;
    expect(list).toMatch(/new_per_day\s+3\s+m/);
    expect(list).toMatch(/desired_retention\s+0\.8\s+default/);
    const settings = JSON.parse(readFileSync(join(home, 'data', 'users', 'default', 'settings.json'), 'utf8'));
    expect(settings.presets).toEqual({ m: { new_per_day: 3 }, 'llm-*': { desired_retention: 0.85 } });
    expect(runCli(['config', '--deck', 'm', 'reset', 'new_per_day'], { home }).code).toBe(0);
    expect(runCli(['config', '--deck', 'm', 'get', 'new_per_day'], { home }).stdout.trim()).toBe('20');
    expect(runCli(['config', '--deck', 'm', 'set', 'leech_action', 'suspend'], { home }).code).toBe(1);
    expect(runCli(['config', '--deck', '../x', 'list'], { home }).code).toBe(2);
  });
});

describe('reschedule --undo', () => {
  it('takes the last reschedule back through the log, except for a card answered since', () => {
    const { home, logs } = setup();
    const env = { LLM_QUIZ_NOW: NOW };
    const before = rows(home, env);
    expect(runCli(['reschedule'], { home, env }).code).toBe(0);
    const moved = rows(home, env);
    const changed = Object.keys(moved).filter((id) => moved[id] !== before[id]);
    expect(changed.length).toBeGreaterThan(2);
    // One moved card is set due by hand afterwards: the undo leaves it alone.
    const [keep] = changed as [string];
    expect(runCli(['set-due', keep, '9'], { home, env }).code).toBe(0);
    const r = runCli(['reschedule', '--undo', '--json'], { home, env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ undone: changed.length - 1, kept: 1 });
    const after = rows(home, env);
    for (const id of changed) expect(after[id]).toBe(id === keep ? '2026-06-29T04:00:00.000Z' : before[id]);
    expect(logText(logs)).toContain('"type":"undo"');
    // Nothing more to take back; the card changed since is still left alone.
    expect(JSON.parse(runCli(['reschedule', '--undo', '--json'], { home, env }).stdout)).toEqual({ undone: 0, kept: 1 });
  });
});
