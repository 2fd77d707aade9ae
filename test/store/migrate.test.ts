import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeader } from '../../src/store/log-bytes.js';
import { listLogs, readLogs } from '../../src/store/log-format.js';
import { migrateLog } from '../../src/store/migrate.js';
import { FIXTURES, ROOT, runCli, tmp } from '../helpers.js';

// Logs written by the release that wrote schema 1 (test/fixtures/store-v1/generate.ts), and the
// json export that release made of them (expected/: the whole store, cards and events; stats,
// list and the csv export also show the bundled decks' text, so they are compared before and
// after the migration instead).
const V1 = join(FIXTURES, 'store-v1');
const OUTPUTS: Array<[string, string[]]> = [
  ['stats_json', ['stats', '--json']],
  ['stats', ['stats']],
  ['list_json', ['list', '--json']],
  ['export_format_json', ['export', '--format', 'json']],
  ['export_format_csv', ['export', '--format', 'csv']],
];
const env = {
  LLM_QUIZ_NOW: '2026-05-01T12:00:00Z',
  LLM_QUIZ_DEVICE: 'reader',
  LLM_QUIZ_FUZZ_SEED: 'llm-quiz',
  NO_COLOR: '1',
  COLUMNS: '80',
};
// The build stamp of the program that exported differs between builds.
const normal = (s: string) => s.replace(/"program": "[^"]*"/, '"program": "…"');

function copyFixture(): { home: string; logs: string; backups: string } {
  const home = tmp('llmq-migrate-');
  cpSync(join(V1, 'data'), join(home, 'data'), { recursive: true });
  return {
    home,
    logs: join(home, 'data', 'users', 'default', 'logs'),
    backups: join(home, 'data', 'backups', 'default', 'schema-1'),
  };
}

function outputs(home: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, args] of OUTPUTS) {
    const r = runCli([...args, '--decks', join(ROOT, 'decks', 'en')], { home, env, cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    out[name] = normal(r.stdout);
  }
  return out;
}

const storeOf = (json: string) => {
  const { cards, events } = JSON.parse(json) as { cards: unknown; events: unknown };
  return { cards, events };
};
const expectedExport = () => normal(readFileSync(join(V1, 'expected', 'export_format_json.out'), 'utf8'));

function events(logs: string) {
  const problems: unknown[] = [];
  const r = readLogs(logs, listLogs(logs), {}, problems as never);
  return { events: [...r.events].sort((a, b) => (a.id < b.id ? -1 : 1)), problems: problems.length, torn: r.torn };
}

describe('migrating logs of schema 1', () => {
  it('gives the same events, card states, stats, list and exports after as before, and the export the release made', () => {
    const { home, logs, backups } = copyFixture();
    const before = events(logs);
    expect(before.events.length).toBeGreaterThan(300);
    const old = outputs(home);
    // Card states and events as the release exported them (settings gain keys as llm-quiz grows).
    expect(storeOf(old.export_format_json as string)).toEqual(storeOf(expectedExport()));
    const sizes = Object.fromEntries(listLogs(logs).map((n) => [n, readFileSync(join(logs, n)).length]));
    const lines = Object.fromEntries(listLogs(logs).map((n) => [n, readFileSync(join(logs, n), 'utf8').split('\n').length]));
    for (const name of listLogs(logs)) expect(migrateLog(join(logs, name), backups)).toBe('migrated');
    for (const name of listLogs(logs)) {
      expect(readHeader(join(logs, name))?.schema).toBe(2);
      // Line for line: messages keep naming the same line numbers.
      expect(readFileSync(join(logs, name), 'utf8').split('\n').length).toBe(lines[name]);
      // Less than half the bytes (reviews are most of the lines).
      expect(readFileSync(join(logs, name)).length).toBeLessThan((sizes[name] as number) / 2);
      // The backup is the old log, byte for byte.
      expect(readFileSync(join(backups, name))).toEqual(readFileSync(join(V1, 'data', 'users', 'default', 'logs', name)));
    }
    const after = events(logs);
    expect(after).toEqual(before);
    expect(after.problems).toBe(1); // the line that is not JSON, kept
    expect(after.torn).toBe(1); // the torn last line, kept
    expect(outputs(home)).toEqual(old);
  });

  it('is idempotent: a second run changes nothing', () => {
    const { logs, backups } = copyFixture();
    for (const name of listLogs(logs)) migrateLog(join(logs, name), backups);
    const once = listLogs(logs).map((n) => readFileSync(join(logs, n)));
    for (const name of listLogs(logs)) expect(migrateLog(join(logs, name), backups)).toBe('current');
    expect(listLogs(logs).map((n) => readFileSync(join(logs, n)))).toEqual(once);
    expect(readdirSync(logs).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('happens on the first append of a writing command, to this device’s log only', () => {
    const { home, logs, backups } = copyFixture();
    const r = runCli(['suspend', 'attn-mqa', '--decks', join(ROOT, 'decks', 'en')], {
      home,
      env: { ...env, LLM_QUIZ_DEVICE: 'laptop-3f9a1c' },
      cwd: ROOT,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readHeader(join(logs, 'laptop-3f9a1c.jsonl'))?.schema).toBe(2);
    // The phone appends to its own log (through a sync tool): it is not rewritten under it.
    expect(readHeader(join(logs, 'phone-77aa00.jsonl'))?.schema).toBe(1);
    expect(existsSync(join(backups, 'laptop-3f9a1c.jsonl'))).toBe(true);
    const json = JSON.parse(runCli(['export'], { home, env, cwd: ROOT }).stdout) as {
      events: Array<{ type: string; card: string }>;
    };
    const old = JSON.parse(expectedExport()) as { events: unknown[] };
    expect(json.events.length).toBe(old.events.length + 1);
    expect(json.events.filter((e) => e.type === 'suspend' && e.card === 'attn-mqa')).toHaveLength(1);
  });
});
