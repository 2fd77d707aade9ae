// Writes man/llm-quiz.1 from the built CLI's own help texts (English), so the man page never
// disagrees with `--help`: the program's help, then one section per command. Run after the build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/llm-quiz.js`;
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

function help(args) {
  const r = spawnSync(process.execPath, [bin, ...args, '--help'], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LANG: 'en_US.UTF-8',
      NO_COLOR: '1',
      COLUMNS: '100',
      LLM_QUIZ_NO_CACHE: '1',
    },
  });
  if (r.status !== 0) throw new Error(`llm-quiz ${args.join(' ')} --help failed: ${r.stderr}`);
  return r.stdout;
}

/** Escapes text for roff: backslashes, hyphens (so they copy as ASCII), leading dots and quotes. */
function esc(s) {
  return s
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/, '\\&$1');
}

/** Splits a commander help text into its heading, description and sections. */
function parse(text) {
  const lines = text.replace(/\n+$/, '').split('\n');
  const usage = lines[0].replace(/^Usage: /, '');
  const sections = [];
  const description = [];
  let current;
  for (const line of lines.slice(1)) {
    const heading = /^(\S[^:]*):$/.exec(line);
    if (heading) {
      current = { title: heading[1], lines: [] };
      sections.push(current);
    } else if (current) current.lines.push(line);
    else if (line.trim()) description.push(line.trim());
  }
  return { usage, description: description.join(' '), sections };
}

/** A definition list (Options, Arguments, Commands) as .TP items; an example block as no-fill text. */
function section({ title, lines }, out) {
  const items = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const m = /^ {2}(\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (m && title !== 'Example') items.push({ term: m[1], text: m[2] ?? '' });
    else if (items.length > 0 && title !== 'Example') items[items.length - 1].text += ` ${line.trim()}`;
    else items.push({ term: line.replace(/^ {2}/, ''), example: true });
  }
  if (title === 'Example') {
    out.push('.PP', 'Example:', '.RS', '.nf', ...items.map((i) => esc(i.term)), '.fi', '.RE');
    return;
  }
  for (const i of items) out.push('.TP', `.B ${esc(i.term)}`, esc(i.text.trim()));
}

const main = parse(help([]));
const out = [
  `.TH LLM\\-QUIZ 1 "" "llm-quiz ${esc(version)}" "User Commands"`,
  '.SH NAME',
  `llm\\-quiz \\- ${esc(main.description)}`,
  '.SH SYNOPSIS',
  `.B llm\\-quiz`,
  esc(main.usage.replace(/^llm-quiz /, '')),
  '.SH DESCRIPTION',
  esc(main.description),
];
const commands = [];
for (const s of main.sections) {
  if (s.title === 'Commands') {
    for (const line of s.lines) {
      const m = /^ {2}(\S+)/.exec(line);
      if (m && m[1] !== 'help') commands.push(m[1]);
    }
  }
  out.push(`.SH ${esc(s.title.toUpperCase())}`);
  section(s, out);
}
out.push('.SH COMMAND DETAILS');
for (const name of commands) {
  const c = parse(help([name]));
  out.push(`.SS ${esc(name)}`, `.B llm\\-quiz`, esc(c.usage.replace(/^llm-quiz /, '')), '.PP', esc(c.description));
  for (const s of c.sections) {
    if (s.title !== 'Example') out.push('.PP', `${esc(s.title)}:`);
    section(s, out);
  }
}
out.push('.SH SEE ALSO', 'llm\\-quiz \\-\\-help, llm\\-quiz help COMMAND; the README and docs/ in the package.');
mkdirSync(`${root}man`, { recursive: true });
writeFileSync(`${root}man/llm-quiz.1`, `${out.join('\n')}\n`);
