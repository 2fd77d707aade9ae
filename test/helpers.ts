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
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
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

/** Runs the built CLI with a private data directory and no TTY. */
export function runCli(
  args: string[],
  opts: { home: string; env?: Record<string, string>; cwd?: string; input?: string; bin?: string },
): RunResult {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
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
    timeout: 30_000,
  });
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
