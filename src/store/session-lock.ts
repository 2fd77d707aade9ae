/**
 * One `study` session per user and device at a time. Two sessions of one device append to the
 * same log (`logs/<device>.jsonl`): O_APPEND keeps single whole-line writes apart on a local disk,
 * but a short write is finished by a second write that can land after the other session's line,
 * a failed append is cut back to a length taken before the other session appended (removing its
 * confirmed answer), and network file systems do not make O_APPEND atomic. Both sessions would
 * also show the same cards. Other devices write their own logs and are not locked out (the study
 * command re-reads before each answer for them).
 *
 * The lock is a file created whole (written under a temp name, then hard-linked into place, which
 * fails if it exists) holding the owner's pid, start time and host. It is stale when its host is
 * this one and its pid no longer runs (a SIGKILL leaves it behind): the next session takes it over.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockOwner {
  pid: number;
  started: string;
  host: string;
}

export type LockResult = { ok: true; release: () => void } | { ok: false; owner: LockOwner; file: string };

/** The lock file of one device's study sessions in a user folder. */
export function lockFile(userDir: string, device: string): string {
  return join(userDir, `.study-${device}.lock`);
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (Number.isInteger(o.pid) && typeof o.started === 'string' && typeof o.host === 'string') return o as LockOwner;
  } catch {}
  return undefined;
}

/** Creates `file` holding `text`, failing with EEXIST if it exists (never a half-written lock). */
function createWhole(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, text, { flag: 'wx' });
  try {
    linkSync(tmp, file);
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Takes the study lock of `device` in `userDir`, or says who holds it. `now` is the start time
 * written into the lock (shown to a second session).
 */
export function acquireStudyLock(userDir: string, device: string, now: Date): LockResult {
  const file = lockFile(userDir, device);
  const me: LockOwner = { pid: process.pid, started: now.toISOString(), host: hostname() };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createWhole(file, text);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(file);
      // Unreadable (removed meanwhile, or not ours) or left by a process that is gone: take it over.
      if (owner && (owner.host !== me.host || running(owner.pid))) return { ok: false, owner, file };
      try {
        unlinkSync(file);
      } catch {}
      continue;
    }
    const release = () => {
      // Only our own lock: a stale-lock takeover by another session must not be undone by us.
      if (readOwner(file)?.pid === me.pid) {
        try {
          unlinkSync(file);
        } catch {}
      }
      process.removeListener('exit', release);
    };
    // Ctrl+C and SIGTERM end the process through process.exit (main.ts): the lock goes with it.
    process.on('exit', release);
    return { ok: true, release };
  }
  // Three takeovers lost in a row: another session is starting right now.
  return { ok: false, owner: readOwner(file) ?? { pid: 0, started: '', host: me.host }, file };
}
