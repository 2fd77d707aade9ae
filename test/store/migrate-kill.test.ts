import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHeader } from '../../src/store/log-bytes.js';
import { listLogs, readLogs } from '../../src/store/log-format.js';
import { migrateLog } from '../../src/store/migrate.js';
import { buildAppendChild } from '../fixtures/store/build-child.js';
import { FIXTURES } from '../helpers.js';

// A migration killed with SIGKILL at each of its steps (after reading, after the backup, after each
// chunk of the new log, after the rename), or at random moments (fast-check), leaves a store that reads exactly the events of the old
// log; run again, it completes, with nothing lost and no temporary file left.
const V1_LOGS = join(FIXTURES, 'store-v1', 'data', 'users', 'default', 'logs');
const LOG = 'laptop-3f9a1c.jsonl';

let work: string;
let child: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'llmq-migrate-kill-'));
  child = await buildAppendChild(work, 'migrate-child');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sortedEvents = (logs: string) => [...readLogs(logs, listLogs(logs), {}, []).events].sort((a, b) => (a.id < b.id ? -1 : 1));

function run(file: string, backups: string, killAt: number) {
  return spawnSync(process.execPath, [child, file, backups, String(killAt)], { encoding: 'utf8', timeout: 30_000 });
}

describe('a migration killed at any step', () => {
  const original = sortedEvents(V1_LOGS);
  let steps = 0;

  it('counts its steps when not killed', () => {
    const dir = join(work, 'whole');
    cpSync(V1_LOGS, dir, { recursive: true });
    const r = run(join(dir, LOG), join(work, 'whole-backup'), 0);
    expect(r.stdout.trim()).toMatch(/^migrated \d+$/);
    steps = Number(r.stdout.trim().split(' ')[1]);
    // read, backup, one chunk, renamed, done
    expect(steps).toBeGreaterThanOrEqual(5);
  });

  it('leaves a store that loads with nothing lost, and a rerun completes it', () => {
    for (let killAt = 1; killAt < steps; killAt++) {
      {
        const dir = join(work, `run-${killAt}`);
        const backups = join(work, `run-${killAt}-backup`);
        cpSync(V1_LOGS, dir, { recursive: true });
        const r = run(join(dir, LOG), backups, killAt);
        expect(r.signal).toBe('SIGKILL');
        expect(sortedEvents(dir)).toEqual(original);
        migrateLog(join(dir, LOG), backups);
        expect(readHeader(join(dir, LOG))?.schema).toBe(2);
        expect(sortedEvents(dir)).toEqual(original);
        expect(readFileSync(join(backups, LOG))).toEqual(readFileSync(join(V1_LOGS, LOG)));
        expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
        expect(readdirSync(backups).filter((f) => f.includes('.tmp-'))).toEqual([]);
      }
    }
  });
});

/** A schema-1 log of `n` reviews of 500 cards, as the release that wrote schema 1 wrote them. */
function bigLog(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  const lines = [JSON.stringify({ type: 'header', schema: 1, device: 'laptop-3f9a1c', created: '2026-01-01T00:00:00.000Z' })];
  const last = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < n; i++) {
    const t = Date.parse('2026-01-01T00:00:00.000Z') + i * 61_003;
    const card = `card-${(i * 7919) % 500}`;
    const before = last.get(card) ?? null;
    const reps = ((before?.reps as number) ?? 0) + 1;
    const after = {
      due: new Date(t + reps * 86_400_000).toISOString(),
      s: reps * 1.5,
      d: 5.1234,
      reps,
      lapses: 0,
      state: 2,
      step: 0,
      sched: reps,
      last: new Date(t).toISOString(),
    };
    last.set(card, after);
    const id = `laptop-3f9a1c-${t.toString(36)}-${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}`;
    lines.push(
      JSON.stringify({
        id,
        t: new Date(t).toISOString(),
        type: 'review',
        card,
        rating: 1 + (i % 4),
        before,
        after,
        ms: 4000 + i,
      }),
    );
  }
  writeFileSync(join(dir, LOG), `${lines.join('\n')}\n`);
}

describe('a migration killed at a random moment', () => {
  it('leaves a store that loads with nothing lost, and a rerun completes it', async () => {
    const source = join(work, 'big-source');
    bigLog(source, 10_000);
    const original = sortedEvents(source);
    // How long a whole migration takes here, so the kills land inside it.
    const whole = join(work, 'big-whole');
    cpSync(source, whole, { recursive: true });
    const t0 = performance.now();
    expect(run(join(whole, LOG), join(work, 'big-whole-backup'), 0).stdout).toMatch(/^migrated/);
    const span = performance.now() - t0;
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 1, noNaN: true }), async (at) => {
        const dir = join(work, `big-${at}`);
        const backups = join(work, `big-${at}-backup`);
        cpSync(source, dir, { recursive: true });
        const proc = spawn(process.execPath, [child, join(dir, LOG), backups, '0'], { stdio: 'ignore' });
        setTimeout(() => proc.kill('SIGKILL'), at * span);
        await new Promise((res) => proc.on('exit', res));
        expect(sortedEvents(dir)).toEqual(original);
        migrateLog(join(dir, LOG), backups);
        expect(readHeader(join(dir, LOG))?.schema).toBe(2);
        expect(sortedEvents(dir)).toEqual(original);
        expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
        rmSync(dir, { recursive: true, force: true });
        rmSync(backups, { recursive: true, force: true });
      }),
      { numRuns: 6, seed: 16 },
    );
  }, 120_000);
});
