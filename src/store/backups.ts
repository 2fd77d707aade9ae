/** Daily backups: `backups/<user>/<day>/` holds a copy of the logs, the interview records and the settings. */
import { constants, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listLogs } from './log-format.js';
import { settingsFile } from './settings-file.js';

const BACKUPS_KEPT = 7;
const DAY_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Puts a copy of `src` at `dst`. A file that has not changed since the previous backup (same size,
 * not modified after that copy was made: logs only ever grow) is hard-linked to that copy instead,
 * so a synced device's log or an old import log is not stored once a day; anything else is cloned
 * where the file system can (copy-on-write) and copied where it cannot.
 */
function keep(src: string, dst: string, previous: string | undefined): void {
  if (previous !== undefined) {
    try {
      const a = statSync(src);
      const b = statSync(previous);
      if (a.size === b.size && a.mtimeMs < b.mtimeMs && a.ino !== b.ino) {
        linkSync(previous, dst);
        return;
      }
    } catch {
      // No previous copy, or no hard links here (another volume, FAT): copy instead.
    }
  }
  copyFileSync(src, dst, constants.COPYFILE_FICLONE);
}

/**
 * Copies a user's logs, interview records and settings to `backups/<user>/<day>/` unless that day has one; keeps
 * the newest seven. The copy is made under a temporary name and renamed, so a backup folder is
 * always complete. Returns the new folder, or undefined when none was made.
 */
export function backupDaily(data: string, user: string, userDir: string, day: string): string | undefined {
  const logsDir = join(userDir, 'logs');
  const logs = listLogs(logsDir);
  // Nothing to keep yet: an empty backup would only use up the day's one backup.
  if (logs.length === 0) return undefined;
  const root = join(data, 'backups', user);
  const target = join(root, day);
  if (existsSync(target)) return undefined;
  const tmp = join(root, `.tmp-${day}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const before = existsSync(root) ? readdirSync(root).filter((n) => DAY_FOLDER.test(n) && n < day) : [];
  const newest = before.sort().pop();
  const last = newest === undefined ? undefined : join(root, newest);
  const copy = (sub: string, from: string, name: string) =>
    keep(join(from, name), join(tmp, sub, name), last === undefined ? undefined : join(last, sub, name));
  try {
    mkdirSync(join(tmp, 'logs'), { recursive: true });
    for (const name of logs) copy('logs', logsDir, name);
    // Interview records are history too (store/interviews.ts): one append-only file per device.
    const interviews = join(userDir, 'interviews');
    const records = existsSync(interviews) ? readdirSync(interviews).filter((n) => n.endsWith('.jsonl')) : [];
    if (records.length > 0) mkdirSync(join(tmp, 'interviews'));
    for (const name of records) copy('interviews', interviews, name);
    const settings = settingsFile(userDir);
    if (existsSync(settings)) copyFileSync(settings, join(tmp, 'settings.json'));
  } catch (e) {
    // A full disk stops the copy: the half-made folder goes, the error is the caller's.
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  try {
    renameSync(tmp, target);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    return undefined;
  }
  const days = readdirSync(root)
    .filter((n) => DAY_FOLDER.test(n))
    .sort();
  for (const old of days.slice(0, Math.max(0, days.length - BACKUPS_KEPT))) {
    rmSync(join(root, old), { recursive: true, force: true });
  }
  return target;
}
