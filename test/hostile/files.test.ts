// One bad deck file is one message and the other decks still load; `check` flags whatever
// `study` or `list` would choke on; odd files (FIFO, symlink, Latin-1) are handled as such.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deckText, runCli, tmp } from '../helpers.js';

const good = deckText('good', [{ id: 'good-one', q: 'What is good?', a: 'This.' }]);
const keys = Array.from({ length: 150_000 }, (_, i) => `k${i}: v`).join('; ');
const nested = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');

function decksWith(files: Record<string, string>): { home: string; decks: string } {
  const home = tmp();
  const decks = join(home, 'decks');
  mkdirSync(decks);
  writeFileSync(join(decks, 'good.md'), good);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(decks, name), text);
  return { home, decks };
}

describe('one bad file is one message', () => {
  it('a card with 150,000 metadata keys and one nested 30 levels: list, topics and stats still work', () => {
    const { home, decks } = decksWith({
      'keys.md': deckText('keys', [{ id: 'k1', q: 'Keys?', a: 'x' }]).replace('<!-- id: k1 -->', `<!-- id: k1; ${keys} -->`),
      'deep.md': deckText('deep', [{ id: 'd1', q: 'Deep?', a: nested }]),
    });
    for (const cmd of [['list', '--json'], ['topics'], ['stats']]) {
      const r = runCli([...cmd, '--decks', decks], { home });
      expect(r.code, `${cmd.join(' ')}: ${r.stderr}`).toBe(0);
      if (cmd[0] === 'list') expect(JSON.parse(r.stdout).map((c: { id: string }) => c.id)).toContain('good-one');
      // One line per bad file (plus the summary line), not thousands.
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines.filter((l) => l.includes('keys.md'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('deep.md'))).toHaveLength(1);
    }
  });

  it('check flags both with file and line and exits 1', () => {
    const { home, decks } = decksWith({
      'keys.md': deckText('keys', [{ id: 'k1', q: 'Keys?', a: 'x' }]).replace('<!-- id: k1 -->', `<!-- id: k1; ${keys} -->`),
      'deep.md': deckText('deep', [{ id: 'd1', q: 'Deep?', a: nested }]),
    });
    const r = runCli(['check', decks], { home });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/keys\.md:10: error: the metadata comment has 150001 keys; the limit is 32/);
    expect(r.stdout).toMatch(/deep\.md:\d+: error: lists or quotes nested 17 levels deep; the limit is 16/);
  });

  it('a FIFO named like a deck is reported (not waited on) and the rest load', () => {
    const { home, decks } = decksWith({});
    execFileSync('mkfifo', [join(decks, 'pipe.md')]);
    const r = runCli(['list', '--json', '--decks', decks], { home });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pipe\.md: error: not a regular file/);
    const c = runCli(['check', join(decks, 'pipe.md')], { home });
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/pipe\.md: error: not a regular file/);
  });

  it('a FIFO given to import or import-progress is refused with one message (not waited on), exit 1', () => {
    // It was walked as a folder (`ENOTDIR, a part of the path is a file`) or called missing.
    const home = tmp();
    for (const [cmd, name] of [
      ['import', 'cards.csv'],
      ['import-progress', 'backup.json'],
    ] as const) {
      const fifo = join(home, name);
      execFileSync('mkfifo', [fifo]);
      const r = runCli([cmd, fifo], { home });
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(1);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines, `${cmd}: ${r.stderr}`).toHaveLength(1);
      expect(lines[0]).toContain(name);
      expect(lines[0]).toMatch(/not a regular file \(a pipe, socket or device\), so it is not read/);
      expect(lines[0]).toMatch(/save (the data|it) (to|in) a regular file/);
    }
  });

  it('import of a folder reads a symlinked file and names each entry it leaves out (none dropped in silence)', () => {
    // A symlinked file, a pipe named like a deck, a symlinked folder and a dangling link were all
    // skipped without a word (only regular files were looked at).
    const home = tmp();
    const src = join(home, 'notes');
    const elsewhere = join(home, 'elsewhere');
    mkdirSync(join(src, 'a'), { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(join(src, 'real.md'), deckText('real', [{ id: 'real-one', q: 'What is real?', a: 'This.' }]));
    writeFileSync(join(elsewhere, 'linked.md'), deckText('linked', [{ id: 'linked-one', q: 'What is linked?', a: 'That.' }]));
    symlinkSync(join(elsewhere, 'linked.md'), join(src, 'linked.md'));
    symlinkSync(elsewhere, join(src, 'folder-link.md'));
    symlinkSync(join(home, 'gone.md'), join(src, 'dangling.md'));
    execFileSync('mkfifo', [join(src, 'pipe.md')]);
    let deep = join(src, 'a');
    for (let i = 0; i < 9; i++) deep = join(deep, `d${i}`);
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'deep.md'), deckText('deep', [{ id: 'deep-one', q: 'How deep?', a: 'Too.' }]));
    const r = runCli(['import', src], { home });
    expect(r.code, r.stderr).toBe(0);
    const list = runCli(['list', '--json'], { home });
    const ids = (JSON.parse(list.stdout) as { id: string }[]).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['real-one', 'linked-one']));
    expect(ids).not.toContain('deep-one');
    expect(r.stderr).toMatch(/pipe\.md: not a regular file/);
    expect(r.stderr).toMatch(/folder-link\.md: a symlink to a folder, not followed/);
    expect(r.stderr).toMatch(/dangling\.md: a symlink to nothing/);
    expect(r.stderr).toMatch(/a\/d0\/d1\/d2\/d3\/d4\/d5\/d6\/d7: more than 8 folders deep, not read/);
  });

  it('a symlinked deck in a folder is loaded', () => {
    const home = tmp();
    const elsewhere = join(home, 'elsewhere');
    const decks = join(home, 'decks');
    mkdirSync(elsewhere);
    mkdirSync(decks);
    writeFileSync(join(elsewhere, 'linked.md'), deckText('linked', [{ id: 'linked-one', q: 'Linked?', a: 'Yes.' }]));
    symlinkSync(join(elsewhere, 'linked.md'), join(decks, 'linked.md'));
    const r = runCli(['list', '--json', '--decks', decks], { home });
    expect(JSON.parse(r.stdout).map((c: { id: string }) => c.id)).toContain('linked-one');
  });

  it('a Latin-1 deck gets an encoding warning and check --fix leaves its bytes alone', () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    const file = join(decks, 'latin.md');
    const bytes = Buffer.from(deckText('latin', [{ q: 'Qu\u00e9 es caf\u00e9?', a: 'Un caf\u00e9.' }]), 'latin1');
    writeFileSync(file, bytes);
    const r = runCli(['check', '--fix', decks], { home });
    expect(r.stdout).toMatch(/latin\.md:9: warning: the file is not UTF-8/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a YAML error points at its own line', () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    writeFileSync(join(decks, 'yaml.md'), '---\nid: y\n  bad: indent\nlanguage: en\n---\n');
    const r = runCli(['check', decks], { home });
    expect(r.stdout).toMatch(/yaml\.md:3: error: front matter is not valid YAML/);
  });
});
