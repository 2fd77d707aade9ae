import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldEvents as fold, type ProgressEvent, type ProgressMap } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS, replayWith } from '../../src/core/scheduler.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { buildAppendChild } from '../fixtures/store/build-child.js';
import { prng } from '../helpers.js';

// The store folds as core/progress.ts does: a review whose writer saw another state (two processes
// appending to one card) is replayed in its place.
const replay = replayWith(createScheduler(DEFAULT_SETTINGS, process.env.LLM_QUIZ_FUZZ_SEED ?? 'llm-quiz'));
const foldEvents = (events: ProgressEvent[]) => fold(events, replay);

const asObject = (m: ProgressMap) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));

let work: string;
let child: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'llmq-crash-'));
  child = await buildAppendChild(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  proc: ChildProcess;
  lines: () => string[];
  /** Resolves when the child has opened the store and is about to append. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Run {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady = () => {};
  const ready = new Promise<void>((res) => {
    onReady = res;
  });
  proc.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (out.startsWith('ready\n')) onReady();
  });
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' waits for stdout to drain, so every id the child wrote has been read.
    proc.on('close', (code, signal) => {
      if (code) process.stderr.write(err);
      onReady();
      resolve({ code, signal });
    });
  });
  // Only complete lines count: an id is reported once its newline is out.
  const lines = () => out.split('\n').slice(0, -1);
  return { proc, lines, ready, exited };
}

describe('crash safety', () => {
  it('after SIGKILL at random moments, every review the child reported as stored is there (60 runs)', async () => {
    const seed = Number(process.env.CRASH_SEED ?? 20250301);
    const random = prng(seed);
    const data = join(work, 'crash-data');
    const reported = new Set<string>();
    let killedWhileWriting = 0;
    for (let run = 0; run < 60; run++) {
      // One device throughout, so each run also reopens a log a kill may have left torn.
      const r = start([data, 'u', 'crashdev', '100000', String(1 + Math.floor(random() * 30))]);
      // Mostly while appending; one run in ten at any moment from start-up on.
      if (random() < 0.9) await r.ready;
      await new Promise((res) => setTimeout(res, random() * 120));
      r.proc.kill('SIGKILL');
      const { signal } = await r.exited;
      expect(signal, `run ${run} (seed ${seed})`).toBe('SIGKILL');
      const ids = r.lines().filter((l) => l !== 'ready');
      if (ids.length > 0) killedWhileWriting++;
      for (const id of ids) reported.add(id);

      const store = ProgressStore.open(data, 'u', { device: 'checker' });
      const events = store.readAllEvents();
      const stored = new Set(events.map((e) => e.id));
      const missing = [...reported].filter((id) => !stored.has(id));
      expect(missing, `run ${run} (seed ${seed})`).toEqual([]);
      // Whatever a kill interrupted (a snapshot write, a short write), the states are those of the logs.
      expect(asObject(store.progress), `run ${run} (seed ${seed})`).toEqual(asObject(foldEvents(events)));
      for (const p of store.problems) expect(p.message).toMatch(/not valid JSON/);
    }
    // Most runs must really have been killed mid-stream, not before the first append.
    expect(killedWhileWriting).toBeGreaterThan(35);
    // Loose: on a loaded machine the child writes fewer lines per window; 200 still makes the check meaningful.
    expect(reported.size).toBeGreaterThan(200);
  });

  it('two processes appending 500 reviews each for the same user and device keep all 1,000', async () => {
    const data = join(work, 'concurrent-data');
    const a = start([data, 'u', 'samedev', '500', '50']);
    const b = start([data, 'u', 'samedev', '500', '70']);
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const ids = [...a.lines(), ...b.lines()].filter((l) => l !== 'ready');
    expect(new Set(ids).size).toBe(1000);

    const store = ProgressStore.open(data, 'u', { device: 'checker' });
    const events = store.readAllEvents();
    expect(events).toHaveLength(1000);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(ids));
    expect(store.problems).toEqual([]);
    expect(store.tornLines).toBe(0);
    // Both wrote snapshots while the other appended; the last one written plus newer lines is exact.
    expect(asObject(store.progress)).toEqual(asObject(foldEvents(events)));
  });
});
