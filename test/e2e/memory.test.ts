// The memory model made visible: `list --json` fields, `list --sort recall`, and the `i` line of
// the card screen.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, Rating, StoredState } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { layoutCard, memoryText } from '../../src/ui/card-screen.js';
import { setLang } from '../../src/ui/messages.js';
import { deckText, runCli, tmp } from '../helpers.js';

const NOW = '2026-06-20T12:00:00.000Z';
const DAY = 86_400_000;

/** A user whose cards a, b, c were learnt on different days (so they differ in recall now); d is new. */
function setup(): string {
  const home = tmp();
  const data = join(home, 'data');
  mkdirSync(join(data, 'decks'), { recursive: true });
  writeFileSync(
    join(data, 'decks', 'm.md'),
    deckText(
      'm',
      ['a', 'b', 'c', 'd'].map((id) => ({ id, q: `Question ${id}?`, a: 'Answer.' })),
    ),
  );
  const sched = createScheduler({ ...DEFAULT_SETTINGS, timezone: 'UTC' }, null);
  const events: ProgressEvent[] = [];
  // Learnt 40, 10 and 3 days ago with Easy: the oldest is the least likely recalled now.
  const plan: Array<[string, number]> = [
    ['a', 3],
    ['b', 40],
    ['c', 10],
  ];
  for (const [card, ago] of plan) {
    const t = new Date(Date.parse(NOW) - ago * DAY);
    const after = sched.grade(null, card, t, 4 as Rating);
    events.push({ id: `dev-${card}`, t: t.toISOString(), type: 'review', card, rating: 4, before: null, after });
  }
  const logs = join(data, 'users', 'default', 'logs');
  mkdirSync(logs, { recursive: true });
  const header = JSON.stringify({ type: 'header', schema: 1, device: 'dev', created: '2026-01-01T00:00:00.000Z' });
  writeFileSync(join(logs, 'dev.jsonl'), `${[header, ...events.map((e) => JSON.stringify(e))].join('\n')}\n`);
  return home;
}

interface Row {
  id: string;
  memory: { retrievability: number; stability: number; difficulty: number; lastReview: string; nextReview: string } | null;
}

describe('memory model', () => {
  it('list --json shows recall now, stability, difficulty, last and next review; --sort recall puts the weakest first', () => {
    const home = setup();
    const env = { LLM_QUIZ_NOW: NOW };
    const rows = JSON.parse(runCli(['list', '--deck', 'm', '--json'], { home, env }).stdout) as Row[];
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.d?.memory).toBeNull();
    const b = byId.b?.memory;
    expect(b).toMatchObject({ lastReview: new Date(Date.parse(NOW) - 40 * DAY).toISOString() });
    expect(b?.stability).toBeGreaterThan(1);
    expect(b?.difficulty).toBeGreaterThanOrEqual(1);
    expect(b?.retrievability).toBeGreaterThan(0);
    expect(b?.retrievability).toBeLessThan(byId.c?.memory?.retrievability as number);
    expect(byId.c?.memory?.retrievability).toBeLessThan(byId.a?.memory?.retrievability as number);
    const sorted = JSON.parse(runCli(['list', '--deck', 'm', '--json', '--sort', 'recall'], { home, env }).stdout) as Row[];
    expect(sorted.map((r) => r.id)).toEqual(['b', 'c', 'a', 'd']);
    const bad = runCli(['list', '--sort', 'bogus'], { home, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sort recall');
  });

  it('the i key line shows the memory model in words, and only when asked for', () => {
    setLang('en');
    const state: StoredState = {
      due: '2026-07-01T04:00:00.000Z',
      s: 12.34,
      d: 4.56,
      reps: 3,
      lapses: 0,
      state: 2,
      step: 0,
      sched: 11,
      last: '2026-06-19T10:00:00.000Z',
    };
    const line = memoryText(
      { retrievability: 0.873, stability: state.s, difficulty: state.d, lastReview: state.last ?? null, nextReview: state.due },
      'UTC',
    );
    expect(line).toBe('Recall now 87% · stability 12.3d · difficulty 4.6/10 · last 2026-06-19 10:00 · next 2026-07-01 04:00');
    const screen = {
      header: 'deck',
      position: '1/1',
      counts: { new: 0, learning: 0, review: 1 },
      question: 'Q?',
      answer: () => 'A.',
      keyPoints: () => [],
      intervals: { 1: '10m', 2: '1d', 3: '3d', 4: '8d' },
      draft: false,
      typedMode: false,
      canUndo: false,
      width: 80,
      rows: 24,
      memory: line,
    };
    const plain = (x: string[]) => x.join('\n').replace(/\u001B\[[0-9;]*m/g, '');
    expect(plain(layoutCard(screen, { revealed: false, help: false, typed: '' }).body)).not.toContain('Recall now');
    expect(plain(layoutCard(screen, { revealed: false, help: false, typed: '', info: true }).body)).toContain('Recall now 87%');
  });
});

describe('forecast command', () => {
  it('prints reviews per day at each retention (JSON), and refuses a retention out of range', () => {
    const home = setup();
    const env = { LLM_QUIZ_NOW: NOW };
    const r = runCli(['forecast', '--deck', 'm', '--retention', '0.8,0.95', '--days', '60', '--json'], { home, env });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { cards: number; series: Array<{ retention: number; reviews: number[]; total: number }> };
    expect(j.cards).toBe(4);
    expect(j.series.map((s) => s.retention)).toEqual([0.8, 0.95]);
    expect(j.series[0]?.reviews).toHaveLength(60);
    expect(j.series[0]?.total).toBeLessThan(j.series[1]?.total as number);
    const text = runCli(['forecast', '--deck', 'm'], { home, env: { ...env, COLUMNS: '80' } });
    expect(text.stdout).toContain('at 0.90');
    const bad = runCli(['forecast', '--retention', '0.9,1.5'], { home, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('0.70 to 0.99');
  });
});
