// `--help` in the user's language, and within 80 columns in both languages.
import { describe, expect, it } from 'vitest';
import { width } from '../../src/ui/term.js';
import { runCli, tmp } from '../helpers.js';

/** The command names listed under the top-level help's commands heading. */
function commandNames(help: string, heading: string): string[] {
  return [...(help.split(heading)[1] ?? '').matchAll(/^ {2}([a-z-]+)\s{2,}/gm)]
    .map((m) => m[1] as string)
    .filter((c) => c !== 'help');
}

function expectFits(text: string, label: string): void {
  for (const line of text.split('\n')) expect(width(line), `${label}: ${line}`).toBeLessThanOrEqual(80);
}

describe('help in Chinese', () => {
  it('--help --lang zh describes the program, options and commands in Chinese', () => {
    const r = runCli(['--help', '--lang', 'zh'], { home: tmp(), env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^用法：/);
    expect(r.stdout).toContain('间隔重复闪卡');
    expect(r.stdout).toMatch(/^选项：$/m);
    expect(r.stdout).toMatch(/^ {2}-V, --version\s+显示版本号$/m);
    expect(r.stdout).toMatch(/^ {2}-h, --help\s+显示命令的帮助$/m);
    expect(r.stdout).toMatch(/^ {2}--lang <lang>\s+消息的语言（可选："en"、"zh"）$/m);
    expect(r.stdout).toMatch(/^ {2}list\s+列出卡片/m);
    expect(r.stdout).toMatch(/^ {2}help\s+显示某个命令的帮助$/m);
    expect(r.stdout).not.toMatch(/Usage:|Options:|Commands:|display help|output the version/);
    expect(commandNames(r.stdout, '命令：')).toEqual(expect.arrayContaining(['study', 'list', 'topics', 'check']));
  });

  it('LANG=zh_CN.UTF-8 list --help shows Chinese descriptions and a Chinese example heading', () => {
    const r = runCli(['list', '--help'], { home: tmp(), env: { LANG: 'zh_CN.UTF-8', COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('列出卡片，可按主题、卡组、状态、到期时间或文字筛选');
    expect(r.stdout).toMatch(/^ {2}--due\s+只选现在到期的卡片$/m);
    expect(r.stdout).toMatch(/^示例：\n {2}llm-quiz list --topic quantization$/m);
    expect(r.stdout).not.toMatch(/only cards|Example:|Options:/);
  });

  it('commander extras (choices, default) are worded in Chinese too', () => {
    const r = runCli(['export', '--help', '--lang', 'zh'], { home: tmp(), env: { COLUMNS: '80' } });
    expect(r.stdout).toContain('输出格式（可选："json"、"csv"、"anki"；默认："json"）');
    expect(r.stdout).not.toMatch(/choices:|default:/);
  });

  it('--lang en overrides a Chinese locale', () => {
    const r = runCli(['list', '--help', '--lang', 'en'], { home: tmp(), env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.stdout).toMatch(/^Usage: llm-quiz list/);
    expect(r.stdout).toContain('Example:\n  llm-quiz list');
  });
});

describe('help layout', () => {
  it('every command has an example line in Chinese, and no help line is wider than 80 columns in either language', () => {
    const home = tmp();
    const env = { COLUMNS: '80' };
    for (const lang of ['en', 'zh']) {
      const top = runCli(['--help', '--lang', lang], { home, env }).stdout;
      expectFits(top, `${lang} --help`);
      const commands = commandNames(top, lang === 'zh' ? '命令：' : 'Commands:');
      expect(commands.length).toBeGreaterThanOrEqual(13);
      for (const c of commands) {
        const r = runCli([c, '--help', '--lang', lang], { home, env });
        expect(r.code, c).toBe(0);
        expectFits(r.stdout, `${lang} ${c} --help`);
        const heading = lang === 'zh' ? '示例：' : 'Example:';
        expect(r.stdout, `${lang} ${c}`).toMatch(new RegExp(`${heading}\\n {2}llm-quiz `));
      }
    }
  });

  it('long Chinese descriptions wrap under their column instead of running past the edge', () => {
    const r = runCli(['import', '--help', '--lang', 'zh'], { home: tmp(), env: { COLUMNS: '80' } });
    const lines = r.stdout.split('\n');
    const i = lines.findIndex((l) => l.startsWith('  --format <format>'));
    expect(i).toBeGreaterThan(0);
    // The continuation is indented to the description column, i.e. the description was wrapped.
    const column = lines[i]?.indexOf('输入格式') as number;
    expect(lines[i + 1]).toMatch(new RegExp(`^ {${column}}\\S`));
  });
});
