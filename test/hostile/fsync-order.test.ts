// Durability is an order of system calls: a SIGKILL keeps the page cache, so only a power cut
// shows a missing fsync, and no process test can. So this test records the calls themselves
// (node:fs wrapped in place, the code under test unchanged) and checks their order: an atomic
// write's data is fsynced before the rename makes it the file, and its folder after (the rename
// itself survives a power cut); an append is fdatasynced before it returns (before the next card
// shows), and a new log's folder entry is fsynced.
import * as realFs from 'node:fs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { atomicWrite } from '../../src/store/atomic.js';
import { LogWriter } from '../../src/store/log-writer.js';
import { review } from '../fixtures/store/events.js';
import { tmp } from '../helpers.js';

/** The calls that decide durability, in order, with the path each fd was opened on. */
const calls: string[] = [];
const fdPath = new Map<number, string>();

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const path = (fd: number) => fdPath.get(fd) ?? `fd ${fd}`;
  return {
    ...fs,
    openSync: (p: string, ...rest: never[]) => {
      const fd = (fs.openSync as (...a: unknown[]) => number)(p, ...rest);
      fdPath.set(fd, String(p));
      return fd;
    },
    writeSync: (fd: number, ...rest: never[]) => {
      calls.push(`write ${path(fd)}`);
      return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
    },
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${path(fd)}`);
      fs.fsyncSync(fd);
    },
    fdatasyncSync: (fd: number) => {
      calls.push(`fdatasync ${path(fd)}`);
      fs.fdatasyncSync(fd);
    },
    renameSync: (a: string, b: string) => {
      calls.push(`rename ${a} -> ${b}`);
      fs.renameSync(a, b);
    },
    closeSync: (fd: number) => {
      fs.closeSync(fd);
      fdPath.delete(fd);
    },
  };
});

beforeEach(() => {
  calls.length = 0;
});

/** Index of the first call matching `re` (-1 when none). */
const at = (re: RegExp) => calls.findIndex((c) => re.test(c));
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('durability: the order of writes, syncs and renames', () => {
  it('an atomic write: data fsynced before the rename, the folder fsynced after', () => {
    const dir = tmp();
    const file = join(dir, 'settings.json');
    realFs.writeFileSync(file, 'old');
    atomicWrite(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    const rename = at(new RegExp(`^rename .*\\.settings\\.json\\.tmp-\\d+-[0-9a-f]{8} -> ${esc(file)}$`));
    expect(rename, calls.join('\n')).toBeGreaterThanOrEqual(0);
    const tempFile = (calls[rename] as string).slice('rename '.length).split(' -> ')[0] as string;
    const lastWrite = calls.lastIndexOf(`write ${tempFile}`);
    const dataSync = at(new RegExp(`^(fsync|fdatasync) ${esc(tempFile)}$`));
    const dirSync = calls.findIndex((c, i) => i > rename && c === `fsync ${dirname(file)}`);
    expect(lastWrite, calls.join('\n')).toBeGreaterThanOrEqual(0);
    expect(dataSync, `the temp file is never synced:\n${calls.join('\n')}`).toBeGreaterThan(lastWrite);
    expect(dataSync, `synced after the rename:\n${calls.join('\n')}`).toBeLessThan(rename);
    expect(dirSync, `the folder is not synced after the rename:\n${calls.join('\n')}`).toBeGreaterThan(rename);
  });

  it('an append: the lines are fdatasynced before append returns; a new log’s folder is fsynced', () => {
    const logs = join(tmp(), 'logs');
    const w = new LogWriter(logs, 'laptop');
    const file = join(logs, 'laptop.jsonl');
    w.append([review('r1', Date.parse('2025-03-01T08:00:00.000Z'), 'c-a', 1)]);
    // A new log: its header is synced and its folder entry made durable before any answer.
    const header = at(new RegExp(`^write ${esc(file)}$`));
    const headerSync = calls.findIndex((c, i) => i > header && c === `fdatasync ${file}`);
    const dirSync = calls.findIndex((c, i) => i > header && c === `fsync ${logs}`);
    expect(header, calls.join('\n')).toBeGreaterThanOrEqual(0);
    expect(dirSync, `the new log's folder is not synced:\n${calls.join('\n')}`).toBeGreaterThan(headerSync);
    expect(headerSync, `the header is not synced:\n${calls.join('\n')}`).toBeGreaterThan(header);
    // Each append: its write, then a sync of that file, and nothing after it.
    for (const k of [2, 3]) {
      calls.length = 0;
      w.append([review(`r${k}`, Date.parse('2025-03-01T08:00:00.000Z') + k * 60_000, 'c-a', k)]);
      const write = calls.lastIndexOf(`write ${file}`);
      expect(write, calls.join('\n')).toBeGreaterThanOrEqual(0);
      expect(calls.slice(write + 1), `answer ${k}: not synced before append returned`).toContain(`fdatasync ${file}`);
    }
    w.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
  });
});
