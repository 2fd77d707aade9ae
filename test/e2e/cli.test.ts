// The built CLI, run as a user would from a shell: no TTY, private data directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressStore } from '../../src/store/progress-store.js';
import { CATALOGUES } from '../../src/ui/messages.js';
import { width } from '../../src/ui/term.js';
import { BIN, deckText, ROOT, runCli, tmp } from '../helpers.js';

const ESC = /\u001B\[/;

describe('list', () => {
  it('prints the bundled cards as a table that fits 80 columns, without escape codes when piped', () => {
    const r = runCli(['list'], { home: tmp(), env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+DECK\s+STATE\s+DUE\s+TOPICS$/);
    // At 80 columns each card takes two lines: its facts, then its question.
    expect(lines[1]).toMatch(/^[a-z0-9-]+\s+[a-z0-9-]+\s+new\s+-\s+\S/);
    expect(lines[2]).toMatch(/^ {2}└ \S/);
    expect(lines.length).toBeGreaterThan(200);
    const wide = runCli(['list'], { home: tmp(), env: { COLUMNS: '140' } }).stdout.split('\n');
    expect(wide[0]).toMatch(/^ID\s+DECK\s+STATE\s+DUE\s+TOPICS\s+QUESTION$/);
    for (const l of wide) expect(width(l)).toBeLessThanOrEqual(140);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(ESC);
  });

  it('--topic T --json returns the documented shape, matching deck or card topics case-insensitively', () => {
    const home = tmp();
    const r = runCli(['list', '--topic', 'QUANTIZATION', '--json'], { home });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row).toMatchObject({
        id: expect.any(String),
        deck: expect.any(String),
        question: expect.any(String),
        state: 'new',
        due: null,
      });
      expect(row.topics).toContain('quantization');
    }
    // An alias of the topic map works too: `ste` means `quantization`.
    const ste = JSON.parse(runCli(['list', '--topic', 'STE', '--json'], { home }).stdout) as { id: string; topics: string[] }[];
    expect(ste.map((c) => c.id).sort()).toEqual(rows.map((c) => c.id).sort());
  });

  it('an unknown topic exits 1 and suggests the closest known topics', () => {
    const r = runCli(['list', '--topic', 'quantisation'], { home: tmp() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown topic 'quantisation'/);
    expect(r.stderr).toMatch(/Did you mean: .*quantization/);
  });

  it('filters by deck, state and search text; --due is empty for a new user', () => {
    const home = tmp();
    const byDeck = JSON.parse(runCli(['list', '--deck', 'coding', '--json'], { home }).stdout) as { deck: string }[];
    expect(new Set(byDeck.map((c) => c.deck))).toEqual(new Set(['coding']));
    const search = JSON.parse(runCli(['list', '--search', 'LoRA', '--json'], { home }).stdout) as { id: string }[];
    expect(search.length).toBeGreaterThan(0);
    expect(JSON.parse(runCli(['list', '--due', '--json'], { home }).stdout)).toEqual([]);
    expect(JSON.parse(runCli(['list', '--state', 'review', '--json'], { home }).stdout)).toEqual([]);
    expect(runCli(['list', '--state', 'bogus'], { home }).code).toBe(2);
  });

  it('loads extra --decks folders given before or after the command name', () => {
    const home = tmp();
    const dir = join(home, 'mine');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mine.md'), deckText('mine', [{ id: 'mine-1', q: 'Mine?', a: 'Yes' }], '[my-topic]'));
    for (const args of [
      ['--decks', dir, 'list', '--topic', 'my-topic', '--json'],
      ['list', '--topic', 'my-topic', '--json', '--decks', dir],
    ]) {
      const r = runCli(args, { home });
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { id: string }[]).map((c) => c.id)).toEqual(['mine-1']);
    }
  });
});

describe('topics', () => {
  it('--json gives {topic, cards, due} for every bundled topic (map topics also depth, description, aliases)', () => {
    const r = runCli(['topics', '--json'], { home: tmp() });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { topic: string; cards: number; due: number }[];
    const q = rows.find((x) => x.topic === 'quantization');
    expect(q).toMatchObject({ topic: 'quantization', due: 0 });
    expect(q?.cards).toBeGreaterThan(3);
    for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['cards', 'due', 'topic']));
    expect(q).toMatchObject({ depth: 0, description: expect.stringMatching(/Quantization/) });
  });
});

describe('check', () => {
  it('reports a broken deck with file and line and exits 1, while the other decks still load for list', () => {
    const home = tmp();
    const dir = join(home, 'decks');
    mkdirSync(dir);
    writeFileSync(join(dir, 'good.md'), deckText('good', [{ id: 'good-1', q: 'G?', a: 'G' }]));
    writeFileSync(join(dir, 'bad.md'), '---\nid: bad\ntitle: "unterminated\n---\n');
    const r = runCli(['check', dir], { home });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.md:\d+: error: front matter is not valid YAML/);
    const list = runCli(['list', '--decks', dir, '--deck', 'good', '--json'], { home });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
    expect(list.stderr).toMatch(/bad\.md/);
  });

  it('--fix writes ids into a deck and a second check is clean', () => {
    const home = tmp();
    const file = join(home, 'd.md');
    writeFileSync(file, deckText('d', [{ q: 'No id here?', a: 'Right' }]));
    const first = runCli(['check', file], { home });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/warning: card has no id/);
    expect(runCli(['check', file, '--fix'], { home }).stdout).toMatch(/wrote 1 card ids/);
    expect(readFileSync(file, 'utf8')).toMatch(/<!-- id: c-[0-9a-f]{10} -->/);
    expect(runCli(['check', file], { home }).stdout).toMatch(/no problems/);
  });

  it('passes on the bundled decks and the example in docs/deck-format.md', () => {
    const home = tmp();
    const bundled = runCli(['check'], { home });
    expect(bundled.stdout).not.toMatch(/: (error|warning):/);
    expect(bundled.code).toBe(0);
    const doc = readFileSync(join(ROOT, 'docs', 'deck-format.md'), 'utf8');
    const example = /````markdown\n([\s\S]*?)````/.exec(doc)?.[1] ?? '';
    const file = join(home, 'example.md');
    writeFileSync(file, example);
    const r = runCli(['check', file], { home });
    expect(r.stdout).toMatch(/1 deck, 2 cards: no problems/);
    expect(r.code).toBe(0);
  });
});

describe('conventions', () => {
  it('every command has --help with an example, and --version prints the package version', () => {
    const home = tmp();
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(runCli(['--version'], { home }).stdout.trim()).toBe(pkg.version);
    const help = runCli(['--help'], { home }).stdout;
    const commands = [...(help.split('Commands:')[1] ?? '').matchAll(/^ {2}([a-z-]+)(?: \[|\s{2,}| <)/gm)]
      .map((m) => m[1] as string)
      .filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['study', 'list', 'topics', 'check']));
    for (const c of commands) {
      const r = runCli([c, '--help'], { home });
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(/Example:\n\s+llm-quiz /);
    }
  });

  it('exit codes: usage error 2, user error 1', () => {
    const home = tmp();
    expect(runCli(['list', '--no-such-option'], { home }).code).toBe(2);
    expect(runCli(['no-such-command'], { home }).code).toBe(2);
    // An impossible user name is a usage error, like an empty one (issue 17).
    expect(runCli(['list', '--user', '../evil'], { home }).code).toBe(2);
  });

  it('speaks Chinese with LANG=zh_CN or --lang zh, and the two catalogues have the same keys', () => {
    const home = tmp();
    expect(runCli(['list', '--topic', 'nope'], { home, env: { LANG: 'zh_CN.UTF-8' } }).stderr).toMatch(/未知主题/);
    expect(runCli(['list', '--topic', 'nope', '--lang', 'zh'], { home }).stderr).toMatch(/未知主题/);
    expect(runCli(['list', '--topic', 'nope', '--lang', 'en'], { home, env: { LANG: 'zh_CN.UTF-8' } }).stderr).toMatch(
      /unknown topic/,
    );
    expect(Object.keys(CATALOGUES.zh).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
  });

  it('NO_COLOR and --no-color keep escape codes out even when colour is forced by the terminal type', () => {
    const home = tmp();
    for (const env of [{ NO_COLOR: '1', TERM: 'xterm-256color' }, { TERM: 'xterm-256color' }] as Record<string, string>[]) {
      const r = runCli(['list', '--topic', 'nope', ...(env.NO_COLOR ? [] : ['--no-color'])], { home, env });
      expect(r.stderr).not.toMatch(ESC);
    }
  });

  it('stops quietly with status 0 when the reader of a pipe goes away (| head)', () => {
    const home = tmp();
    const r = spawnSync(
      'bash',
      [
        '--norc',
        '--noprofile',
        '-c',
        `"${process.execPath}" "${BIN}" list --json | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`,
      ],
      {
        env: { PATH: process.env.PATH ?? '', HOME: home, LLM_QUIZ_HOME: join(home, 'data') },
        encoding: 'utf8',
      },
    );
    expect(r.stdout.trim()).toBe('status=0');
    expect(r.stderr).toBe('');
  });

  it('a read-only command saves a snapshot it had to rebuild, so the next start is fast', () => {
    const home = tmp();
    const store = ProgressStore.open(join(home, 'data'), 'default', { create: true, device: 'test' });
    const now = new Date('2026-01-01T00:00:00.000Z');
    store.append({
      id: store.newEventId(now),
      t: now.toISOString(),
      type: 'suspend',
      card: 'quant-ptq-vs-qat',
    });
    store.close();
    const snap = join(home, 'data', 'users', 'default', 'snapshot.json');
    expect(existsSync(snap)).toBe(false);
    const rows = JSON.parse(runCli(['list', '--json', '--topic', 'qat'], { home }).stdout) as {
      id: string;
      suspended: boolean;
    }[];
    expect(rows.find((r) => r.id === 'quant-ptq-vs-qat')?.suspended).toBe(true);
    expect(existsSync(snap)).toBe(true);
    // The table says "suspended" where the state would be.
    const table = runCli(['list', '--topic', 'qat'], { home, env: { COLUMNS: '80' } }).stdout;
    expect(table).toMatch(/^quant-ptq-vs-qat\s+quantization\s+suspended\s/m);
  });

  it('npm pack ships the built CLI, the bundled decks and the docs', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    expect(files).toEqual(
      expect.arrayContaining(['bin/llm-quiz.js', 'dist/main.cjs', 'decks/zh/quantization.md', 'docs/deck-format.md']),
    );
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });
});

describe('usage errors in Chinese', () => {
  it('commander errors are re-worded in zh, with its suggestions, and exit 2', () => {
    const home = tmp();
    const opt = runCli(['list', '--topc', 'x', '--lang', 'zh'], { home });
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/^错误：未知选项 “--topc” 你是不是想找：--topic？/);
    expect(opt.stderr).toContain('（加 --help 查看用法）');
    const cmd = runCli(['lst'], { home, env: { LANG: 'zh_CN.UTF-8' } });
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/^错误：未知命令 “lst” 你是不是想找：list？/);
    expect(runCli(['topics', 'extra', '--lang', 'zh'], { home }).stderr).toMatch(
      /^错误：“topics” 的参数太多：应为 0 个，实际 1 个/,
    );
    // English stays commander's own wording.
    expect(runCli(['list', '--topc', 'x'], { home }).stderr).toMatch(/^error: unknown option '--topc'/);
  });
});

describe('file-system errors', () => {
  it("are the user's to fix (exit 1, the path and the reason), not reported as a bug", () => {
    const home = tmp();
    const file = join(home, 'not-a-folder');
    writeFileSync(file, '');
    const r = runCli(['suspend', 'quant-ptq-vs-qat'], { home, env: { LLM_QUIZ_HOME: file } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot use .*not-a-folder.*ENOTDIR/);
    expect(r.stderr).not.toMatch(/bug/);
  });

  it('an empty HOME is refused, not taken as the current folder (the data went into ./.local/share)', () => {
    const home = tmp();
    const cwd = join(home, 'project');
    mkdirSync(cwd);
    const r = runCli(['suspend', 'quant-ptq-vs-qat'], { home, cwd, env: { HOME: '', LLM_QUIZ_HOME: '', XDG_DATA_HOME: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not an absolute path.*set HOME, or LLM_QUIZ_HOME/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
