// Shell habits and polish of issue 15: long output through $PAGER on a terminal only, stats that
// fit 60 columns, a usage line in the interface language.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { width } from '../../src/ui/term.js';
import { runCli, tmp } from '../helpers.js';
import { runPty } from '../hostile/helpers.js';
import { plain } from './pty.js';

/** Runs the CLI in a 80x24 pseudo-terminal until it exits; returns what it drew. */
async function inPty(home: string, args: string[], env: Record<string, string>): Promise<string> {
  const pty = runPty(args, home, env);
  await pty.exited;
  return pty.output();
}

describe('the pager', () => {
  it('gets long list output on a terminal; not with --no-pager, not when piped, not for a short list', async () => {
    const home = tmp();
    const seen = join(home, 'paged.txt');
    const pager = join(home, 'pager.mjs');
    writeFileSync(
      pager,
      `import { readFileSync, writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(seen)}, readFileSync(0, 'utf8'));\nconsole.log('PAGER RAN');\n`,
    );
    const env = { PAGER: `${process.execPath} ${pager}` };
    const out = await inPty(home, ['list'], env);
    expect(plain(out)).toContain('PAGER RAN');
    expect(readFileSync(seen, 'utf8')).toContain('attn-mqa');

    writeFileSync(seen, '');
    const direct = await inPty(home, ['list', '--no-pager'], env);
    expect(plain(direct)).toContain('attn-mqa');
    expect(plain(direct)).not.toContain('PAGER RAN');
    expect(readFileSync(seen, 'utf8')).toBe('');

    const piped = runCli(['list'], { home, env });
    expect(piped.stdout).toContain('attn-mqa');
    expect(piped.stdout).not.toContain('PAGER RAN');
    const short = await inPty(home, ['list', '--deck', 'moe'], env);
    expect(plain(short)).not.toContain('PAGER RAN');
    expect(existsSync(seen) && readFileSync(seen, 'utf8')).toBe('');
  });
});

describe('polish', () => {
  it('stats fits 60 columns in both languages', () => {
    const home = tmp();
    for (const lang of ['en', 'zh']) {
      const r = runCli(['stats', '--lang', lang], { home, env: { COLUMNS: '60' } });
      expect(r.code).toBe(0);
      for (const line of r.stdout.split('\n')) expect(width(line), line).toBeLessThanOrEqual(60);
    }
  });

  it('the usage line is in the interface language', () => {
    const home = tmp();
    const zh = runCli(['list', '--help', '--lang', 'zh'], { home }).stdout;
    expect(zh).toContain('用法： llm-quiz list [选项]');
    expect(zh).not.toContain('[options]');
    expect(runCli(['list', '--help'], { home }).stdout).toContain('Usage: llm-quiz list [options]');
  });
});
