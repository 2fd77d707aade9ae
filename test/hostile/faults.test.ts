// Faults are user errors: a read-only data directory, a full disk, a folder where a log should
// be give exit 1 with the path and what to do (never exit 70), keep everything already stored,
// and leave no temp file. Read-only and full file systems are real: a tmpfs mounted in a user
// namespace (`unshare -rm`), remounted read-only or filled up.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { review } from '../fixtures/store/events.js';
import { BIN, type RunResult, readTree, runCli } from '../helpers.js';
import { deckHome } from './helpers.js';

const NOW = '2025-03-02T12:00:00.000Z';
const canMount = spawnSync('unshare', ['-rm', 'true']).status === 0;

/** A data directory with one user who has a review, and a deck folder. */
const prepared = () => deckHome([review('r1', Date.parse(NOW) - 3_600_000, 'c-a', 1)]);

/**
 * Runs the CLI with the data directory on a tmpfs of `kb` KiB holding a copy of `data`:
 * read-only (`ro`), filled up (`full`), or filled up to its last 64 KiB (`almost`: a large write
 * gets partly written before the disk is full). Afterwards the tmpfs is copied to
 * `<home>/after` so the test can see what is left.
 */
function onTmpfs(
  p: { home: string; data: string },
  mode: 'ro' | 'full' | 'almost',
  args: string[],
): RunResult & { after: string } {
  const mnt = join(p.home, 'mnt');
  const after = join(p.home, 'after');
  mkdirSync(mnt);
  mkdirSync(after);
  const fill =
    mode === 'full'
      ? 'head -c 10000000 /dev/zero > "$MNT/filler" 2>/dev/null; '
      : mode === 'almost'
        ? 'avail=$(df --output=avail -B1 "$MNT" | tail -1); head -c $((avail - 65536)) /dev/zero > "$MNT/filler"; '
        : '';
  const ro = mode === 'ro' ? 'mount -o remount,ro "$MNT" && ' : '';
  const script = `mount -t tmpfs -o size=512k none "$MNT" && cp -a "$SRC"/. "$MNT"/ && ${fill}${ro}"$NODE" "$BIN" "$@"; rc=$?; rm -f "$MNT/filler"; cp -a "$MNT"/. "$AFTER"/; exit $rc`;
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: p.home,
      MNT: mnt,
      SRC: p.data,
      AFTER: after,
      NODE: process.execPath,
      BIN,
      LLM_QUIZ_HOME: mnt,
      LLM_QUIZ_NOW: NOW,
      LLM_QUIZ_DEVICE: 'desk',
      LANG: 'en_US.UTF-8',
      TZ: 'UTC',
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, after };
}

/** A progress export of 3,000 reviews (about 600 KB of log lines) in `home`; returns its path. */
function bigBackup(home: string): string {
  const backup = join(home, 'backup.json');
  const events = Array.from({ length: 3000 }, (_, i) => review(`b${i}`, Date.parse(NOW) - i * 60_000, 'c-b', i));
  writeFileSync(backup, JSON.stringify({ format: 'llm-quiz-progress', schema: 1, events }));
  return backup;
}

/** Temp files of interrupted atomic writes, anywhere under `dir`. */
function temps(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => /\.tmp-\d+-[0-9a-f]{8}$|\.tmp$/.test(n));
}

describe.skipIf(!canMount)('a read-only data directory', () => {
  it.each([
    ['suspend', (_p: { decks: string; home: string }) => ['suspend', 'c-b']],
    ['config set', () => ['config', 'set', 'new_per_day', '5']],
    ['import', (p: { home: string }) => ['import', join(p.home, 'notes.csv')]],
    ['import-progress', (p: { home: string }) => ['import-progress', join(p.home, 'backup.json')]],
  ])('%s: exit 1 naming the path and EROFS, nothing changed', (_name, args) => {
    const p = prepared();
    writeFileSync(join(p.home, 'notes.csv'), 'question,answer\nWhat?,This.\n');
    expect(
      // No code cache (src/boot.ts): its 0.5 MB would not fit the 512 KiB tmpfs the data is copied to.
      runCli(['export', '-o', join(p.home, 'backup.json'), '--decks', p.decks], {
        home: p.home,
        env: { LLM_QUIZ_NOW: NOW, LLM_QUIZ_NO_CACHE: '1' },
      }).code,
    ).toBe(0);
    const before = readTree(p.data);
    const r = onTmpfs(p, 'ro', [...args(p), '--decks', p.decks]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /cannot use .*\((EROFS, read-only file system|ENOENT, cannot create this folder: is the disk read-only\?)\)/,
    );
    expect(r.stderr).not.toMatch(/bug/);
    const kept = readTree(r.after);
    for (const [file, text] of Object.entries(before)) expect(kept[file.replace(p.data, r.after)]).toBe(text);
  });
});

describe.skipIf(!canMount)('a full disk', () => {
  it('suspend: exit 1 naming ENOSPC; the review already stored is kept; no temp file', () => {
    const p = prepared();
    const before = readTree(p.data);
    const r = onTmpfs(p, 'full', ['suspend', 'c-b', '--decks', p.decks]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/cannot use .*ENOSPC, no space left/);
    const kept = readTree(r.after);
    const log = Object.keys(before).find((f) => f.endsWith('laptop.jsonl')) as string;
    expect(kept[log.replace(p.data, r.after)]).toBe(before[log]);
    expect(temps(r.after)).toEqual([]);
  });

  it('import-progress: exit 1, no temp file, the log it did not finish is not half a line', () => {
    const p = prepared();
    // Today's backup exists, so the import goes straight to appending (the disk fills mid-append).
    mkdirSync(join(p.data, 'backups', 'default', '2025-03-02'), { recursive: true });
    const backup = bigBackup(p.home);
    const r = onTmpfs(p, 'almost', ['import-progress', backup, '--decks', p.decks]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/ENOSPC/);
    expect(temps(r.after)).toEqual([]);
    // Every log ends with a whole line: the append the disk could not hold was cut back, so the
    // next event this device writes is not glued onto half a line (and lost with it).
    const logs = join(r.after, 'users', 'default', 'logs');
    const names = readdirSync(logs);
    expect(
      names.some((n) => n.startsWith('import-')),
      `${names} ${r.stderr}`,
    ).toBe(true);
    for (const name of names) {
      const text = readFileSync(join(logs, name), 'utf8');
      expect(text === '' || text.endsWith('\n'), `${name} ends in half a line`).toBe(true);
      for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line), name).not.toThrow();
    }
  });
});

describe.skipIf(!canMount)('a disk that fills during the daily backup', () => {
  it('import-progress: exit 1, and no half-made backup folder is left', () => {
    const p = prepared();
    const backup = bigBackup(p.home);
    const r = onTmpfs(p, 'full', ['import-progress', backup, '--decks', p.decks]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/ENOSPC/);
    const backups = join(r.after, 'backups', 'default');
    expect(existsSync(backups) ? readdirSync(backups) : []).toEqual([]);
  });
});

describe('a folder where a file should be', () => {
  it('a folder named x.jsonl in logs/: exit 1 with its path', () => {
    const p = prepared();
    mkdirSync(join(p.data, 'users', 'default', 'logs', 'x.jsonl'));
    for (const cmd of [['list'], ['stats'], ['suspend', 'c-b']]) {
      const r = runCli([...cmd, '--decks', p.decks], { home: p.home, env: { LLM_QUIZ_NOW: NOW } });
      expect(r.code, `${cmd[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(/x\.jsonl.*EISDIR/);
    }
  });
});

describe('an interrupted write leaves no temp file', () => {
  it('a temp file of a killed process is removed by the next write; a live one is kept', () => {
    const p = prepared();
    const user = join(p.data, 'users', 'default');
    // pid 999999 does not exist: its temp file is debris. Ours (this test's pid) is live.
    writeFileSync(join(user, '.snapshot.json.tmp-999999-0123abcd'), 'half');
    writeFileSync(join(user, `.snapshot.json.tmp-${process.pid}-0123abcd`), 'writing');
    const r = runCli(['suspend', 'c-b', '--decks', p.decks], { home: p.home, env: { LLM_QUIZ_NOW: NOW } });
    expect(r.code).toBe(0);
    expect(temps(user)).toEqual([`.snapshot.json.tmp-${process.pid}-0123abcd`]);
  });
});
