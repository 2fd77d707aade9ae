// The study screen follows the terminal: resized mid-answer (80 → 60 → 140 columns), the card is
// laid out again at the new width, the question stays pinned and the place in the answer is kept.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { width } from '../../src/ui/term.js';
import { tmp } from '../helpers.js';
import { type Pty, plain, startStudy } from './pty.js';

const PARAS = Array.from(
  { length: 24 },
  (_, i) => `第 ${i + 1} 段：注意力把每个查询与所有键比较，按相似度加权求和值向量，这一段故意写得很长以便在窄终端里换行。`,
).join('\n\n');
const DECK = `---
id: e2e
title: 缩放测试
language: zh
topics: [rs]
description: resize
---

## 长答案：注意力如何计算？
<!-- id: e2e-long -->

### Answer

${PARAS}
`;

/** The lines drawn from `from` on: cursor moves and erases end a line as they do on screen. */
function drawnLines(out: string): string[] {
  return plain(out.replace(/\u001B\[[0-9;?]*[A-HJKSTf]/g, '\n')).split(/\r?\n|\r/);
}

/** The last scroll indicator at or after `from`: first line shown, out of how many. */
function place(out: string): { from: number; total: number } {
  const all = [...plain(out).matchAll(/第 (\d+)-(\d+) 行，共 (\d+) 行/g)];
  const m = all.at(-1);
  if (!m) throw new Error(`no scroll indicator in:\n${plain(out).slice(-800)}`);
  return { from: Number(m[1]), total: Number(m[3]) };
}

const CLEAR = '\u001B[2J';

/** Where the next clear screen at or after `from` starts. */
async function clearedAfter(pty: Pty, from: number): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const k = pty.output().indexOf(CLEAR, from);
    if (k >= 0) return k;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no redraw after the resize');
}

describe('resizing the terminal mid-answer', () => {
  it('80 → 60 → 140 columns: every line fits, the question stays, the place in the answer is kept', async () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    writeFileSync(join(decks, 'rs.md'), DECK);
    const pty = startStudy(home, [], {}, decks);
    try {
      let at = await pty.waitFor(/长答案：注意力如何计算/);
      pty.send(' ');
      at = await pty.waitFor(/第 1 段[\s\S]*1 重来/, at);
      // Space pages down; j goes one line further.
      pty.send(' ');
      at = await pty.waitFor(/第 \d+-\d+ 行，共/, at);
      pty.send('j');
      at = await pty.waitFor(/第 \d+-\d+ 行，共/, at);
      const before = place(pty.output());
      expect(before.from).toBeGreaterThan(10);

      for (const [cols, rows] of [
        [60, 20],
        [140, 40],
      ] as const) {
        const mark = pty.output().length;
        pty.resize(cols, rows);
        // The redraw starts with a clear screen and ends with the keys line.
        const cleared = await clearedAfter(pty, mark);
        await pty.waitFor(/1 重来[\s\S]*q 退出/, cleared);
        const after = pty.output().slice(pty.output().lastIndexOf(CLEAR));
        const lines = drawnLines(after);
        for (const line of lines) expect(width(line), line).toBeLessThanOrEqual(cols);
        // Laid out for the new width, not the old one (the card is capped at 100 columns).
        expect(Math.max(...lines.map(width))).toBeGreaterThan(Math.min(cols, 100) - 12);
        // The question is pinned above the scrolled answer.
        expect(plain(after)).toContain('长答案：注意力如何计算');
        expect(plain(after)).not.toContain('第 1 段');
        // Same share of the answer above the window as before the resize.
        const now = place(after);
        expect(Math.abs(now.from / now.total - before.from / before.total)).toBeLessThan(0.08);
      }
      pty.send('q');
      expect((await pty.exited).exitCode).toBe(0);
    } finally {
      pty.kill('SIGKILL');
    }
  }, 30_000);
});
