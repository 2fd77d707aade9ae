import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';
import { UserError } from '../errors.js';

/** The package root (where package.json and decks/ are), found from this module's location. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'decks'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the llm-quiz package root (package.json next to decks/)');
}

/** The bundled question bank. */
export function bundledDecksDir(): string {
  return join(packageRoot(), 'decks');
}

/** `LLM_QUIZ_HOME`, else the platform's user data directory (XDG on Linux). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.LLM_QUIZ_HOME;
  if (home) return resolve(home);
  const data = envPaths('llm-quiz', { suffix: '' }).data;
  // An empty HOME (or a relative XDG_DATA_HOME) gives a relative path: the data would land in
  // whatever folder the command runs in.
  if (!isAbsolute(data)) {
    throw new UserError(
      `no data directory: '${data}' is not an absolute path (HOME is empty, or XDG_DATA_HOME is relative); set HOME, or LLM_QUIZ_HOME to the folder for llm-quiz data`,
    );
  }
  return data;
}

/** Where `import` puts decks; loaded for every user. */
export function userDecksDir(data: string): string {
  return join(data, 'decks');
}

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Names Windows reserves for devices (`con`, `nul.txt`…): a folder so named cannot be made or synced there. */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$/i;

/** True for a valid user name: letters, digits, '.', '_', '-'; no path separators, no '..', no device name. */
export function isUserName(name: string): boolean {
  return USER_NAME.test(name) && !name.includes('..') && !RESERVED.test(name);
}

/** True for a name Windows reserves for a device. */
export function isReservedName(name: string): boolean {
  return RESERVED.test(name);
}

/** Validates a user name (see isUserName). */
export function checkUserName(name: string): string {
  if (!isUserName(name)) {
    throw new UserError(`invalid user name '${name}': use 1-64 letters, digits, '.', '_' or '-' (no '/', no '..')`);
  }
  return name;
}

export function userDir(data: string, user: string): string {
  return join(data, 'users', checkUserName(user));
}
