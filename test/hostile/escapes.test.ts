// Terminal escapes in untrusted text (deck text, titles, ids from a synced log, file names,
// imported text) never reach the terminal, whatever the command: one gate (src/ui/sanitize.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmp } from '../helpers.js';
import { foreignEscapes, runPty, unsafeLinks } from './helpers.js';

const OSC52 = '\u001B]52;c;cm0gLXJmIH4=\u0007';
const TITLE = '\u001B]0;PWNED\u0007';
const CLEAR = '\u001B[2J\u001B[H';
const C1 = '\u009B2J';

/** A deck whose every free-text field carries escapes, in a file whose name carries one too. */
function hostileHome(): { home: string; decks: string; file: string } {
  const home = tmp();
  const decks = join(home, 'decks');
  mkdirSync(decks);
  const file = join(decks, `ev${TITLE}il.md`);
  writeFileSync(
    file,
    [
      '---',
      'id: evil',
      `title: "Evil \\e]0;TITLE\\a deck \\e[2J"`,
      'language: en',
      'topics: [ev]',
      `description: "d \\e]52;c;eA==\\a"`,
      '---',
      '',
      `## Question ${OSC52} one ${CLEAR}${C1}`,
      '<!-- id: evil-one -->',
      '',
      '### Answer',
      '',
      `Answer ${TITLE} text [passwd](file:///etc/passwd), [docs](https://evil.example/x), <https://ok.example/a> and &#27;]0;ENT&#7;.`,
      '',
      '### Key points',
      '',
      `- point ${OSC52}`,
      '',
      `## Second ${TITLE} card without an id`,
      '',
      '### Answer',
      '',
      'fine',
      '',
    ].join('\n'),
  );
  // A deck whose front matter is broken, in a file whose name carries escapes: every command
  // reports it on one line naming the file.
  writeFileSync(join(decks, `bro${TITLE}${CLEAR}ken.md`), '---\nid: [broken\n---\n');
  // A synced log from another device naming a card id with escapes.
  const logs = join(home, 'data', 'users', 'default', 'logs');
  mkdirSync(logs, { recursive: true });
  writeFileSync(
    join(logs, 'laptop.jsonl'),
    `${JSON.stringify({ id: 'ev1', t: '2026-01-01T00:00:00.000Z', card: `x${TITLE}y`, type: 'suspend' })}\n`,
  );
  return { home, decks, file };
}

const COLOR = { FORCE_COLOR: '1', FORCE_HYPERLINK: '1', COLUMNS: '200' };

describe('no escape from untrusted text reaches the terminal', () => {
  it.each([
    ['list (wide)', ['list', '--deck', 'evil'], COLOR],
    ['list (narrow)', ['list', '--deck', 'evil'], { ...COLOR, COLUMNS: '60' }],
    ['topics', ['topics'], COLOR],
    ['check', ['check'], COLOR],
    ['stats', ['stats'], COLOR],
  ])('%s', (_name, args, env) => {
    const { home, decks } = hostileHome();
    const r = runCli([...args, '--decks', decks], { home, env });
    const out = r.stdout + r.stderr;
    expect(foreignEscapes(out)).toBe('');
    // The broken deck is named (without its escapes): the file name did reach the terminal.
    expect(r.stderr + r.stdout).toMatch(/broken\.md:\d+: error: front matter is not valid YAML/);
  });

  it('topics shows a topic map description (topics.yaml next to the decks) without its escapes', () => {
    const { home, decks } = hostileHome();
    writeFileSync(
      join(decks, 'topics.yaml'),
      `version: 1\ntopics:\n  ev:\n    en: "Evil topic \\e]0;PWNED\\a \\e]52;c;eA==\\a here"\n    zh: "邪恶"\n  evil:\n    en: The evil deck\n    zh: 邪恶卡组\n`,
    );
    const r = runCli(['topics', '--decks', decks], { home, env: COLOR });
    expect(r.stdout).toMatch(/Evil topic/);
    expect(foreignEscapes(r.stdout + r.stderr)).toBe('');
  });

  it('list still shows the question text around the removed escapes', () => {
    const { home, decks } = hostileHome();
    const r = runCli(['list', '--deck', 'evil', '--decks', decks], { home, env: COLOR });
    expect(r.stdout).toMatch(/Question +one/);
    expect(foreignEscapes(r.stdout)).toBe('');
  });

  it('check names the synced log card id and the file name without their escapes', () => {
    const { home, decks } = hostileHome();
    const r = runCli(['check', '--decks', decks], { home, env: COLOR });
    expect(r.stdout).toContain('xy');
    expect(foreignEscapes(r.stdout + r.stderr)).toBe('');
  });

  it('check --fix reports the file it wrote without the escapes in its name', () => {
    const { home, decks, file } = hostileHome();
    const r = runCli(['check', '--fix', decks], { home, env: COLOR });
    expect(r.stdout).toMatch(/evil\.md: wrote 1 card ids/);
    expect(foreignEscapes(r.stdout + r.stderr)).toBe('');
    expect(readFileSync(file, 'utf8')).toMatch(/<!-- id: [a-z0-9-]+ -->/);
  });

  it('an error quoting a file keeps no escapes (import-progress of a broken backup)', () => {
    const { home } = hostileHome();
    const bad = join(home, `backup${TITLE}.json`);
    writeFileSync(bad, `${OSC52}{"format": ${CLEAR}`);
    const r = runCli(['import-progress', bad], { home, env: COLOR });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('backup');
    expect(foreignEscapes(r.stdout + r.stderr)).toBe('');
  });

  it('import of a Q&A file with escapes prints no escapes', () => {
    const { home } = hostileHome();
    const src = join(home, `notes${TITLE}.md`);
    writeFileSync(src, `# Notes ${OSC52}\n\n## Q: what ${CLEAR}?\n\nA: this ${TITLE}\n`);
    const r = runCli(['import', src, '--dry-run'], { home, env: COLOR });
    expect(foreignEscapes(r.stdout + r.stderr)).toBe('');
  });

  it('export to a terminal (anki text in a pseudo-terminal) is sanitised', async () => {
    const { home, decks } = hostileHome();
    const p = runPty(['export', '--format', 'anki', '--deck', 'evil', '--decks', decks], home, COLOR);
    await p.exited;
    expect(p.output()).toContain('Question');
    expect(foreignEscapes(p.output())).toBe('');
  });

  it('study: header (deck title), question, answer and key points; links only for http(s) showing their URL', async () => {
    const { home, decks } = hostileHome();
    const p = runPty(['study', '--deck', 'evil', '--decks', decks], home, { FORCE_HYPERLINK: '1' });
    await p.waitFor(/Question\s+one/);
    p.send(' ');
    await p.waitFor(/point/);
    p.send('q');
    await p.exited;
    const out = p.output();
    expect(out).toContain('Evil');
    expect(foreignEscapes(out)).toBe('');
    expect(unsafeLinks(out)).toEqual([]);
    // The hidden targets are shown as text, so the reader sees where they go.
    expect(out).toContain('file:///etc/passwd');
    expect(out).toMatch(/evil\.example/);
  });
});
