/**
 * The name of the system's time zone (`Asia/Shanghai`), which review totals are counted and
 * labelled in when no `timezone` is set. Intl answers it, but its first call starts ICU (12-20 ms
 * of every `stats` and `study`); the answer only changes with `TZ` or the `/etc/localtime` link
 * (what ICU reads on Linux and macOS), so it is kept in `cache/zone.json` under those. Where the
 * link cannot be read (Windows, a copied file), Intl is asked every time, as before.
 */
import { mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite } from './atomic.js';

/** What the system zone depends on, or undefined when that cannot be told cheaply. */
function zoneKey(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return JSON.stringify([process.version, env.TZ ?? null, readlinkSync('/etc/localtime')]);
  } catch {
    return undefined;
  }
}

/** The system zone's IANA name as Intl gives it, from the cache in `cacheDir` when still valid. */
export function systemZone(cacheDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const key = zoneKey(env);
  const file = cacheDir && key ? join(cacheDir, 'zone.json') : undefined;
  if (file) {
    try {
      const c = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; name?: unknown } | null;
      if (c && c.key === key && typeof c.name === 'string' && c.name) return c.name;
    } catch {}
  }
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (file && cacheDir) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      atomicWrite(file, JSON.stringify({ key, name }));
    } catch {} // only a cache (read-only disk)
  }
  return name;
}
