/**
 * The built CLI in a real pseudo-terminal (80x24 by default) with a private data directory, for
 * end-to-end tests of interactive screens. `waitFor` resolves with the offset just past the
 * output it matched, so a test can wait for the next screen after it.
 */
import { join } from 'node:path';
import { spawn as ptySpawn } from '@lydell/node-pty';
import { BIN } from './helpers.js';

/** Output without escape sequences. */
export function plainText(s: string): string {
  return s.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007|\u001B[()][A-Z0-9]|\u001B[=>78]/g, '');
}

export interface Pty {
  /** Everything written so far, escape codes included. */
  raw: () => string;
  /** Everything written so far, as text. */
  output: () => string;
  send: (s: string) => void;
  waitFor: (re: RegExp, after?: number, ms?: number) => Promise<number>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  pid: number;
}

export function startPty(args: string[], home: string, env: Record<string, string> = {}, size = { cols: 80, rows: 24 }): Pty {
  let out = '';
  const p = ptySpawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    ...size,
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
      ...env,
    },
  });
  p.onData((d) => {
    out += d;
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => p.onExit(resolve));
  return {
    raw: () => out,
    output: () => plainText(out),
    send: (s) => p.write(s),
    pid: p.pid,
    exited,
    waitFor: (re, after = 0, ms = 15_000) =>
      new Promise((resolve, reject) => {
        const t0 = Date.now();
        const tick = () => {
          if (re.test(plainText(out.slice(after)))) return resolve(out.length);
          if (Date.now() - t0 > ms)
            return reject(new Error(`timed out waiting for ${re}; screen:\n${plainText(out).slice(-1500)}`));
          setTimeout(tick, 20);
        };
        tick();
      }),
  };
}
