/** Who is studying: the users in a data directory and this machine's device name. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isUserName } from './paths.js';

/** This machine's device name: hostname plus a short hash, so two machines never share a log. */
export function deviceName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LLM_QUIZ_DEVICE) return env.LLM_QUIZ_DEVICE.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  let machine = '';
  try {
    machine = readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {}
  const host = hostname() || 'host';
  const slug = host.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 32);
  return `${slug}-${createHash('sha1').update(`${machine}|${host}`).digest('hex').slice(0, 6)}`;
}

/**
 * The folder name of user `name`: an existing user whose name differs only in case (`Alice` for
 * `alice`) is that user, as it would be on macOS and Windows, whose file systems ignore case.
 */
export function canonicalUser(data: string, name: string): string {
  const users = listUsers(data);
  if (users.includes(name)) return name;
  return users.find((u) => u.toLowerCase() === name.toLowerCase()) ?? name;
}

/** Lists the users that have a folder in the data directory. */
export function listUsers(data: string): string[] {
  const dir = join(data, 'users');
  if (!existsSync(dir)) return [];
  // Folders that are not valid user names (a sync tool's `.stversions`, a stray `tmp`) are not users.
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isUserName(d.name))
    .map((d) => d.name)
    .sort();
}
