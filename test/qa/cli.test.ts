// Regressions found in the QA bug bash of the CLI (built bin, no TTY, private data dir).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deckText, runCli, tmp } from '../helpers.js';

const ZH = { LANG: 'zh_CN.UTF-8' };
/** Latin words of three letters or more, outside file names, backticks and option names. */
const english = (s: string) => s.replace(/`[^`]*`|--?[a-z-]+|\S*[./]\S*/g, '').match(/[A-Za-z]{3,}/g) ?? [];

describe('--decks pointing at the wrong thing', () => {
  it('a missing folder is an error naming it, not a silent no-op', () => {
    const home = tmp();
    const r = runCli(['--decks', join(home, 'nope'), 'list'], { home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--decks ${join(home, 'nope')}: no such folder`);
  });

  it('a file that is not a .md deck is an error; a .md deck file works', () => {
    const home = tmp();
    writeFileSync(join(home, 'cards.txt'), 'Q: a\nA: b\n');
    writeFileSync(join(home, 'one.md'), deckText('one', [{ id: 'one-q', q: 'What?', a: 'This.' }]));
    const bad = runCli(['list', '--decks', join(home, 'cards.txt')], { home });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a folder or a .md deck file');
    const good = runCli(['list', '--json', '--deck', 'one', '--decks', join(home, 'one.md')], { home });
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).map((c: { id: string }) => c.id)).toEqual(['one-q']);
  });
});

describe('check of a path with no decks', () => {
  it('fails instead of reporting "no problems" for a .txt file or an empty folder', () => {
    const home = tmp();
    writeFileSync(join(home, 'notes.txt'), 'hello');
    mkdirSync(join(home, 'empty'));
    for (const p of ['notes.txt', 'empty']) {
      const r = runCli(['check', p], { home, cwd: home });
      expect(r.code, p).toBe(1);
      expect(r.stdout).not.toContain('no problems');
      expect(r.stderr).toContain(`${p}: no deck files (.md) found`);
    }
  });
});

describe('Chinese messages', () => {
  it('check of a missing path, an invalid user name and a bad --new are in Chinese', () => {
    const home = tmp();
    const missing = runCli(['check', 'nope.md'], { home, env: ZH });
    expect(missing.stderr).toContain('nope.md：没有这个文件或文件夹');
    const user = runCli(['--user', '../x', 'list'], { home, env: ZH });
    expect(user.code).toBe(2);
    expect(user.stderr).toContain('无效的用户名 “../x”');
    for (const r of [missing, user]) expect(english(r.stderr), r.stderr).toEqual([]);
  });

  it('deck problems carry a Chinese severity word', () => {
    const home = tmp();
    writeFileSync(join(home, 'bin.txt'), Buffer.from([0x41, 0, 0x42, 0]));
    const r = runCli(['import', 'bin.txt'], { home, cwd: home, env: ZH });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bin.txt: 错误: 文件不是文本');
    expect(r.stderr).not.toMatch(/\berror\b/);
  });
});

describe('study --new / --limit', () => {
  it('a bad number is a usage error (exit 2) even without a terminal, in the message language', () => {
    const home = tmp();
    const en = runCli(['study', '--new', 'x'], { home });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain("--new needs a whole number, got 'x'");
    const zh = runCli(['study', '--limit', '-3'], { home, env: ZH });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('--limit 需要一个非负整数');
  });
});

describe('error messages quoting a file', () => {
  it('never pass the file’s control characters (escape codes) to the terminal', () => {
    const home = tmp();
    writeFileSync(join(home, 'evil.json'), '\u001b]0;pwned\u0007\u001b[2J{');
    const r = runCli(['import-progress', 'evil.json'], { home, cwd: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not valid JSON');
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
  });

  it('import-progress of a folder says it is not a file', () => {
    const home = tmp();
    mkdirSync(join(home, 'dir.json'));
    const r = runCli(['import-progress', 'dir.json'], { home, cwd: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('dir.json: no such file (or it is a folder)');
  });
});

describe('export -o to a pipe', () => {
  it('writes into the FIFO instead of replacing it with a regular file', async () => {
    const home = tmp();
    const events = JSON.stringify({
      format: 'llm-quiz-progress',
      schema: 1,
      user: 'default',
      settings: {},
      cards: {},
      events: [],
    });
    writeFileSync(join(home, 'p.json'), events);
    expect(runCli(['import-progress', 'p.json'], { home, cwd: home }).code).toBe(0);
    const fifo = join(home, 'out.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const got = join(home, 'got.json');
    const reader = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', fifo, got]);
    const done = new Promise((r) => reader.on('exit', r));
    try {
      const r = runCli(['export', '-o', fifo], { home });
      expect(r.code, r.stderr).toBe(0);
      await done;
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(JSON.parse(readFileSync(got, 'utf8')).format).toBe('llm-quiz-progress');
    } finally {
      reader.kill();
    }
    expect(existsSync(fifo)).toBe(true);
  });
});
