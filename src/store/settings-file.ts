/** A user's `settings.json`: read with defaults for anything missing, written atomically. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problem, problemText } from '../core/problems.js';
import type { Settings } from '../core/scheduler.js';
import { normalizeSettings } from '../core/settings.js';
import { type Problem, UserError } from '../errors.js';
import { atomicWrite } from './atomic.js';
import { newerSchema, SCHEMA } from './log-format.js';

export function settingsFile(userDir: string): string {
  return join(userDir, 'settings.json');
}

/**
 * The user's settings; defaults when there is no file. A broken or newer file is refused; values
 * that are invalid or unknown are replaced by defaults and reported in `problems` (a warning
 * naming them: they used to be dropped without a word).
 */
export function readSettings(userDir: string, problems: Problem[] = []): Settings {
  const file = settingsFile(userDir);
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object');
    } catch (e) {
      const params = { file, reason: (e as Error).message };
      throw new UserError(problemText('problem.store.badSettings', params), 1, { key: 'problem.store.badSettings', params });
    }
    if (typeof raw.schema === 'number' && raw.schema > SCHEMA) throw newerSchema(file, raw.schema);
  }
  const { settings, ignored } = normalizeSettings(raw);
  if (ignored.length > 0)
    problems.push(problem(file, 0, 'warning', 'problem.store.settingsIgnored', { keys: ignored.join(', ') }));
  return settings;
}

/** Writes the settings atomically, creating the user folder if needed. */
export function writeSettings(userDir: string, settings: Settings): void {
  mkdirSync(userDir, { recursive: true });
  atomicWrite(settingsFile(userDir), `${JSON.stringify({ schema: SCHEMA, ...settings }, null, 2)}\n`);
}
