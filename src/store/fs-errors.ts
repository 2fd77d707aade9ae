/** File-system errors that say which file: the edge turns them into one line naming it (main.ts). */

/**
 * Runs `f`; a file-system error it throws is given `file` as its path when it has none (reads
 * and writes on an open descriptor report EISDIR, ENOSPC or EIO without one).
 */
export function naming<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const err = e as NodeJS.ErrnoException | null;
    if (err && typeof err === 'object' && typeof err.code === 'string' && !err.path) err.path = file;
    throw e;
  }
}
