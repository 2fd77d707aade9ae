import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tmp } from '../helpers.js';

/**
 * Runs bash with the completion script loaded the way a user does (`source <(llm-quiz completion
 * bash)`) and completes `line` as if Tab were pressed at its end; returns the candidates.
 */
function complete(line: string): string[] {
  const home = tmp();
  const bin = join(home, 'bin');
  mkdirSync(bin);
  // The script calls `llm-quiz` back for topics and ids: the built CLI under that name on PATH.
  writeFileSync(join(bin, 'llm-quiz'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'llm-quiz'), 0o755);
  const words = line.split(' ');
  const script = [
    'source <(llm-quiz completion bash) || exit 3',
    'complete -p llm-quiz >/dev/null || exit 4',
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE='${line}'`,
    '_llm_quiz',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a JavaScript template
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
    cwd: ROOT,
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: home, LLM_QUIZ_HOME: join(home, 'data'), LANG: 'en_US.UTF-8' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

describe('completion bash', () => {
  it('completes command names from the program definition', () => {
    expect(complete('llm-quiz li')).toEqual(['list']);
    expect(complete('llm-quiz com')).toEqual(['completion']);
  });

  it('completes a topic after --topic from the topic map, calling llm-quiz back', () => {
    expect(complete('llm-quiz list --topic q')).toEqual(['quantization']);
    expect(complete('llm-quiz study -t quant')).toEqual(['quantization']);
  });

  it('completes options of the command being typed, and option choices', () => {
    expect(complete('llm-quiz list --so')).toEqual(['--sort']);
    expect(complete('llm-quiz export --format c')).toEqual(['csv']);
    expect(complete('llm-quiz --lang z')).toEqual(['zh']);
  });

  it('completes card ids wherever a card id is taken', () => {
    for (const cmd of ['set-due', 'forget', 'show', 'edit', 'suspend', 'unsuspend']) {
      const ids = complete(`llm-quiz ${cmd} quant-`);
      expect(ids.length, cmd).toBeGreaterThan(1);
      expect(ids.every((id) => id.startsWith('quant-'))).toBe(true);
    }
  });
});

describe('completion zsh and fish', () => {
  it('prints scripts that name every command', () => {
    const home = tmp();
    for (const shell of ['zsh', 'fish']) {
      const r = runCli(['completion', shell], { home });
      expect(r.code).toBe(0);
      for (const cmd of ['study', 'list', 'set-due', 'completion']) expect(r.stdout).toContain(cmd);
      expect(r.stdout).toMatch(/__complete (topics|"\$1")/);
    }
    expect(runCli(['completion', 'tcsh'], { home }).code).toBe(2);
  });
});

describe('__complete', () => {
  it('lists deck ids and card ids, one a line', () => {
    const home = tmp();
    const decks = runCli(['__complete', 'decks'], { home }).stdout.split('\n');
    expect(decks).toContain('quantization');
    const cards = runCli(['__complete', 'cards'], { home }).stdout.split('\n');
    expect(cards).toContain('quant-gptq-awq');
  });

  it('is not listed in the help', () => {
    expect(runCli(['--help'], { home: tmp() }).stdout).not.toContain('__complete');
  });
});

describe('version and bare invocation', () => {
  it('-v prints the version like --version', () => {
    const home = tmp();
    const v = runCli(['--version'], { home });
    expect(runCli(['-v'], { home })).toEqual({ code: 0, stdout: v.stdout, stderr: '' });
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('with no arguments prints the help on stdout and exits 0', () => {
    const r = runCli([], { home: tmp() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: llm-quiz');
    expect(r.stdout).toContain('completion');
    expect(r.stderr).toBe('');
  });
});
