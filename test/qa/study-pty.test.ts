// The study screen at a small terminal size (60x15), in a real pseudo-terminal: regressions of the QA bug bash.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn as ptySpawn } from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';
import { width } from '../../src/ui/term.js';
import { BIN, tmp } from '../helpers.js';

function plain(s: string): string {
  return s.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007|\u001B[()][A-Z0-9]|\u001B[=>78]/g, '');
}

const LONG = Array.from({ length: 30 }, (_, i) => `Line ${i + 1} of a long answer.`).join('\n\n');
const DECK = `---
id: qa
title: QA deck
language: en
topics: [qa]
description: small-terminal checks
---

## A long answer
<!-- id: qa-long -->

### Answer

${LONG}

## A question without an answer yet
<!-- id: qa-draft; draft: true -->
`;

describe('study at 60x15', () => {
  it('? shows the help even when the answer is scrolled down; a draft card fits the width', async () => {
    const home = tmp();
    writeFileSync(join(home, 'qa.md'), DECK);
    let out = '';
    const p = ptySpawn(process.execPath, [BIN, 'study', '--decks', join(home, 'qa.md'), '--deck', 'qa'], {
      name: 'xterm-256color',
      cols: 60,
      rows: 15,
      cwd: home,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        LLM_QUIZ_HOME: join(home, 'data'),
        LANG: 'en_US.UTF-8',
        TERM: 'xterm-256color',
        TZ: 'UTC',
      },
    });
    p.onData((d) => {
      out += d;
    });
    const exited = new Promise<{ exitCode: number }>((r) => p.onExit(r));
    const waitFor = (re: RegExp, after: number, ms = 10_000) =>
      new Promise<number>((resolve, reject) => {
        const t0 = Date.now();
        const tick = () => {
          if (re.test(plain(out.slice(after)))) return resolve(out.length);
          if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${re}:\n${plain(out).slice(-1200)}`));
          setTimeout(tick, 20);
        };
        tick();
      });
    try {
      let at = await waitFor(/A long answer/, 0);
      p.write(' ');
      at = await waitFor(/Line 1 of a long answer[\s\S]*1 Again/, at);
      for (let i = 0; i < 12; i++) {
        p.write('j');
        at = await waitFor(/lines \d+-\d+ of/, at);
      }
      expect(plain(out.slice(at - 400))).not.toContain('A long answer');
      p.write('?');
      at = await waitFor(/Keys: Space\/Enter show the answer[\s\S]*1 Again/, at, 3000);
      p.write('3');
      at = await waitFor(/A question without an answer yet/, at);
      const before = at;
      p.write(' ');
      at = await waitFor(/no answer yet[\s\S]*1 Again/, at);
      const drawn = plain(out.slice(before).replace(/\u001B\[[0-9;?]*[A-HJKSTf]/g, '\n'));
      for (const line of drawn.split(/\r?\n|\r/)) expect(width(line), line).toBeLessThanOrEqual(60);
      p.write('q');
      expect((await exited).exitCode).toBe(0);
    } finally {
      p.kill();
    }
  });
});
