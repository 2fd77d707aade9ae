/**
 * Atomic replacement of a file: a temp file in the same folder, fsync, rename, fsync of the
 * folder. Temp files are named `.<name>.tmp-<pid>-<random>`: one left behind by a process that
 * was killed outright (SIGKILL gives no chance to clean up) is recognised by its dead pid and
 * removed by the next write in that folder or the next open of the store. Every other exit path
 * removes its own: an error in the write, and SIGINT/SIGTERM/SIGHUP (see `removeTempFiles`).
 * (write-file-atomic, used before, names its temp files with a hash: a dead writer's file cannot
 * be told from a live one, so the 64 MB temp file of a killed export stayed forever.)
 */

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from './log-writer.js';

const TEMP = /^\..+\.tmp-(\d+)-[0-9a-f]{8}$/;
/** Temp files this process is writing right now. */
const pending = new Set<string>();

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temp files in `dir` left by processes that no longer run; returns how many. */
export function sweepTempFiles(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, name));
      n++;
    } catch {}
  }
  return n;
}

/** Removes the temp files this process is still writing (called when a signal ends it). */
export function removeTempFiles(): void {
  for (const tmp of pending) {
    try {
      unlinkSync(tmp);
    } catch {}
  }
  pending.clear();
}

/** The same for bytes (media files copied by an import). */
export function atomicWriteBytes(file: string, bytes: Uint8Array): void {
  atomicWriteChunks(file, [bytes]);
}

/** The same for bytes made a chunk at a time (a log rewritten by migrate.ts). */
export function atomicWriteChunks(file: string, chunks: Iterable<Uint8Array>): void {
  // Through a symlink to its target, as editors do (and write-file-atomic did).
  let real = file;
  try {
    real = realpathSync(file);
  } catch {}
  const dir = dirname(real);
  sweepTempFiles(dir);
  let mode = 0o644;
  try {
    mode = statSync(real).mode & 0o777;
  } catch {}
  const tmp = join(dir, `.${basename(real)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  pending.add(tmp);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    for (const bytes of chunks) for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, real);
    pending.delete(tmp);
    fsyncDir(dir);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && !err.path) err.path = real;
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {}
    }
    try {
      unlinkSync(tmp);
    } catch {}
    pending.delete(tmp);
    throw e;
  }
}

/** Replaces a file atomically: temp file in the same folder, fsync, rename. */
export function atomicWrite(file: string, text: string): void {
  atomicWriteBytes(file, Buffer.from(text, 'utf8'));
}
