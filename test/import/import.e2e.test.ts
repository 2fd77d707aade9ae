import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressStore } from '../../src/store/progress-store.js';
import { FIXTURES, runCli, tmp } from '../helpers.js';
import { IMPORT_FIXTURES, type ListRow, listCards, reviewGood, runInTerminal } from './helpers.js';

const fx = (name: string) => join(IMPORT_FIXTURES, name);
const decksDir = (home: string) => join(home, 'data', 'decks');

/** A hash of every file (path and bytes) under a folder; '' when it does not exist. */
function hashTree(dir: string): string {
  if (!existsSync(dir)) return '';
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else
        h.update(`${relative(dir, p)}\0`)
          .update(readFileSync(p))
          .update('\0');
    }
  };
  walk(dir);
  return h.digest('hex');
}

const list = (home: string, deck: string) => listCards(home, deck);
const review = (home: string, card: string) => reviewGood(home, card);

describe('llm-quiz import (built CLI)', () => {
  it('imports a Q&A post, an Anki export and a CSV in one go and lists their cards', () => {
    const home = tmp();
    const r = runCli(['import', fx('qa-numbered-quote.md'), fx('anki-notes.txt'), fx('questions.csv')], { home });
    expect(r.code).toBe(0);
    const dir = decksDir(home);
    expect(r.stdout).toContain(`imported 6 cards into ${join(dir, 'qa-numbered-quote.md')}`);
    expect(r.stdout).toContain(`imported 3 cards into ${join(dir, 'llm-attention.md')}`);
    // The cloze note with two deletions is two cards.
    expect(r.stdout).toContain(`imported 4 cards into ${join(dir, 'llm-quantization.md')}`);
    expect(r.stdout).toContain(`imported 4 cards into ${join(dir, 'questions.md')}`);
    expect(r.stdout).toContain('3 without an answer yet (marked draft)');
    expect(readdirSync(dir).sort()).toEqual(['llm-attention.md', 'llm-quantization.md', 'qa-numbered-quote.md', 'questions.md']);
    const rows = list(home, 'qa-numbered-quote');
    expect(rows.map((x) => x.hasAnswer)).toEqual([true, true, true, false, false, false]);
    expect(list(home, 'questions').map((x) => x.id)).toContain('csv-rope');
    // Questions without answers are drafts: `list --state draft` finds them.
    const drafts = JSON.parse(runCli(['list', '--state', 'draft', '--json'], { home }).stdout) as ListRow[];
    expect(drafts.map((x) => [x.deck, x.hasAnswer]).sort()).toEqual([
      ['qa-numbered-quote', false],
      ['qa-numbered-quote', false],
      ['qa-numbered-quote', false],
      ['questions', false],
    ]);
    // The written decks pass the deck checker.
    const check = runCli(['check', dir], { home });
    expect(check.stdout).toContain('no problems');
  });

  it('re-importing an updated deck reports the changes and keeps the progress of the reworded card', () => {
    const home = tmp();
    const src = join(home, 'shared.md');
    copyFileSync(fx('deck-v1.md'), src);
    expect(runCli(['import', src], { home }).code).toBe(0);
    review(home, 'shared-softmax-axis');
    review(home, 'shared-cross-attn');
    expect(list(home, 'shared-attention').find((x) => x.id === 'shared-softmax-axis')?.state).toBe('review');

    copyFileSync(fx('deck-v2.md'), src);
    const r = runCli(['import', src], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `updated shared-attention: 3 cards (1 added, 1 changed, 1 removed) in ${join(decksDir(home), 'shared-attention.md')}`,
    );
    expect(r.stdout).toContain('progress of removed cards is kept');
    const rows = list(home, 'shared-attention');
    expect(rows.map((x) => [x.id, x.state])).toEqual([
      ['shared-softmax-axis', 'review'],
      ['shared-causal-mask', 'new'],
      ['shared-gqa', 'new'],
    ]);
    // The removed card's reviews stay in the log: its progress is an orphan, not lost.
    const store = ProgressStore.open(join(home, 'data'), 'default');
    expect(store.progress.get('shared-cross-attn')?.fsrs?.state).toBe(2);
    expect(runCli(['check'], { home }).stdout).toContain('progress kept for 1 card that is in no deck: shared-cross-attn');
    // Importing the same file again changes nothing.
    const again = runCli(['import', src, '--json'], { home });
    expect(JSON.parse(again.stdout).decks[0]).toMatchObject({ action: 'unchanged', added: [], changed: [], removed: [] });
  });

  it('re-importing an updated Q&A post keeps the ids (and progress) of unchanged questions', () => {
    const home = tmp();
    const post = join(home, 'post.md');
    writeFileSync(post, '1. What is A?\n> a\n\n2. What is B?\n> b\n');
    expect(runCli(['import', post], { home }).code).toBe(0);
    const [a] = list(home, 'post');
    review(home, a?.id ?? '');
    writeFileSync(post, '1. What is A?\n> a, explained better\n\n2. What is B?\n> b\n\n3. What is C?\n');
    const r = runCli(['import', post], { home });
    expect(r.stdout).toContain('updated post: 3 cards (1 added, 1 changed, 0 removed)');
    expect(list(home, 'post').map((x) => [x.id === a?.id, x.state])).toEqual([
      [true, 'review'],
      [false, 'new'],
      [false, 'new'],
    ]);
  });

  it('writes nothing when any file fails, and lists every problem with file and line', () => {
    const home = tmp();
    expect(runCli(['import', fx('deck-v1.md')], { home }).code).toBe(0);
    const before = hashTree(decksDir(home));
    const bad = join(home, 'bad.csv');
    writeFileSync(bad, 'question,answer\nok,fine\n"never closed,x\n');
    const empty = join(home, 'empty.md');
    writeFileSync(empty, 'Just some prose.\n');
    const r = runCli(['import', fx('deck-v2.md'), fx('anki-notes.txt'), bad, empty, fx('questions.csv')], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.csv:3: error: a quoted field is never closed');
    expect(r.stderr).toContain('empty.md: error: no cards found: looked for Markdown questions');
    expect(r.stderr).toContain('closest: qa (plain text only)');
    expect(r.stderr).toContain('Nothing was imported: 2 errors');
    expect(r.stdout).toBe('');
    expect(hashTree(decksDir(home))).toBe(before);
  });

  it('never places a file outside the user deck folder', () => {
    const home = tmp();
    const r1 = runCli(['import', fx('evil-deck-id.md')], { home });
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain("deck id '../../x' is not a lowercase slug");
    const r2 = runCli(['import', fx('qa-pairs.md'), '--deck-id', '../../x'], { home });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('--deck-id');
    // An Anki deck named like a path becomes a plain slug inside the folder.
    const anki = join(home, 'evil.txt');
    writeFileSync(anki, '#separator:tab\n#deck column:1\n../../x\tQuestion?\tAnswer.\n/etc/cron.d/y\tQ2?\tA2.\n');
    const r3 = runCli(['import', anki], { home });
    expect(r3.code).toBe(0);
    expect(readdirSync(decksDir(home)).sort()).toEqual(['etc-cron-d-y.md', 'x.md']);
    expect(readdirSync(home).sort()).toEqual(['data', 'evil.txt']);
    expect(existsSync(join(home, 'x.md'))).toBe(false);
  });

  it('--dry-run prints the plan and writes nothing', () => {
    const home = tmp();
    const r = runCli(['import', fx('qa-bold.md'), fx('anki-semicolon.txt'), '--dry-run'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`would import 4 cards into ${join(decksDir(home), 'qa-bold.md')}`);
    expect(r.stdout).toContain(`would import 2 cards into ${join(decksDir(home), 'math-basics.md')}`);
    expect(r.stdout).toContain('Dry run: nothing was written.');
    expect(existsSync(join(home, 'data'))).toBe(false);
    // And on an update: the deck file stays as it was.
    runCli(['import', fx('deck-v1.md')], { home });
    const before = hashTree(decksDir(home));
    const u = runCli(['import', fx('deck-v2.md'), '--dry-run'], { home });
    expect(u.stdout).toContain('would update shared-attention: 3 cards (1 added, 1 changed, 1 removed)');
    expect(hashTree(decksDir(home))).toBe(before);
  });

  it('imports a folder, detecting each file; --topic adds a deck topic', () => {
    const home = tmp();
    const src = join(home, 'notes');
    mkdirSync(src);
    for (const f of ['qa-headings.md', 'qa-pairs.md', 'anki-plain.txt', 'questions.csv']) copyFileSync(fx(f), join(src, f));
    writeFileSync(join(src, 'README.md'), '# not imported\n');
    const r = runCli(['import', src, '--topic', 'workshop', '--json'], { home });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { written: boolean; decks: { id: string; format: string; cards: number }[] };
    expect(out.written).toBe(true);
    expect(out.decks.map((d) => [d.id, d.format, d.cards])).toEqual([
      ['anki-plain', 'anki', 3],
      ['qa-headings', 'qa', 4],
      ['qa-pairs', 'qa', 4],
      ['questions', 'csv', 4],
    ]);
    expect(list(home, 'qa-pairs')[0]?.topics).toContain('workshop');
  });

  it('refuses oversized and binary inputs, and unknown formats', () => {
    const home = tmp();
    const big = join(home, 'big.csv');
    writeFileSync(big, `question,answer\n${'x'.repeat(21 * 1024 * 1024)},y\n`);
    const bin = join(home, 'bin.txt');
    writeFileSync(bin, Buffer.from([0x51, 0x00, 0x41]));
    const odd = join(home, 'deck.apkg');
    writeFileSync(odd, 'PK');
    const r = runCli(['import', big, bin, odd], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('big.csv: error: file is 21.0 MiB, more than the limit of 20 MiB');
    expect(r.stderr).toContain('bin.txt: error: file is not text');
    expect(r.stderr).toContain('deck.apkg: error: cannot read this Anki package: not a zip file');
    expect(existsSync(decksDir(home))).toBe(false);
  });

  it('reads a file whose lines end in a CR alone (Excel for Mac) line by line', () => {
    const home = tmp();
    const file = join(FIXTURES, 'real', 'delimited', 'mnemosyne-excel-import.txt');
    const r = runCli(['import', file], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(listCards(home, 'mnemosyne-excel-import').map((c) => c.question)).toEqual([1, 2, 3, 4, 5].map((n) => `Question ${n}`));
  });

  it('hands a progress export to the progress importer', () => {
    const home = tmp();
    const f = join(home, 'progress.json');
    writeFileSync(f, '{ "format": "llm-quiz-progress", "events": [] }');
    const r = runCli(['import', f], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("missing or invalid 'schema'");
  });
});

describe('llm-quiz import on a terminal', () => {
  it('shows a progress bar on stderr for an import of more than a few hundred cards', async () => {
    const home = tmp();
    const csv = join(home, 'many.csv');
    const rows = Array.from({ length: 400 }, (_, i) => `Question number ${i}?,Answer ${i}.`);
    writeFileSync(csv, `question,answer\n${rows.join('\n')}\n`);
    const output = await runInTerminal(['import', csv], home);
    expect(output.code).toBe(0);
    expect(output.text).toMatch(/writing \[#+-*\] \d+% \d+\/400/);
    expect(output.text).toContain('100% 400/400');
    expect(output.text).toContain('imported 400 cards into');
    // Without a terminal (piped, as in scripts) there is no bar.
    const piped = runCli(['import', csv, '--deck-id', 'many-again'], { home });
    expect(piped.stderr).toBe('');
  });
});
