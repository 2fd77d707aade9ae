// SIGKILL at random moments during study, import and export (mixed): no confirmed answer is
// lost, the store always loads, an interrupted export or import leaves no partial file, and no
// temp file is left once the next command has run. LLM_QUIZ_KILLS sets the number of kills:
// .ci/run sets 200 (about 4 minutes at a load of 10); `npm test` alone runs 24.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, deckText, eventsOnDisk, prng, runCli, tmp } from '../helpers.js';
import { runPty } from './helpers.js';

const KILLS = Number(process.env.LLM_QUIZ_KILLS ?? 24);

/** Every file under `dir` (relative names). */
function files(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
}

/** A temp file of an atomic write: ours (`.name.tmp-PID-hex`) or write-file-atomic's (`name.HASH`). */
const isTemp = (n: string) =>
  /\.tmp-\d+-[0-9a-f]{8}$/.test(n) || /\.tmp$/.test(n) || /\.(?:json|jsonl|md|csv)\.[0-9a-f]{6,}$/.test(n);

function reviewIds(data: string): string[] {
  return eventsOnDisk(join(data, 'users', 'default', 'logs'))
    .filter((e) => e.type === 'review')
    .map((e) => e.id);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond` holds (polling), failing after 15 s with what was awaited. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !cond(); waited += 20) {
    if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Runs the CLI and SIGKILLs it after `ms` (or lets it finish first). */
async function killAfter(args: string[], home: string, ms: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, LLM_QUIZ_HOME: join(home, 'data'), LLM_QUIZ_DEVICE: 'kill', TZ: 'UTC' },
    stdio: 'ignore',
  });
  const done = new Promise((r) => child.on('exit', r));
  await Promise.race([sleep(ms), done]);
  child.kill('SIGKILL');
  await done;
}

describe('SIGKILL during study, import and export', () => {
  it(`${KILLS} kills lose nothing and leave no partial or temp file`, { timeout: 60_000 + KILLS * 3_000 }, async () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    const cards = Array.from({ length: 400 }, (_, i) => ({ id: `k-${i}`, q: `Question ${i}?`, a: `Answer ${i}.` }));
    writeFileSync(join(decks, 'k.md'), deckText('k', cards));
    // Import sources: three CSV files of 2,000 rows each.
    const sources = [0, 1, 2].map((n) => {
      const f = join(home, `src${n}.csv`);
      const rows = Array.from({ length: 2000 }, (_, i) => `Imported ${n}-${i}?,Answer ${i}`).join('\n');
      writeFileSync(f, `question,answer\n${rows}\n`);
      return f;
    });
    const out = join(home, 'out');
    mkdirSync(out);
    const data = join(home, 'data');
    const rand = prng(17);
    let confirmed = 0;
    for (let k = 0; k < KILLS; k++) {
      const op = k % 3;
      if (op === 0) {
        const p = runPty(['study', '--decks', decks, '--deck', 'k', '--new', '400'], home, { LLM_QUIZ_DEVICE: 'kill' });
        await p.waitFor(/Question \d+\?/);
        const answers = Math.floor(rand() * 3);
        for (let a = 0; a < answers; a++) {
          const shown = (p.output().match(/Question \d+\?/g) ?? []).pop();
          const before = p.output().length;
          p.send(' ');
          await until(() => p.output().slice(before).includes('Good'), 'the answer');
          const at = p.output().length;
          p.send('3');
          // Confirmed: another card's question is on the screen (the grade is on disk before it shows).
          await until(
            () =>
              (
                p
                  .output()
                  .slice(at)
                  .match(/Question \d+\?/g) ?? []
              ).some((q) => q !== shown),
            'the next card',
          );
          confirmed++;
        }
        // Kill at a random moment: maybe right after a key, maybe mid-grade.
        if (rand() < 0.5) {
          p.send(' ');
          await sleep(rand() * 40);
          p.send('3');
        }
        await sleep(rand() * 60);
        process.kill(p.pid, 'SIGKILL');
        await p.exited;
        expect(new Set(reviewIds(data)).size).toBeGreaterThanOrEqual(confirmed);
      } else if (op === 1) {
        await killAfter(['import', ...sources, '--decks', decks], home, 150 + rand() * 500);
        // Every imported deck is whole or absent.
        const imported = join(data, 'decks');
        for (const f of files(imported).filter((n) => n.endsWith('.md'))) {
          const r = runCli(['check', join(imported, f), '--decks', decks], { home });
          expect(r.stdout, f).not.toMatch(/: error:/);
        }
      } else {
        const file = join(out, 'backup.json');
        // Alternately the progress (json) and every card (anki: a few MB once imports have run).
        const format = k % 2 === 0 ? 'json' : 'anki';
        await killAfter(['export', '--format', format, '-o', file, '--force', '--decks', decks], home, 100 + rand() * 400);
        const text = files(out).includes('backup.json') ? readFileSync(file, 'utf8') : undefined;
        // Whole or absent: a json export parses, an anki export ends with its last card's line.
        if (text?.startsWith('{')) expect(() => JSON.parse(text)).not.toThrow();
        else if (text !== undefined) expect(text.endsWith('\n')).toBe(true);
      }
      // The store loads after every kill (stats reads every deck and event; `list --json` of the
      // imported cards outgrows spawnSync's 1 MiB output buffer).
      const list = runCli(['stats', '--json', '--decks', decks], { home });
      expect(list.code, `after kill ${k} (${['study', 'import', 'export'][op]}): ${list.stderr}`).toBe(0);
    }
    // Nothing confirmed is lost, nothing is counted twice.
    const ids = reviewIds(data);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(confirmed);
    // The next run of each command clears what the killed ones left.
    expect(runCli(['import', ...sources, '--decks', decks], { home }).code).toBe(0);
    expect(runCli(['export', '-o', join(out, 'backup.json'), '--force', '--decks', decks], { home }).code).toBe(0);
    expect(runCli(['suspend', 'k-0', '--decks', decks], { home }).code).toBe(0);
    expect(files(data).filter(isTemp)).toEqual([]);
    expect(files(out)).toEqual(['backup.json']);
    console.log(`${KILLS} kills, ${confirmed} confirmed answers, ${ids.length} reviews on disk`);
  });
});
