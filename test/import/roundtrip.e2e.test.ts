// The round trips of issue 12, with the built CLI: our own Anki export imported back, every
// corpus file imported twice, and an edited (and then renamed) copy of a real post.
import { copyFileSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tmp } from '../helpers.js';
import { listCards, reviewGood } from './helpers.js';

const REAL = join(FIXTURES, 'real');
const decksDir = (home: string) => join(home, 'data', 'decks');

const list = (home: string, deck?: string) => listCards(home, deck);
const review = (home: string, card: string) => reviewGood(home, card, '2026-01-01T10:00:00.000Z');

interface Report {
  decks: { id: string; action: string; added: string[]; changed: string[]; removed: string[]; cards: number }[];
}
const importJson = (home: string, ...args: string[]) => {
  const r = runCli(['import', ...args, '--json'], { home });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
};

describe('round trips', () => {
  it('re-importing any corpus file changes nothing', () => {
    // One home per file: the Anki text export and the CrowdAnki deck hold the same notes (the
    // same card ids), which one import would rightly refuse to place in two decks.
    const files = readdirSync(REAL, { recursive: true, withFileTypes: true })
      // A vault's `.obsidian` settings are read with its notes, not imported.
      .filter((f) => f.isFile() && f.name !== 'README.md' && !f.parentPath.includes('.obsidian'))
      .map((f) => join(f.parentPath, f.name));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const home = tmp();
      const first = importJson(home, file);
      expect(
        first.decks.every((d) => d.action === 'create'),
        file,
      ).toBe(true);
      const again = importJson(home, file);
      expect(
        again.decks.map((d) => [d.id, d.action]),
        file,
      ).toEqual(first.decks.map((d) => [d.id, 'unchanged']));
    }
  }, 240_000);

  it("our export, imported back, maps onto the same cards (the user's decks and the bundled ones)", () => {
    const home = tmp();
    importJson(home, join(REAL, 'markdown-zh', '训练与推理.md'));
    const mine = list(home).filter((r) => r.deck.startsWith('import-'));
    review(home, mine[1]?.id ?? '');
    const out = join(home, 'export.txt');
    expect(runCli(['export', '--format', 'anki', '--output', out], { home }).code).toBe(0);
    const before = list(home);
    const back = importJson(home, out);
    // No new deck and no new card: every deck of the export is one we have.
    expect(
      list(home)
        .map((r) => r.id)
        .sort(),
    ).toEqual(before.map((r) => r.id).sort());
    expect(back.decks.every((d) => d.added.length === 0 && d.removed.length === 0)).toBe(true);
    expect(readdirSync(decksDir(home))).toEqual([`${mine[0]?.deck}.md`]);
    expect(list(home).find((r) => r.id === mine[1]?.id)?.state).toBe('review');
  });

  it('an edited copy (one reworded, one added after a heading, one removed) updates in place and keeps progress; so does a renamed one', () => {
    const home = tmp();
    const post = join(home, 'llm-post.md');
    copyFileSync(join(REAL, 'markdown-zh', '训练与推理.md'), post);
    importJson(home, post);
    const v1 = list(home, 'llm-post');
    expect(v1).toHaveLength(8);
    const sft = v1.find((r) => r.question === 'SFT（有监督微调）的数据集格式？');
    review(home, sft?.id ?? '');

    const text = readFileSync(post, 'utf8')
      .replace('2. SFT（有监督微调）的数据集格式？', '2. SFT（有监督微调）的数据集是什么格式？')
      .replace(/8\. 如何让大模型输出合规化[\s\S]*$/, '')
      .concat('## 推理\n\n9. 什么是 KV cache？\n\n```text\n缓存每层注意力的 K 和 V，解码时不必重算\n```\n');
    writeFileSync(post, text);
    const r = importJson(home, post);
    expect(r.decks).toHaveLength(1);
    const d = r.decks[0];
    expect([d?.action, d?.added.length, d?.removed.length]).toEqual(['update', 1, 1]);
    expect(d?.changed).toEqual([sft?.id]);
    const v2 = list(home, 'llm-post');
    expect(v2.find((x) => x.id === sft?.id)).toMatchObject({
      question: 'SFT（有监督微调）的数据集是什么格式？',
      state: 'review',
    });
    expect(v2.map((x) => x.question)).toContain('什么是 KV cache？');

    // Renamed: the same source under another name updates the same deck.
    renameSync(post, join(home, 'renamed-post.md'));
    const moved = runCli(['import', join(home, 'renamed-post.md'), '--json'], { home });
    expect(moved.code).toBe(0);
    expect((JSON.parse(moved.stdout) as Report).decks.map((x) => [x.id, x.action])).toEqual([['llm-post', 'unchanged']]);
    expect(readdirSync(decksDir(home))).toEqual(['llm-post.md']);
  });
});
