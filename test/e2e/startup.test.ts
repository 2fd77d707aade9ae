// Start-up discipline. (1) Commands that neither render Markdown nor prompt must not run
// marked-terminal, marked, highlight.js or the prompt library: checked on the real bundle's module
// graph (esbuild's metafile), following static imports only, since a module reached by a dynamic
// import or a require() call is wrapped and runs on first use. (2) The V8 code cache of
// src/boot.ts: written once per command, then accepted by V8 as is; a damaged, foreign or
// disabled cache never changes what the command does.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tmp } from '../helpers.js';

interface Meta {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}

const HEAVY = ['node_modules/marked-terminal/', 'node_modules/marked/', 'node_modules/highlight.js/', 'node_modules/@inquirer/'];

/** Every module run when `entry` is imported by the running CLI (main.ts and its static imports too). */
function loadedModules(meta: Meta, entry: string): string[] {
  if (!meta.inputs[entry]) throw new Error(`${entry} is not in the bundle`);
  const seen = new Set<string>();
  const stack = ['src/main.ts', entry];
  while (stack.length) {
    const mod = stack.pop() as string;
    if (seen.has(mod)) continue;
    seen.add(mod);
    for (const i of meta.inputs[mod]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) stack.push(i.path);
  }
  return [...seen];
}

describe('start-up', () => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as Meta;

  // export is left out: its Anki format renders Markdown to HTML with marked.
  it.each(['list', 'topics', 'check', 'users', 'config', 'import', 'stats'])(
    '%s loads no Markdown renderer or prompt library',
    (cmd) => {
      const mods = loadedModules(meta, `src/commands/${cmd}.ts`);
      expect(mods.length).toBeGreaterThan(5);
      for (const h of HEAVY) expect(mods.filter((m) => m.includes(h))).toEqual([]);
    },
  );

  it('the bundle has no import() left: a script read back from the code cache could not run it', () => {
    const out = (meta as unknown as { outputs: Record<string, { imports: { path: string; kind: string }[] }> }).outputs;
    expect(out['dist/main.cjs']?.imports.filter((i) => i.kind === 'dynamic-import')).toEqual([]);
  });

  it('study does load them (so the check above can tell)', () => {
    const staticOnly = loadedModules(meta, 'src/commands/study.ts');
    expect(staticOnly.some((m) => m.includes('node_modules/marked'))).toBe(false); // lazily, after the cheap checks
    const screen = loadedModules(meta, 'src/ui/markdown.ts');
    expect(screen.some((m) => m.includes('node_modules/marked-terminal/'))).toBe(true);
  });
});

describe('code cache', () => {
  const codeDir = (home: string) => join(home, 'data', 'cache', 'code');
  const files = (home: string) => readdirSync(codeDir(home)).sort();
  const list = (home: string, env: Record<string, string> = {}) => runCli(['list', '--json'], { home, env });

  it('is not written by a dry run, which makes no data directory', () => {
    const home = tmp();
    const backup = join(home, 'progress.json');
    writeFileSync(backup, JSON.stringify({ format: 'llm-quiz-progress', schema: 1, user: 'default', events: [], cards: {} }));
    const r = runCli(['import-progress', backup, '--dry-run'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(home, 'data'))).toBe(false);
  });

  it('is written by the first run of a command and accepted unchanged by the next', () => {
    const home = tmp();
    const first = list(home);
    expect(first.code).toBe(0);
    const [file, ...others] = files(home);
    expect(others).toEqual([]);
    expect(file).toMatch(new RegExp(`-${process.version.replace(/\./g, '\\.')}-${process.arch}-list\\.bin$`));
    const path = join(codeDir(home), file as string);
    const before = statSync(path);
    expect(before.size).toBeGreaterThan(50_000);
    const second = list(home);
    expect(second).toEqual(first);
    // Rewritten only when V8 rejects the data: an untouched file means it was used.
    const after = statSync(path);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('is kept per command: the command word is found after global options', () => {
    const home = tmp();
    // `--version` on a new machine: the first command, before any data is stored.
    expect(runCli(['--version'], { home }).code).toBe(0);
    expect(runCli(['--user', 'bob', '--lang', 'zh', 'topics'], { home }).code).toBe(0);
    expect(runCli(['config', 'get', 'desired_retention'], { home }).code).toBe(0);
    expect(files(home).map((f) => f.replace(/^.*-/, ''))).toEqual(['config.bin', 'none.bin', 'topics.bin']);
  });

  it('a damaged or truncated cache is rejected by V8, replaced, and changes nothing', () => {
    const home = tmp();
    const good = list(home);
    const path = join(codeDir(home), files(home)[0] as string);
    const size = statSync(path).size;
    for (const damaged of [Buffer.alloc(size, 0xa5), readFileSync(path).subarray(0, size >> 1), Buffer.alloc(0)]) {
      writeFileSync(path, damaged);
      expect(list(home)).toEqual(good);
      const now = readFileSync(path);
      expect(now.length).toBeGreaterThan(50_000);
      expect(now.equals(damaged)).toBe(false);
    }
  });

  it("another build's files are removed when this build writes its own", () => {
    const home = tmp();
    list(home);
    const stale = join(codeDir(home), '0.0.1+1-v20.0.0-x64-list.bin');
    writeFileSync(stale, 'old');
    expect(runCli(['topics'], { home }).code).toBe(0);
    expect(files(home).some((f) => f.startsWith('0.0.1+1-'))).toBe(false);
    expect(files(home)).toHaveLength(2);
  });

  it('is not written by a failed command, a help text, nor with LLM_QUIZ_NO_CACHE', () => {
    const home = tmp();
    expect(runCli(['list', '--state', 'bogus'], { home }).code).toBe(2);
    expect(runCli(['list', '--help'], { home }).code).toBe(0);
    expect(list(home, { LLM_QUIZ_NO_CACHE: '1' }).code).toBe(0);
    expect(() => files(home)).toThrow(/ENOENT/);
  });
});
