/**
 * Starts the CLI (dist/main.cjs) with a V8 code cache. Node 20 has no module compile cache, and
 * compiling the bundle is the largest fixed cost of every command: with the cache, V8 reads back
 * the bytecode of the functions an earlier run of the same command compiled instead of parsing
 * 1.5 MB of JavaScript (docs/startup.md has the measurements).
 *
 * The cache lives in the data directory's cache/code/, one file per command, named by the build
 * and the Node version. V8 itself refuses data from another V8 version or with the wrong length
 * (`cachedDataRejected`), in which case the bundle is compiled as if there were no cache and the
 * file is replaced. Anything going wrong with the cache (unreadable, read-only disk) only costs
 * the time the cache would have saved. LLM_QUIZ_NO_CACHE=1 turns it off.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { dataDir } from './store/paths.js';

declare const __LLM_QUIZ_VERSION__: string;

/** Global options that take a value: their value is not the command's name. */
const WITH_VALUE = new Set(['--user', '-u', '--decks', '--lang']);

/** The command word of a command line (`list`, `study`…), or '' when there is none. */
export function commandWord(args: string[]): string {
  const word = args.find((a, i) => !a.startsWith('-') && !WITH_VALUE.has(args[i - 1] ?? ''));
  return word !== undefined && /^[a-z][a-z-]{0,23}$/.test(word) ? word : '';
}

/** Where this build's cache for `command` is kept, and the prefix shared by this build's files. */
export function cachePath(
  data: string,
  command: string,
  build: string,
  node: string,
): { dir: string; file: string; prefix: string } {
  const dir = join(data, 'cache', 'code');
  const prefix = `${build}-${node}-${process.arch}-`.replace(/[^A-Za-z0-9.+_-]/g, '_');
  return { dir, file: join(dir, `${prefix}${command || 'none'}.bin`), prefix };
}

/** Writes the cache after a successful run, replacing other builds' files; never fails the run. */
function saveCache(script: Script, where: { dir: string; file: string; prefix: string }): void {
  try {
    mkdirSync(where.dir, { recursive: true });
    for (const f of readdirSync(where.dir)) if (!f.startsWith(where.prefix)) rmSync(join(where.dir, f), { force: true });
    const tmp = `${where.file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, where.file);
  } catch {
    // A read-only or full disk: the next run compiles again, which is all the cache saves.
  }
}

function start(): void {
  const file = join(__dirname, 'main.cjs');
  const source = readFileSync(file, 'utf8');
  let where: ReturnType<typeof cachePath> | undefined;
  let cached: Buffer | undefined;
  const args = process.argv.slice(2);
  // A dry run promises to write nothing, not even a cache (nor make the data directory for one).
  if (!process.env.LLM_QUIZ_NO_CACHE && !args.includes('--dry-run')) {
    try {
      where = cachePath(dataDir(), commandWord(args), __LLM_QUIZ_VERSION__, process.version);
      if (existsSync(where.file)) cached = readFileSync(where.file);
    } catch {
      where = undefined; // no usable data directory (LLM_QUIZ_HOME is a file…): run without the cache
    }
  }
  const script = new Script(wrap(source), {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
  });
  // A help text runs little of its command: a cache written then would be kept (V8 accepts it) and
  // lack the functions the command itself runs.
  const help = args.includes('--help') || args.includes('-h');
  if (where && !help && (!cached || script.cachedDataRejected)) {
    const w = where;
    // At exit, so the cache holds every function the command compiled, not only the top level.
    process.on('exit', (code) => {
      if (code === 0) saveCache(script, w);
    });
  }
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(file), module, file, __dirname);
}

start();
