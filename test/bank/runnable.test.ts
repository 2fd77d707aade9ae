// Cards marked `runnable: python` carry self-checking code (asserts): their ```python blocks
// (answer, then details), joined in order, must run with python3 and exit 0, in every edition.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCollection } from '../../src/store/decks.js';
import { ROOT } from '../helpers.js';

const hasPython = spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0;
const editions = ['zh', 'en'].filter((l) => existsSync(join(ROOT, 'decks', l)));
const runnable = editions.flatMap((l) =>
  loadCollection([join(ROOT, 'decks', l)])
    .cards.filter((c) => c.runnable === 'python')
    .map((c) => ({ id: `${l}/${c.id}`, text: `${c.answer}\n\n${c.details ?? ''}` })),
);

/** The ```python blocks of an answer, in order, with list indentation removed. */
function pythonBlocks(answer: string): string[] {
  const blocks: string[] = [];
  let cur: string[] | undefined;
  let indent = 0;
  for (const line of answer.split('\n')) {
    if (!cur) {
      const open = /^(\s*)```python\s*$/.exec(line);
      if (open) {
        cur = [];
        indent = (open[1] as string).length;
      }
    } else if (/^\s*```\s*$/.test(line)) {
      blocks.push(cur.join('\n'));
      cur = undefined;
    } else {
      cur.push(line.slice(Math.min(indent, line.length - line.trimStart().length)));
    }
  }
  return blocks;
}

describe('runnable python cards', () => {
  it('there are runnable cards, each with python code that checks itself', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    for (const c of runnable) {
      const code = pythonBlocks(c.text).join('\n');
      expect(code, c.id).toMatch(/\bassert\b/);
    }
  });
});

// Skipped, not failed, on machines without python3.
describe.skipIf(!hasPython)('runnable python cards execute', () => {
  it.each(runnable.map((c) => [c.id, c.text] as const))('%s runs with python3 and exits 0', (_id, text) => {
    const code = pythonBlocks(text).join('\n\n');
    const r = spawnSync('python3', ['-'], { input: code, encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
