/** Daily backups: `backups/<user>/<day>/` holds a copy of the logs, the interview records and the settings. */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { listLogs } from './log-format.js';
import { settingsFile } from './settings-file.js';

const BACKUPS_KEPT = 7;

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
  try {
    mkdirSync(join(tmp, 'logs'), { recursive: true });
    for (const name of logs) copyFileSync(join(logsDir, name), join(tmp, 'logs', name));
    // Interview records are history too (store/interviews.ts): one append-only file per device.
    const interviews = join(userDir, 'interviews');
    const records = existsSync(interviews) ? readdirSync(interviews).filter((n) => n.endsWith('.jsonl')) : [];
    if (records.length > 0) mkdirSync(join(tmp, 'interviews'));
    for (const name of records) copyFileSync(join(interviews, name), join(tmp, 'interviews', name));
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
    .filter((n) => /^\d{4}-\d{2}-\d{2}$/.test(n))
    .sort();
  for (const old of days.slice(0, Math.max(0, days.length - BACKUPS_KEPT))) {
    rmSync(join(root, old), { recursive: true, force: true });
  }
  return target;
}
