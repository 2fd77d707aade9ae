/**
 * The Obsidian Spaced Repetition settings of the vault a note lives in: the plugin keeps them in
 * `.obsidian/plugins/obsidian-spaced-repetition/data.json` at the vault's root, and they decide
 * whether `**bold**` is a cloze and which line ends multi-line cards. Only read, never written.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ObsidianSettings } from '../../core/import/model.js';
import { OBSIDIAN_PLUGIN_DATA, obsidianSettingsFromData } from '../../core/import/obsidian.js';

/** The plugin's data.json is a few KB; anything larger is not its settings. */
const MAX_DATA_BYTES = 1024 * 1024;
/** Folders walked up from the note (a vault deeper than this is not looked for). */
const MAX_LEVELS = 32;

/** The settings of the nearest vault above `file`, or undefined outside a vault (or unreadable settings). */
export function obsidianVaultSettings(file: string): ObsidianSettings | undefined {
  let dir = dirname(file);
  for (let level = 0; level < MAX_LEVELS; level++) {
    const data = readSmall(join(dir, OBSIDIAN_PLUGIN_DATA));
    if (data !== undefined) {
      try {
        return obsidianSettingsFromData(JSON.parse(data));
      } catch {
        return undefined;
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function readSmall(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_DATA_BYTES) return undefined;
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(st.size);
      const n = readSync(fd, buf, 0, st.size, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
