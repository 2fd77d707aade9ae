import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldEvents as fold, type ProgressEvent, type ProgressMap } from '../../src/core/progress.js';
import { createScheduler, DEFAULT_SETTINGS, replayWith } from '../../src/core/scheduler.js';
import { UserError } from '../../src/errors.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { BASE, iso, review, type Written, writtenArb } from '../fixtures/store/events.js';
import { readTree, tmp } from '../helpers.js';

const HEADER = (device: string, schema = 1) => `${JSON.stringify({ type: 'header', schema, device, created: iso(BASE) })}\n`;
const line = (e: ProgressEvent) => `${JSON.stringify(e)}\n`;
// The store folds as core/progress.ts does, replaying a review whose writer saw another state.
const replay = replayWith(createScheduler(DEFAULT_SETTINGS, process.env.LLM_QUIZ_FUZZ_SEED ?? 'llm-quiz'));
const foldEvents = (events: ProgressEvent[]) => fold(events, replay);
const asObject = (m: ProgressMap) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));

function logsOf(data: string, user = 'u') {
  return join(data, 'users', user, 'logs');
}

/** Writes a device log with a header and the given events (raw lines, as another device would). */
function writeLog(data: string, device: string, events: ProgressEvent[], user = 'u'): string {
  const dir = logsOf(data, user);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${device}.jsonl`);
  writeFileSync(file, HEADER(device) + events.map(line).join(''));
  return file;
}

describe('ProgressStore basics', () => {
  it('appends durably, reloads by rebuild, then from the snapshot plus newer lines', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'x', 1), review('r2', BASE + 1000, 'y', 2));
    expect(s.progress.get('x')?.fsrs?.reps).toBe(2);
    s.close();

    const again = ProgressStore.open(data, 'u', { device: 'dev-a' });
    expect(again.loadedFrom).toBe('rebuild');
    expect(asObject(again.progress)).toEqual(asObject(s.progress));
    again.saveSnapshot();

    // Another device's lines arrive after the snapshot: read incrementally.
    writeLog(data, 'dev-b', [review('r3', BASE + 5000, 'x', 7)]);
    const third = ProgressStore.open(data, 'u', { device: 'dev-a' });
    expect(third.loadedFrom).toBe('snapshot');
    // dev-b's review was written without knowing x's history (before: null): replayed on top, not lost.
    expect(third.progress.get('x')?.fsrs?.reps).toBe(3);
    expect(asObject(third.progress)).toEqual(asObject(foldEvents(third.readAllEvents())));
  });

  it('folds an own event older than what its card reflects in its place (another clock ahead)', () => {
    const data = tmp();
    // dev-b (clock ahead) reviewed x at +1h; this device then suspends x with an earlier time.
    writeLog(data, 'dev-b', [review('b1', BASE + 3_600_000, 'x', 5)]);
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append({ id: 'a1', t: iso(BASE), type: 'suspend', card: 'x' });
    const expected = foldEvents(s.readAllEvents());
    expect(expected.get('x')).toMatchObject({ suspended: true, fsrs: { reps: 6 } });
    expect(asObject(s.progress)).toEqual(asObject(expected));
    s.saveSnapshot();
    expect(asObject(ProgressStore.open(data, 'u').progress)).toEqual(asObject(expected));
  });

  it('rebuilds when a log vanished or shrank since the last read', () => {
    const data = tmp();
    const fileB = writeLog(data, 'dev-b', [review('b1', BASE, 'x', 5)]);
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('a1', BASE + 1000, 'y', 1));
    expect(s.progress.has('x')).toBe(true);
    rmSync(fileB); // e.g. the user deleted an import log to take the import back
    s.saveSnapshot();
    expect(s.progress.has('x')).toBe(false);
    expect(ProgressStore.open(data, 'u').progress.has('x')).toBe(false);
  });
});

describe('snapshot path vs rebuild (property)', () => {
  it('loading incrementally, chunk by chunk, gives the states a rebuild from the logs gives', () => {
    let incremental = 0;
    fc.assert(
      fc.property(writtenArb(3, 50), fc.array(fc.nat(50), { maxLength: 4 }), (written: Written[], cuts) => {
        const data = tmp('llmq-prop-');
        const bounds = [...new Set([...cuts.map((c) => c % (written.length + 1)), written.length])].sort((a, b) => a - b);
        let from = 0;
        for (const to of bounds) {
          for (const { e, dev } of written.slice(from, to)) {
            const file = join(logsOf(data), `dev-${dev}.jsonl`);
            mkdirSync(logsOf(data), { recursive: true });
            if (!existsSync(file)) writeFileSync(file, HEADER(`dev-${dev}`));
            appendFileSync(file, line(e));
          }
          from = to;
          const s = ProgressStore.open(data, 'u', { device: 'reader' });
          if (s.loadedFrom === 'snapshot') incremental++;
          s.saveSnapshot();
        }
        const viaSnapshot = ProgressStore.open(data, 'u', { device: 'reader' });
        const all = written.map((w) => w.e);
        rmSync(join(data, 'users', 'u', 'snapshot.json'), { force: true });
        const viaRebuild = ProgressStore.open(data, 'u', { device: 'reader' });
        expect(viaRebuild.loadedFrom).not.toBe('snapshot');
        expect(asObject(viaSnapshot.progress)).toEqual(asObject(viaRebuild.progress));
        expect(asObject(viaRebuild.progress)).toEqual(asObject(foldEvents(all)));
        expect(viaSnapshot.problems).toEqual([]);
        rmSync(data, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
    // The property is only interesting if the snapshot path was really taken.
    expect(incremental).toBeGreaterThan(20);
  });
});

describe('failure behaviour', () => {
  it('ignores and counts a torn last line; a later append on that log is still read', () => {
    const data = tmp();
    const file = writeLog(data, 'dev-a', [review('r1', BASE, 'x', 1)]);
    appendFileSync(file, '{"id":"r2","t":"2025-03-01T08:01:00.000Z","type":"rev'); // crash mid-line
    const s = ProgressStore.open(data, 'u', { device: 'dev-a' });
    expect(s.tornLines).toBe(1);
    expect(s.problems).toEqual([]);
    expect(s.progress.get('x')?.fsrs?.reps).toBe(2);

    s.append(review('r3', BASE + 120_000, 'y', 4));
    s.close();
    const again = ProgressStore.open(data, 'u', { device: 'dev-a' });
    expect(again.tornLines).toBe(0);
    expect(again.readAllEvents().map((e) => e.id)).toEqual(['r1', 'r3']);
    // The torn fragment now ends in a newline: kept in the file, reported with its line.
    expect(again.problems).toHaveLength(1);
    expect(again.problems[0]).toMatchObject({ file, line: 3, severity: 'warning' });
    expect(readFileSync(file, 'utf8')).toContain('"type":"rev\n');
  });

  it('sets a corrupt snapshot aside and rebuilds from the logs', () => {
    for (const junk of ['{"schema":1,"logs":{', '{"schema":1,"logs":{},"cards":{},"recent":null}', '[]']) {
      const data = tmp();
      writeLog(data, 'dev-a', [review('r1', BASE, 'x', 1)]);
      const snap = join(data, 'users', 'u', 'snapshot.json');
      writeFileSync(snap, junk);
      const s = ProgressStore.open(data, 'u');
      expect(s.loadedFrom).toBe('rebuild');
      expect(s.progress.get('x')?.fsrs?.reps).toBe(2);
      expect(existsSync(snap)).toBe(false);
      const aside = readdirSync(join(data, 'users', 'u')).filter((n) => n.startsWith('snapshot.json.corrupt-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(data, 'users', 'u', aside[0] as string), 'utf8')).toBe(junk);
      expect(s.problems[0]?.message).toMatch(/snapshot could not be parsed; moved to snapshot\.json\.corrupt-/);
      s.saveSnapshot();
      expect(ProgressStore.open(data, 'u').loadedFrom).toBe('snapshot');
    }
  });

  it('reads a snapshot recent window only when asked, and rebuilds when it is damaged', () => {
    const data = tmp();
    const s = ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
    s.append(review('r1', BASE, 'x', 1), review('r2', BASE + 1000, 'y', 2));
    s.saveSnapshot();
    const file = join(data, 'users', 'u', 'snapshot.json');
    const [head] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${head}\n[{"id":"r1"`);
    const again = ProgressStore.open(data, 'u', { device: 'dev-a' });
    // The states come from the snapshot's first line: the damage is not seen until the window is needed.
    expect(again.loadedFrom).toBe('snapshot');
    expect(asObject(again.progress)).toEqual(asObject(s.progress));
    expect(again.recent.map((e) => e.id)).toEqual(['r1', 'r2']);
    expect(again.loadedFrom).toBe('rebuild');
    expect(asObject(again.progress)).toEqual(asObject(s.progress));
    // The rebuilt window is saved: the next load reads it from the snapshot.
    again.saveSnapshot();
    const third = ProgressStore.open(data, 'u', { device: 'dev-a' });
    expect(third.recent.map((e) => e.id)).toEqual(['r1', 'r2']);
    expect(third.loadedFrom).toBe('snapshot');
  });

  it('reports an unparseable or invalid log line with file and line, skips it, keeps it, and keeps reporting it', () => {
    const data = tmp();
    const file = writeLog(data, 'dev-a', [review('r1', BASE, 'x', 1)]);
    appendFileSync(file, '{not json}\n');
    appendFileSync(file, `${JSON.stringify({ ...review('r9', BASE, 'x', 1), rating: 7 })}\n`);
    appendFileSync(file, line(review('r2', BASE + 1000, 'y', 2)));
    const before = readFileSync(file, 'utf8');
    const s = ProgressStore.open(data, 'u');
    expect(s.problems.map((p) => [p.file, p.line])).toEqual([
      [file, 3],
      [file, 4],
    ]);
    expect(s.problems[1]?.message).toMatch(/rating/);
    expect([...s.progress.keys()].sort()).toEqual(['x', 'y']);
    s.saveSnapshot();
    expect(readFileSync(file, 'utf8')).toBe(before);
    // Once the snapshot has read past them, they are still reported on load (and so by `check`).
    const again = ProgressStore.open(data, 'u');
    expect(again.loadedFrom).toBe('snapshot');
    expect(again.problems.map((p) => p.line)).toEqual([3, 4]);
  });

  it('refuses a newer schema in a log header, settings or snapshot, and changes nothing', () => {
    const cases: Array<[string, (data: string) => string]> = [
      [
        'log header',
        (data) => {
          const f = writeLog(data, 'dev-a', []);
          // Logs are at schema 2 (compact reviews), settings at 1, the snapshot at 2.
          writeFileSync(f, HEADER('dev-a', 3) + line(review('r2', BASE, 'y', 1)));
          return f;
        },
      ],
      [
        'settings',
        (data) => {
          const f = join(data, 'users', 'u', 'settings.json');
          writeFileSync(f, JSON.stringify({ schema: 2, new_per_day: 5 }));
          return f;
        },
      ],
      [
        'snapshot',
        (data) => {
          const f = join(data, 'users', 'u', 'snapshot.json');
          writeFileSync(f, JSON.stringify({ schema: 3, something: 'else' }));
          return f;
        },
      ],
    ];
    for (const [what, make] of cases) {
      const data = tmp();
      writeLog(data, 'dev-old', [review('r1', BASE, 'x', 1)]);
      const file = make(data);
      const before = readTree(data);
      let err: unknown;
      try {
        ProgressStore.open(data, 'u', { create: true, device: 'dev-a' });
      } catch (e) {
        err = e;
      }
      expect(err, what).toBeInstanceOf(UserError);
      expect((err as Error).message).toContain(file);
      const [found, max] = { 'log header': [3, 2], settings: [2, 1], snapshot: [3, 2] }[what] ?? [];
      expect((err as Error).message).toContain(`newer llm-quiz (schema ${found}; this version reads up to ${max})`);
      expect(readTree(data), what).toEqual(before);
    }
  });

  it.each(['../x', 'a/b', '..', '', '.hidden', 'a\\b', 'x'.repeat(65), 'a..b'])('rejects the user name %j', (name) => {
    const data = tmp();
    expect(() => ProgressStore.open(data, name, { create: true })).toThrow(UserError);
    expect(readdirSync(data)).toEqual([]);
  });
});
