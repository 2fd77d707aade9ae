import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import type { ProgressEvent } from '../src/core/progress.js';
import { LOG_START, readLogFrom } from '../src/store/log-format.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'llm-quiz.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

const dirs: string[] = [];
afterEach(() => {
  // Retries: a CLI that has printed its last line may still be writing its code cache at exit.
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

/** A temporary folder removed after the test. */
export function tmp(prefix = 'llmq-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI with a private data directory and no TTY. Past `timeoutMs` (30 s) it is sent
 * SIGTERM and, 5 s later, SIGKILL (coreutils `timeout -k`): our SIGTERM handler runs only when the
 * main thread is free, so a CLI blocked in a system call (opening or reading a FIFO) would ignore
 * SIGTERM and hang the test worker. A run that timed out throws, so it can never pass as an exit code.
 */
export function runCli(
  args: string[],
  opts: { home: string; env?: Record<string, string>; cwd?: string; input?: string; bin?: string; timeoutMs?: number },
): RunResult {
  const limit = opts.timeoutMs ?? 30_000;
  const grace = Math.min(5_000, limit);
  const started = performance.now();
  const r = spawnSync('timeout', ['-k', `${grace / 1000}s`, `${limit / 1000}s`, process.execPath, opts.bin ?? BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: opts.home,
      LLM_QUIZ_HOME: join(opts.home, 'data'),
      LLM_QUIZ_DEVICE: 'test-device',
      LANG: 'en_US.UTF-8',
      TZ: 'UTC',
      ...opts.env,
    },
    input: opts.input ?? '',
    encoding: 'utf8',
    // Only if `timeout` itself were stuck (its SIGTERM starts the same escalation).
    timeout: limit + grace + 10_000,
  });
  // `timeout` exits 124 when the command ended on SIGTERM; its SIGKILL goes to its whole process
  // group, itself included.
  const killed = r.signal === 'SIGKILL' || r.status === 137;
  if ((r.status === 124 || killed || r.error) && performance.now() - started >= limit) {
    const how = killed ? 'SIGTERM was ignored, ended by SIGKILL' : 'ended by SIGTERM';
    throw new Error(`llm-quiz ${args.join(' ')} timed out after ${limit / 1000} s (${how})\nstderr: ${r.stderr}`);
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A minimal valid deck text. */
export function deckText(id: string, cards: { id?: string; q: string; a: string; topics?: string }[], topics = '[demo]'): string {
  const body = cards
    .map((c) => {
      const meta = [c.id ? `id: ${c.id}` : '', c.topics ? `topics: ${c.topics}` : ''].filter(Boolean).join('; ');
      return `## ${c.q}\n${meta ? `<!-- ${meta} -->\n` : ''}\n### Answer\n\n${c.a}\n`;
    })
    .join('\n');
  return `---\nid: ${id}\ntitle: ${id} deck\nlanguage: en\ntopics: ${topics}\ndescription: test deck\n---\n\n${body}`;
}

/** Every file under a folder with its bytes (path → latin1 text), to prove a command wrote nothing. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else out[p] = readFileSync(p, 'latin1');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1), so randomised tests can be replayed. */
export { prng } from '../src/core/random.js';

/**
 * Every event line of every log in a logs folder, as written (a line written twice is there
 * twice), in either log schema: schema 2 writes reviews as compact rows, not objects.
 */
export function eventsOnDisk(logsDir: string): ProgressEvent[] {
  if (!existsSync(logsDir)) return [];
  return readdirSync(logsDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readLogFrom(join(logsDir, f), LOG_START, []).events);
}

/** Every file under `dir`, recursively (to search all a command wrote). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)],
  );
}
