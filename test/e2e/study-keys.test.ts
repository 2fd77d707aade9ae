// Paging keys on a long answer (Space/PgDn, PgUp, g/G) and the `space_grades_good` setting,
// in a pseudo-terminal at 80x24.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmp } from '../helpers.js';
import { logEvents, plain, startStudy } from './pty.js';

const LONG = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of a long answer.`).join('\n\n');
const DECK = `---
id: e2e
title: Keys
language: en
topics: [e2e]
description: paging keys
---

## A long answer?
<!-- id: e2e-long -->

### Answer

${LONG}

## A short one?
<!-- id: e2e-short -->

### Answer

Short.
`;

function setup(): { home: string; decks: string } {
  const home = tmp();
  const decks = join(home, 'decks');
  mkdirSync(decks);
  writeFileSync(join(decks, 'e2e.md'), DECK);
  return { home, decks };
}

/** The last scroll indicator drawn: first and last line shown, of how many. */
function place(out: string): { from: number; to: number; total: number } {
  const m = [...plain(out).matchAll(/lines (\d+)-(\d+) of (\d+)/g)].at(-1);
  return { from: Number(m?.[1]), to: Number(m?.[2]), total: Number(m?.[3]) };
}

describe('paging a long answer', () => {
  it('Space and PgDn page down, PgUp pages up, G goes to the end and g to the top; nothing is graded', async () => {
    const { home, decks } = setup();
    const pty = startStudy(home, [], { LANG: 'en_US.UTF-8' }, decks);
    try {
      let at = await pty.waitFor(/A long answer\?/);
      pty.send(' ');
      at = await pty.waitFor(/Line 1 of a long answer[\s\S]*1 Again/, at);
      const first = place(pty.output());
      pty.send(' ');
      at = await pty.waitFor(/lines \d+-\d+ of/, at);
      const paged = place(pty.output());
      expect(paged.from).toBeGreaterThan(first.from + 5);
      pty.send('\u001B[6~'); // PgDn
      at = await pty.waitFor(/lines \d+-\d+ of/, at);
      expect(place(pty.output()).from).toBeGreaterThan(paged.from);
      pty.send('\u001B[5~'); // PgUp
      at = await pty.waitFor(/lines \d+-\d+ of/, at);
      expect(place(pty.output()).from).toBe(paged.from);
      pty.send('G');
      at = await pty.waitFor(/Line 40 of a long answer[\s\S]*lines \d+-\d+ of/, at);
      const end = place(pty.output());
      expect(end.to).toBe(end.total);
      pty.send('g');
      at = await pty.waitFor(/lines \d+-\d+ of/, at);
      expect(place(pty.output()).from).toBe(first.from);
      // The question stays pinned above the scrolled answer.
      expect(plain(pty.output().slice(at - 1500))).toContain('A long answer?');
      pty.send('q');
      await pty.exited;
      expect(logEvents(home)).toEqual([]);
    } finally {
      pty.kill('SIGKILL');
    }
  });

  it('with space_grades_good, Space on the answer grades Good', async () => {
    const { home, decks } = setup();
    expect(runCli(['config', 'set', 'space_grades_good', 'true'], { home }).code).toBe(0);
    const pty = startStudy(home, [], { LANG: 'en_US.UTF-8' }, decks);
    try {
      let at = await pty.waitFor(/A long answer\?/);
      pty.send(' ');
      at = await pty.waitFor(/1 Again/, at);
      pty.send(' ');
      await pty.waitFor(/A short one\?/, at);
      pty.send('q');
      await pty.exited;
      expect(logEvents(home).map((e) => [e.card, e.rating])).toEqual([['e2e-long', 3]]);
    } finally {
      pty.kill('SIGKILL');
    }
  });
});
