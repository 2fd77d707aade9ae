// The built CLI in a real pseudo-terminal (80x24 unless told), for the e2e tests.
import { join } from 'node:path';
import { spawn as ptySpawn } from '@lydell/node-pty';
import { afterEach } from 'vitest';
import { BIN, eventsOnDisk, FIXTURES } from '../helpers.js';

/** Programs still running: each test ends only when they have exited (see the hook below). */
const live = new Set<{ exited: Promise<unknown>; kill: () => void }>();

// Registered after helpers.ts's hook, so it runs before it (vitest runs after-hooks as a stack):
// a program the test did not wait for may still be writing (its code cache at exit) into the
// folder the next hook removes. It is given 10 s to exit by itself, then killed.
afterEach(async () => {
  const waiting = [...live];
  live.clear();
  await Promise.all(
    waiting.map(async ({ exited, kill }) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), 10_000);
      });
      if ((await Promise.race([exited, late])) === 'late') {
        try {
          kill();
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      }
      clearTimeout(timer);
    }),
  );
});

export const DECKS = join(FIXTURES, 'e2e');

export interface Pty {
  output: () => string;
  send: (s: string) => void;
  waitFor: (re: RegExp, after?: number, ms?: number) => Promise<number>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill: (sig: string) => void;
  pid: number;
  /** Resizes the terminal (the program gets SIGWINCH). */
  resize: (cols: number, rows: number) => void;
}

/** A command of the built CLI in a pseudo-terminal (80x24 unless told), with a private data directory. */
export function startPty(
  args: string[],
  home: string,
  extraEnv: Record<string, string> = {},
  size: { cols: number; rows: number } = { cols: 80, rows: 24 },
): Pty {
  let out = '';
  const p = ptySpawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols: size.cols,
    rows: size.rows,
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      LLM_QUIZ_HOME: join(home, 'data'),
      LLM_QUIZ_DEVICE: 'pty',
      LLM_QUIZ_FUZZ_SEED: 'e2e',
      LANG: 'zh_CN.UTF-8',
      TERM: 'xterm-256color',
      TZ: 'UTC',
      ...extraEnv,
    },
  });
  p.onData((d) => {
    out += d;
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => p.onExit(resolve));
  live.add({ exited, kill: () => p.kill('SIGKILL') });
  return {
    output: () => out,
    send: (s) => p.write(s),
    pid: p.pid,
    kill: (sig) => p.kill(sig),
    resize: (cols, rows) => p.resize(cols, rows),
    exited,
    // Resolves with the offset just past the first match at or after `after`.
    waitFor: (re, after = 0, ms = 15_000) =>
      new Promise((resolve, reject) => {
        const t0 = Date.now();
        const tick = () => {
          const m = re.exec(plain(out.slice(after)));
          if (m) return resolve(out.length);
          if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${re}; screen:\n${plain(out).slice(-1500)}`));
          setTimeout(tick, 20);
        };
        tick();
      }),
  };
}

/** A study session on the fixture deck (or `decks`). */
export function startStudy(
  home: string,
  args: string[] = [],
  extraEnv: Record<string, string> = {},
  decks = DECKS,
  size: { cols: number; rows: number } = { cols: 80, rows: 24 },
): Pty {
  return startPty(['study', '--decks', decks, '--deck', 'e2e', ...args], home, extraEnv, size);
}

/** Output without escape sequences. */
export function plain(s: string): string {
  return s.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007|\u001B[()][A-Z0-9]|\u001B[=>78]/g, '');
}

export function logEvents(home: string): Record<string, unknown>[] {
  return eventsOnDisk(join(home, 'data', 'users', 'default', 'logs')) as unknown as Record<string, unknown>[];
}
