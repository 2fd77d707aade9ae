// The bundled bank through the built CLI, as a user meets it: `check` is clean, topic filters find
// the cards the README promises.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tmp } from '../helpers.js';

const deckFiles = readdirSync(join(ROOT, 'decks', 'zh')).filter((f) => f.endsWith('.md') && f !== 'README.md');

interface Row {
  id: string;
  deck: string;
  topics: string[];
  seeds: number[];
}

describe('bundled decks through the CLI', () => {
  it('`llm-quiz check decks` reports no errors and no warnings', () => {
    const r = runCli(['check', join(ROOT, 'decks')], { home: tmp() });
    expect(r.stdout).not.toMatch(/: (error|warning):/);
    expect(r.stdout).toContain(`${deckFiles.length} decks, `);
    expect(r.stdout).toMatch(/ cards: no problems\./);
    expect(r.code).toBe(0);
  });

  it('`list --topic quantization --json` returns the PTQ/QAT and the round-gradient (STE) cards', () => {
    const r = runCli(['list', '--topic', 'quantization', '--json'], { home: tmp() });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    const ids = rows.map((x) => x.id);
    expect(ids).toContain('quant-ptq-vs-qat');
    expect(ids).toContain('quant-round-gradient-ste');
    expect(ids).toContain('quant-ste-alternatives');
    expect(rows.every((x) => x.topics.includes('quantization'))).toBe(true);
    // Both seed questions on quantization are reachable from the topic.
    expect(new Set(rows.flatMap((x) => x.seeds))).toEqual(new Set([1, 14]));
  });

  it('every topic named in decks/README.md has cards', () => {
    const readme = readFileSync(join(ROOT, 'decks', 'README.md'), 'utf8');
    const deckRows = readme.split('\n').filter((l) => /^\| `[a-z0-9-]+` \|/.test(l));
    expect(deckRows.length).toBe(deckFiles.length);
    const named = new Set(
      deckRows.flatMap((l) => [...(l.split('|').slice(-2)[0] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string)),
    );
    expect(named.size).toBeGreaterThan(20);
    const r = runCli(['topics', '--json'], { home: tmp() });
    expect(r.code).toBe(0);
    const counts = new Map((JSON.parse(r.stdout) as { topic: string; cards: number }[]).map((x) => [x.topic, x.cards]));
    const empty = [...named].filter((t) => !((counts.get(t) ?? 0) > 0));
    expect(empty).toEqual([]);
  });
});
