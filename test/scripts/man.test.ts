import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tmp } from '../helpers.js';

// man needs groff (nroff) to render; a system without either cannot run this check.
const hasMan = spawnSync('man', ['--version']).status === 0 && spawnSync('nroff', ['--version']).status === 0;
if (!hasMan) console.warn('man page test skipped: `man` or `nroff` is not installed (apt-get install man-db groff-base)');

describe.skipIf(!hasMan)('man page', () => {
  it('renders with man -l and has a section for every command in --help', () => {
    const r = spawnSync('man', ['-l', join(ROOT, 'man', 'llm-quiz.1')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat', LANG: 'C.UTF-8' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/warning|error/i);
    const page = r.stdout;
    expect(page).toMatch(/^NAME\n\s+llm-quiz\s+-\s+Spaced-repetition/m);
    const help = runCli(['--help'], { home: tmp() }).stdout;
    const commands = [...(help.split('Commands:')[1] ?? '').matchAll(/^ {2}(\S+)/gm)]
      .map((m) => m[1])
      .filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(10);
    for (const c of commands) expect(page, c).toMatch(new RegExp(`^ {3}${c}$`, 'm'));
    // A command's own options and examples are there too, not only the overview.
    expect(page).toContain('--retention <list>');
    expect(page).toContain('llm-quiz forecast --retention 0.85,0.9,0.95');
  });

  it('is installed with the package', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; man: string[] };
    expect(pkg.files).toContain('man/');
    expect(pkg.man).toEqual(['./man/llm-quiz.1']);
  });
});
