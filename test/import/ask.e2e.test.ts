// A reworded card that reads like two earlier ones: on a terminal, import asks which it is.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmp } from '../helpers.js';
import { listCards, runInTerminal } from './helpers.js';

describe('llm-quiz import on a terminal, an ambiguous rewording', () => {
  it('asks which earlier card it is, and the answer keeps that id', async () => {
    const home = tmp();
    const post = join(home, 'kv.md');
    writeFileSync(post, '1. What is the KV cache of layer one?\n> x\n\n2. What is the KV cache of layer two?\n> x\n');
    expect(runCli(['import', post], { home }).code).toBe(0);
    const before = listCards(home, 'kv').map((c) => c.id);
    writeFileSync(post, '1. What is the KV cache of a layer?\n> x\n');
    let answered = false;
    const out = await runInTerminal(['import', post], home, (text, write) => {
      if (!answered && text.includes('Which one is it')) {
        answered = true;
        write('2\r');
      }
    });
    expect(out.code).toBe(0);
    expect(out.text).toContain("'What is the KV cache of a layer?' reads like 2 cards of the previous import");
    const second = /2\) .*?\((c-[0-9a-f]{10})\)/.exec(out.text)?.[1];
    expect(before).toContain(second);
    expect(listCards(home, 'kv').map((c) => c.id)).toEqual([second]);
  });
});
