// SIGKILL placed inside a large write, not at a random moment (the SIGKILL loop's kills rarely
// land in one): the test watches the output folder and kills the CLI the instant a temp file
// appears or the target starts to change. An export or imported deck must then be the previous
// complete file, the new complete file or absent — never part of one — and the next run must
// leave no temp file behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, tmp } from '../helpers.js';
import { deckHome } from './helpers.js';

const TEMP = /^\..+\.tmp-\d+-[0-9a-f]{8}$/;
const temps = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => TEMP.test(n)) : []);

/** Size, inode and mtime: any change means the file is being replaced or written. */
function stamp(file: string): string {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

/**
 * Runs the CLI and SIGKILLs it the moment a temp file shows in `dir` or a file in `watched`
 * changes. Returns whether it was killed there (false: it ended first) and whether a temp file
 * was still there after the kill (the kill landed between the temp file's creation and its rename).
 */
async function killInsideWrite(args: string[], home: string, dir: string, watched: string[]) {
  const before = watched.map(stamp);
  // Temp files an earlier killed run left (the next write in the folder sweeps them).
  const old = new Set(temps(dir));
  const fresh = () => temps(dir).filter((n) => !old.has(n));
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, LLM_QUIZ_HOME: join(home, 'data'), LLM_QUIZ_DEVICE: 'kill', TZ: 'UTC' },
    stdio: 'ignore',
  });
  let ended = false;
  const done = new Promise<void>((r) =>
    child.on('exit', () => {
      ended = true;
      r();
    }),
  );
  let killed = false;
  const started = Date.now();
  while (!ended && Date.now() - started < 60_000) {
    if (fresh().length > 0 || watched.some((f, i) => stamp(f) !== before[i])) {
      child.kill('SIGKILL');
      killed = true;
      break;
    }
    // 1 ms between looks: well inside a write of tens of MB and its fsync, and no core kept busy.
    await new Promise((r) => setTimeout(r, 1));
  }
  if (!ended && !killed) child.kill('SIGKILL');
  await done;
  return { killed, inside: killed && fresh().length > 0 };
}

describe('SIGKILL inside a large write', () => {
  it('export: the previous file or the new one, whole, never part of one; the next run sweeps the temp file', {
    timeout: 180_000,
  }, async () => {
    // 200 reviews with 120 KB typed answers: a 24 MB export, whose write and fsync take a while.
    const at = Date.parse('2025-03-01T08:00:00.000Z');
    const events = Array.from({ length: 200 }, (_, i) => ({
      id: `r${i}`,
      t: new Date(at + i * 60_000).toISOString(),
      type: 'review' as const,
      card: `c-${i % 2 ? 'a' : 'b'}`,
      rating: 3 as const,
      before: null,
      after: {
        due: new Date(at + 86_400_000).toISOString(),
        s: 1.5,
        d: 5,
        reps: 1,
        lapses: 0,
        state: 2 as const,
        step: 0,
        sched: 1,
        last: new Date(at).toISOString(),
      },
      ms: 1000,
      typed: `${'x'.repeat(120_000)}${i}`,
    }));
    const h = deckHome(events);
    const out = join(h.home, 'out');
    mkdirSync(out);
    const target = join(out, 'backup.json');
    const args = ['export', '-o', target, '--force', '--decks', h.decks];
    /** A whole export: JSON that parses, with every event. */
    const expectWhole = (text: string, what: string) => {
      let events = -1;
      try {
        events = (JSON.parse(text) as { events: unknown[] }).events.length;
      } catch {}
      expect(events, `${what}: the export is part of a file (${text.length} characters)`).toBe(200);
    };

    // No file before: absent afterwards (or whole, had the rename come first).
    const first = await killInsideWrite(args, h.home, out, [target]);
    expect(first.killed).toBe(true);
    if (existsSync(target)) expectWhole(readFileSync(target, 'utf8'), 'the first kill');

    // A complete previous export, then kills inside the writes that replace it.
    expect(runCli(args, { home: h.home, timeoutMs: 90_000 }).code).toBe(0);
    let previous = readFileSync(target, 'utf8');
    let inside = first.inside ? 1 : 0;
    for (let k = 0; k < 2; k++) {
      const r = await killInsideWrite(args, h.home, out, [target]);
      expect(r.killed, `kill ${k}: the export ended before any write was seen`).toBe(true);
      const now = readFileSync(target, 'utf8');
      if (now !== previous) {
        expectWhole(now, `kill ${k}`);
        previous = now;
      }
      if (r.inside) inside++;
    }
    // The kills really were inside the write (a temp file was left), not before or after it.
    expect(inside, 'no kill landed between the temp file and its rename').toBeGreaterThan(0);
    console.log(`export: ${inside} of 3 kills inside the write`);
    // The next export sweeps the dead process's temp file and writes a whole file.
    expect(runCli(args, { home: h.home, timeoutMs: 90_000 }).code).toBe(0);
    expect(readdirSync(out)).toEqual(['backup.json']);
    expectWhole(readFileSync(target, 'utf8'), 'the next run');
  });

  it('import: each deck file is its old or its new version, whole; the next run leaves no temp file', {
    timeout: 180_000,
  }, async () => {
    const home = tmp();
    const decks = join(home, 'data', 'decks');
    // Three CSV files of 2,000 long rows: three deck files of about 500 KB each.
    const write = (v: string) => {
      for (const n of [0, 1, 2]) {
        const rows = Array.from({ length: 2000 }, (_, i) => `Question ${n}-${i}?,${`${v} answer ${i} `.repeat(12)}`);
        writeFileSync(join(home, `src${n}.csv`), `question,answer\n${rows.join('\n')}\n`);
      }
    };
    const args = ['import', ...[0, 1, 2].map((n) => join(home, `src${n}.csv`))];
    const snapshot = () =>
      Object.fromEntries(
        readdirSync(decks)
          .filter((n) => n.endsWith('.md'))
          .map((n) => [n, readFileSync(join(decks, n), 'utf8')]),
      );
    write('old');
    expect(runCli(args, { home }).code).toBe(0);
    const old = snapshot();
    expect(Object.keys(old).length).toBeGreaterThanOrEqual(3);
    // What a complete import of the new version writes (a second data folder, the same sources).
    write('new');
    expect(runCli(args, { home, env: { LLM_QUIZ_HOME: join(home, 'fresh') } }).code).toBe(0);
    const fresh = Object.fromEntries(Object.keys(old).map((n) => [n, readFileSync(join(home, 'fresh', 'decks', n), 'utf8')]));
    let inside = 0;
    for (let k = 0; k < 2; k++) {
      const r = await killInsideWrite(
        args,
        home,
        decks,
        Object.keys(old).map((n) => join(decks, n)),
      );
      expect(r.killed, `kill ${k}: the import ended before any write was seen`).toBe(true);
      if (r.inside) inside++;
      for (const [n, text] of Object.entries(snapshot())) {
        expect(
          text === old[n] || text === fresh[n],
          `kill ${k}: ${n} is neither the old nor the new deck (${text.length} characters)`,
        ).toBe(true);
      }
      // Back to the old version for the next kill.
      if (k === 0) {
        write('old');
        expect(runCli(args, { home }).code).toBe(0);
        write('new');
      }
    }
    // Not asserted: a deck file's write and fsync can be shorter than one look of the poll (the
    // export test proves the kills land inside a write).
    console.log(`import: ${inside} of 2 kills inside a write`);
    expect(runCli(args, { home }).code).toBe(0);
    expect(readdirSync(decks).filter((n) => TEMP.test(n))).toEqual([]);
    expect(snapshot()).toEqual(fresh);
  });
});
