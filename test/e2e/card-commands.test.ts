// Card management from the shell: add, show, edit (bundled and imported cards as the user's own
// copy, progress kept, install folder untouched, `check` flags an original that changed), and
// what a missing or broken editor says. The built CLI, each test in its own data directory.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deckText, ROOT, readTree, runCli, tmp } from '../helpers.js';
import { DECKS, startStudy } from './pty.js';

/** A scripted $EDITOR: runs `body` with `file` (the file it was given) and `line` (from `+N`). */
function editor(home: string, body: string): string {
  const f = join(home, `editor-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    f,
    `import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';\nconst [plus, file] = process.argv.slice(2);\nconst line = Number(plus.slice(1));\n${body}\n`,
  );
  return `${process.execPath} ${f}`;
}

const rows = (stdout: string) => JSON.parse(stdout) as { id: string; question: string; suspended: boolean; topics: string[] }[];

describe('add', () => {
  it('one line: into the personal deck, with its topic; the same question twice gets a new id; bad input is a usage error', () => {
    const home = tmp();
    const r = runCli(['add', 'What does GQA share?', 'K and V heads, **per group**.', '--topic', 'attention'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Added my-what-does-gqa-share to');
    expect(runCli(['add', 'What does GQA share?', 'Again.'], { home }).stdout).toContain('Added my-what-does-gqa-share-2');
    const cards = rows(runCli(['list', '--deck', 'personal', '--json'], { home }).stdout);
    expect(cards.map((c) => c.id)).toEqual(['my-what-does-gqa-share', 'my-what-does-gqa-share-2']);
    expect(cards[0]?.topics).toEqual(['attention', 'personal']);
    expect(runCli(['check'], { home }).code).toBe(0);
    expect(runCli(['add', 'Only a question'], { home }).code).toBe(2);
    const bad = runCli(['add', 'Q?', 'line\n## not a new card'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("starting with '#'");
  });

  it('without arguments: the cards written in the editor template are added', () => {
    const home = tmp();
    const ed = editor(
      home,
      "writeFileSync(file, readFileSync(file, 'utf8').replace('## \\n', '## What is RoPE?\\n') + 'Rotary position embedding.\\n');",
    );
    const r = runCli(['add'], { home, env: { EDITOR: ed } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Added my-what-is-rope');
    expect(runCli(['show', 'my-what-is-rope'], { home }).stdout).toContain('Rotary position embedding.');
  });
});

describe('show', () => {
  it('prints the rendered card, its state and its history; an unknown id suggests the closest', async () => {
    const home = tmp();
    const pty = startStudy(home, [], { LLM_QUIZ_NOW: '2026-03-10T10:00:00.000Z' });
    let at = await pty.waitFor(/第一题/);
    pty.send(' ');
    at = await pty.waitFor(/3 良好/, at);
    pty.send('3');
    await pty.waitFor(/第二题/, at);
    pty.send('q');
    await pty.exited;
    const env = { LLM_QUIZ_DEVICE: 'pty', LLM_QUIZ_NOW: '2026-03-10T10:05:00.000Z' };
    const r = runCli(['show', 'e2e-forget-gate', '--decks', DECKS], { home, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('第一题：LSTM 的遗忘门如何计算？');
    expect(r.stdout).toContain('σ(W_f [hₜ₋₁, xₜ] + b_f)');
    expect(r.stdout).toContain('State: learning');
    expect(r.stdout).toContain('History (1 answer)');
    expect(r.stdout).toMatch(/2026-03-10 10:0\d {2}Good → 10m/);
    const json = JSON.parse(runCli(['show', 'e2e-forget-gate', '--decks', DECKS, '--json'], { home, env }).stdout);
    expect(json.history).toHaveLength(1);
    expect(json.state).toBe('learning');
    const unknown = runCli(['show', 'e2e-forget-gat', '--decks', DECKS], { home });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Did you mean: e2e-forget-gate');
  });
});

describe('edit', () => {
  const renameQuestion = "writeFileSync(file, readFileSync(file, 'utf8').replace(/^## (.*)$/m, '## EDITED $1'));";

  it('a bundled card: your own copy in the decks folder, same id, progress kept, install folder untouched', () => {
    const home = tmp();
    const installed = readTree(join(ROOT, 'decks'));
    expect(runCli(['suspend', 'attn-mqa'], { home }).code).toBe(0);
    const r = runCli(['edit', 'attn-mqa'], { home, env: { EDITOR: editor(home, renameQuestion) } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Edited your own copy of attn-mqa');
    expect(readTree(join(ROOT, 'decks'))).toEqual(installed);
    const copy = readFileSync(join(home, 'data', 'decks', '.overrides', 'attention.md'), 'utf8');
    expect(copy).toContain('## EDITED What is multi-query attention');
    const card = rows(runCli(['list', '--deck', 'attention', '--json'], { home }).stdout).find((c) => c.id === 'attn-mqa');
    expect(card?.question).toMatch(/^EDITED What is multi-query attention/);
    expect(card?.suspended).toBe(true);
    // The original has not changed since: check has nothing to say about the copy.
    const check = runCli(['check'], { home });
    expect(check.code).toBe(0);
    expect(check.stdout).not.toContain('attn-mqa');
    // A second edit goes to the copy, not to a second copy.
    expect(runCli(['edit', 'attn-mqa'], { home, env: { EDITOR: editor(home, renameQuestion) } }).stdout).toContain(
      'Edited attn-mqa in',
    );
    expect(readFileSync(join(home, 'data', 'decks', '.overrides', 'attention.md'), 'utf8').match(/^## /gm)).toHaveLength(1);
  });

  it('an imported card: the copy survives a re-import, and check flags the original that changed until --fix', () => {
    const home = tmp();
    const decks = join(home, 'data', 'decks');
    mkdirSync(decks, { recursive: true });
    const imported = (answer: string) =>
      deckText('imp', [{ id: 'imp-one', q: 'One?', a: answer }]).replace(
        '\n## ',
        '\nImported from `x.csv` by `llm-quiz import`. Importing that file again replaces this one.\n\n## ',
      );
    writeFileSync(join(decks, 'imp.md'), imported('first answer'));
    expect(runCli(['edit', 'imp-one'], { home, env: { EDITOR: editor(home, renameQuestion) } }).code).toBe(0);
    // The import file itself was not touched; the next import replaces it with a new answer.
    expect(readFileSync(join(decks, 'imp.md'), 'utf8')).toContain('## One?');
    writeFileSync(join(decks, 'imp.md'), imported('second answer'));
    expect(rows(runCli(['list', '--deck', 'imp', '--json'], { home }).stdout)[0]?.question).toBe('EDITED One?');
    const check = runCli(['check'], { home });
    expect(check.stdout).toMatch(/\.overrides\/imp\.md:\d+: warning: your copy of 'imp-one' overrides a card that changed/);
    expect(check.stdout).toContain('imp.md:');
    runCli(['check', '--fix'], { home });
    expect(runCli(['check'], { home }).stdout).not.toContain('imp-one');
  });

  it('no $EDITOR, an editor that does not exist, a broken edit: one line with file and line, exit 1', () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    writeFileSync(join(decks, 'mine.md'), deckText('mine', [{ id: 'mine-one', q: 'One?', a: 'one' }]));
    const none = runCli(['edit', 'mine-one', '--decks', decks], { home });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no editor: set \$EDITOR .*mine\.md:\d+/);
    const missing = runCli(['edit', 'mine-one', '--decks', decks], { home, env: { EDITOR: '/no/such/editor' } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot run the editor `/no/such/editor` (no such program)');
    const breakIt = editor(home, "writeFileSync(file, readFileSync(file, 'utf8').replace('### Answer', 'Answer:'));");
    const broken = runCli(['edit', 'mine-one', '--decks', decks], { home, env: { EDITOR: breakIt } });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/mine\.md:\d+: error: .*answer/);
    expect(broken.stderr).toContain('keeps its previous text');
  });
});

describe('e in study with a missing or broken editor', () => {
  it('says what is wrong and keeps the card on screen', async () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    writeFileSync(join(decks, 'e2e.md'), readFileSync(join(DECKS, 'e2e.md'), 'utf8'));
    let pty = startStudy(home, [], { EDITOR: '/no/such/editor' }, decks);
    let at = await pty.waitFor(/第一题/);
    pty.send('e');
    at = await pty.waitFor(/无法运行编辑器 `\/no\/such\/editor`[\s\S]*e2e\.md:9[\s\S]*第一题/, at);
    pty.send('q');
    await pty.exited;
    const breakIt = editor(home, "writeFileSync(file, readFileSync(file, 'utf8').replace('### Answer', 'Answer:'));");
    pty = startStudy(home, [], { EDITOR: breakIt }, decks);
    at = await pty.waitFor(/第一题/);
    pty.send('e');
    at = await pty.waitFor(/e2e\.md:\d+: 错误[\s\S]*保留原来的内容[\s\S]*第一题/, at);
    pty.send('q');
    expect((await pty.exited).exitCode).toBe(0);
  });
});
