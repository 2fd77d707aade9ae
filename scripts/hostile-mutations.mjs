#!/usr/bin/env node
// Mutation check of test/hostile (issue 17): proves that each hostile test can fail. For every row
// of the table below it removes or weakens one guard in src/ (a scratch copy of the repository,
// node_modules symlinked), rebuilds dist/ when the tests run the CLI, runs only the tests that
// guard exists for, and reports each as "caught" (it failed) or "SURVIVED" (the test is too weak).
// Run by hand (minutes, not seconds): `node scripts/hostile-mutations.mjs [--only WORD] [--check]`.
// Exit 0 when every row is caught. See docs/limits.md.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const E = 'test/hostile/escapes.test.ts';
const F = 'test/hostile/files.test.ts';
const S = 'test/hostile/store.test.ts';
const X = 'test/hostile/faults.test.ts';
const U = 'test/hostile/small.test.ts';
const L = 'test/hostile/linear.test.ts';
const Z = 'test/hostile/fuzz.test.ts';
const K = 'test/hostile/sigkill.test.ts';
const D = 'test/hostile/fsync-order.test.ts';
const W = 'test/hostile/kill-write.test.ts';

/**
 * One guard: `edits` turn it off in src/ (each `find` must occur exactly once, or at least once
 * with 'all'), `cli` when the tests
 * run the built CLI, `tests` the [file, name] pairs that must then fail (name: a part of the
 * test's full name, unique in its file).
 */
// Tests with no row (measured, see docs/limits.md): the ladders 'unclosed `<!--` before n lines'
// and 'a code block of n lines' stay linear with the plain-text fallback removed (marked and the
// highlighter handle them linearly; the line limits only make them cheaper).
const MUTATIONS = [
  // One gate to the terminal, per output path.
  {
    guard: 'table cells and headers (truncate) pass sanitizeLine',
    edits: [['src/ui/term.ts', 'const flat = sanitizeLine(s).replace', 'const flat = s.replace']],
    cli: true,
    tests: [
      [E, 'list (wide)'],
      [E, 'list (narrow)'],
      [E, 'topics shows a topic map description'],
      [E, 'list still shows the question text'],
    ],
  },
  {
    guard: 'message parameters (t) pass sanitizeLine',
    edits: [['src/ui/messages.ts', '? sanitizeLine(String(params[k])) :', '? String(params[k]) :']],
    cli: true,
    tests: [
      [E, 'check names the synced log card id'],
      [E, 'check --fix reports the file'],
      [E, 'import of a Q&A file'],
    ],
  },
  {
    guard: 'problem lines (file:line: error) pass sanitizeLine',
    edits: [
      ['src/ui/messages.ts', 'return sanitizeLine(formatProblem(localizeProblem(p)', 'return (formatProblem(localizeProblem(p)'],
    ],
    cli: true,
    tests: [
      [E, 'terminal check'],
      [E, 'terminal stats'],
      [E, 'terminal topics'],
    ],
  },
  {
    guard: 'error messages: parameters and the printed line pass the gate',
    edits: [
      ['src/ui/messages.ts', '? sanitizeLine(String(params[k])) :', '? String(params[k]) :'],
      ['src/main.ts', 'printable(message)}', 'String(message)}', 'all'],
    ],
    cli: true,
    tests: [[E, 'import-progress of a broken backup']],
  },
  {
    guard: 'rendered Markdown: sanitised on the way in and out',
    edits: [
      ['src/ui/markdown.ts', 'keepOwnEscapes(m.parse(convertMathInMarkdown(sanitize(md))', '(m.parse(convertMathInMarkdown(md)'],
    ],
    cli: true,
    tests: [
      [E, 'study: header'],
      [Z, 'renderMarkdown returns text without foreign escapes'],
    ],
  },
  {
    guard: 'links clickable only for http(s) showing their URL',
    edits: [
      ['src/ui/markdown.ts', 'if (isWebUrl(token.href) && linkTextIsUrl(plainText, token.href)) return false;', 'return false;'],
    ],
    cli: true,
    tests: [[E, 'study: header']],
  },
  {
    guard: 'export to a terminal is sanitised',
    edits: [['src/commands/export.ts', 'process.stdout.isTTY ? sanitize(text) : text', 'text']],
    cli: true,
    tests: [[E, 'export to a terminal']],
  },
  {
    guard: 'sanitize turns C1 control characters into ?',
    edits: [
      [
        'src/ui/sanitize.ts',
        'const CONTROLS = /[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]/g;',
        'const CONTROLS = /[\\u0000-\\u0008\\u000B-\\u001F]/g;',
      ],
    ],
    cli: true,
    tests: [[Z, 'sanitize leaves no control character']],
  },
  {
    guard: 'a deck whose front matter is not YAML is a problem, not an exception',
    edits: [
      [
        'src/core/deck.ts',
        '    const err = e as { mark?: { line?: number }; reason?: string; message?: string };',
        '    if (e) throw e;\n    const err = e as { mark?: { line?: number }; reason?: string; message?: string };',
      ],
    ],
    tests: [[Z, 'parseDeck returns problems']],
  },
  {
    guard: "an imported post's front matter that is not YAML is a problem, not an exception",
    edits: [
      [
        'src/core/import/frontmatter.ts',
        '    const err = e as { reason?: string; message?: string; mark?: { line?: number } };',
        '    if (e) throw e;\n    const err = e as { reason?: string; message?: string; mark?: { line?: number } };',
      ],
    ],
    tests: [[Z, 'the importers return problems']],
  },
  // One bad file is one message.
  {
    guard: 'metadata comment limit (32 keys)',
    timeoutS: 150,
    edits: [['src/core/limits.ts', 'if (raw.meta.length > MAX_META_KEYS) {', 'if (false) {']],
    cli: true,
    tests: [
      [F, '150,000 metadata keys'],
      [F, 'check flags both'],
      [L, 'a metadata comment with n keys'],
    ],
  },
  {
    guard: 'nesting limit (16 levels)',
    timeoutS: 150,
    edits: [
      [
        'src/core/limits.ts',
        "if (depth > MAX_NESTING) return { key: 'problem.limit.nesting'",
        "if (false) return { key: 'problem.limit.nesting'",
        'all',
      ],
    ],
    cli: true,
    tests: [
      [F, '150,000 metadata keys'],
      [F, 'check flags both'],
      [L, 'a card nested deeper than the limit'],
      [L, 'nested list, n levels'],
    ],
  },
  {
    guard: 'only regular files are read as decks (a FIFO is reported)',
    edits: [
      ['src/store/deck-text.ts', "if (!st.isFile()) return problem(displayPath(file), 0, 'error', 'problem.deck.notFile');", ''],
    ],
    cli: true,
    timeoutS: 120,
    tests: [[F, 'a FIFO named like a deck']],
  },
  {
    guard: 'import refuses a FIFO (not walked as a folder)',
    edits: [['src/commands/import.ts', "if (!st.isDirectory()) throw new UserError(t('import.notRegular', { path: p }));", '']],
    cli: true,
    timeoutS: 120,
    tests: [[F, 'a FIFO given to import']],
  },
  {
    guard: 'import-progress refuses a FIFO (not called missing)',
    edits: [
      [
        'src/commands/shared/progress-import.ts',
        "if (!st.isFile()) throw new UserError(t('import.notRegular', { path: file }));",
        '',
      ],
    ],
    cli: true,
    timeoutS: 120,
    tests: [[F, 'a FIFO given to import']],
  },
  {
    guard: 'a symlink to a deck file is a deck',
    edits: [
      [
        'src/store/decks.ts',
        'else if (!ent.isSymbolicLink() || !isDirectory(p)) out.push(p);',
        'else if (!ent.isSymbolicLink()) out.push(p);',
      ],
    ],
    cli: true,
    tests: [[F, 'a symlinked deck']],
  },
  {
    guard: 'a file that is not UTF-8 is reported (and check --fix leaves it alone)',
    edits: [['src/store/deck-text.ts', 'if (bad > 0) problems.push(', 'if (false) problems.push(']],
    cli: true,
    tests: [[F, 'a Latin-1 deck']],
  },
  {
    guard: 'YAML errors at their own line',
    edits: [['src/core/deck.ts', 'Math.max(err.mark.line + 1, 2)', 'Math.max(err.mark.line + 2, 2)']],
    cli: true,
    tests: [[F, 'a YAML error points at its own line']],
  },
  // The store is ours alone.
  {
    guard: 'export -o refuses the data directory',
    edits: [['src/commands/export.ts', 'if (inside(target, realish(ctx.data))) throw', 'if (false) throw']],
    cli: true,
    tests: [
      [S, 'over a log --force'],
      [S, 'over settings.json --force'],
      [S, 'over a new file in the data directory'],
    ],
  },
  {
    guard: 'export -o refuses deck files',
    edits: [
      ['src/commands/export.ts', "if (target === real || (inside(target, real) && target.endsWith('.md'))) {", 'if (false) {'],
    ],
    cli: true,
    tests: [[S, 'over a deck file']],
  },
  {
    guard: "export -o '' is a usage error",
    edits: [['src/commands/export.ts', "if (o.output !== undefined && o.output.trim() === '') throw", 'if (false) throw']],
    cli: true,
    tests: [[S, "export -o '' is a usage error"]],
  },
  {
    guard: 'events de-duplicated by id (when the logs are read, and when event lists merge)',
    edits: [
      ['src/store/log-format.ts', 'if (ids.has(e.id)) continue;', ''],
      ['src/core/progress.ts', 'if (!byId.has(e.id)) byId.set(e.id, e);', "byId.set([e.id, byId.size].join('#'), e);"],
    ],
    cli: true,
    tests: [[S, 'a sync-conflict copy']],
  },
  {
    guard: 'import-progress merges by event id',
    edits: [
      [
        'src/commands/shared/progress-import.ts',
        'if (mine === undefined) fresh.push(e);',
        'if (mine === undefined || mine) fresh.push(e);',
      ],
    ],
    cli: true,
    tests: [[S, 'import-progress of the same export twice']],
  },
  {
    guard: 'events from the future are bounded',
    edits: [['src/store/log-format.ts', 'if (Date.parse(e.t) <= clock.limit) {', 'if (true) {']],
    cli: true,
    tests: [[S, 'dated 9999-12-31']],
  },
  {
    guard: '`constructor` and `prototype` are ordinary ids in a backup',
    edits: [['src/core/export.ts', "new Set(['__proto__'])", "new Set(['__proto__', 'constructor', 'prototype'])"]],
    cli: true,
    tests: [[S, 'card id `constructor` round-trips']],
  },
  {
    guard: 'the same id given many times is one suspend',
    edits: [['src/commands/suspend.ts', 'for (const id of new Set(ids))', 'for (const id of ids)']],
    cli: true,
    tests: [[S, 'the same id 1,000 times']],
  },
  // Faults are user errors.
  {
    guard: 'EROFS is a user error',
    edits: [['src/main.ts', "  'EROFS',\n", '']],
    cli: true,
    tests: [
      [X, 'read-only data directory suspend'],
      [X, 'read-only data directory config set'],
      [X, 'read-only data directory import-progress'],
    ],
  },
  {
    guard: 'mkdir failing with ENOENT on a read-only disk is a user error',
    edits: [
      [
        'src/main.ts',
        "const mkdirFailed = fsError?.code === 'ENOENT' && fsError.syscall === 'mkdir';",
        'const mkdirFailed = false;',
      ],
    ],
    cli: true,
    tests: [[X, 'read-only data directory import:']],
  },
  {
    guard: 'ENOSPC is a user error',
    edits: [['src/main.ts', "  'ENOSPC',\n", '']],
    cli: true,
    tests: [
      [X, 'a full disk suspend'],
      [X, 'a full disk import-progress'],
    ],
  },
  {
    guard: 'a failed append is cut back to the last whole line',
    edits: [['src/store/log-writer.ts', 'ftruncateSync(fd, size);', '']],
    cli: true,
    tests: [[X, 'a full disk import-progress']],
  },
  {
    guard: 'a failed atomic write removes its temp file',
    edits: [
      [
        'src/store/atomic.ts',
        '    try {\n      unlinkSync(tmp);\n    } catch {}\n    pending.delete(tmp);\n    throw e;',
        '    throw e;',
      ],
    ],
    cli: true,
    tests: [[X, 'a full disk suspend']],
  },
  {
    guard: 'a daily backup the disk cannot hold removes its half-made folder',
    edits: [
      [
        'src/store/backups.ts',
        "    // A full disk stops the copy: the half-made folder goes, the error is the caller's.\n    rmSync(tmp, { recursive: true, force: true });\n",
        '',
      ],
    ],
    cli: true,
    tests: [[X, 'no half-made backup folder']],
  },
  {
    guard: 'EISDIR is a user error naming the path',
    edits: [['src/main.ts', "  'EISDIR',\n", '']],
    cli: true,
    tests: [[X, 'a folder named x.jsonl']],
  },
  {
    guard: 'temp files of dead processes are swept',
    edits: [['src/store/atomic.ts', 'if (!m || alive(Number(m[1]))) continue;', 'if (!m || alive(Number(m[1])) || m) continue;']],
    cli: true,
    tests: [[X, 'a temp file of a killed process']],
  },
  {
    guard: 'a live temp file is not swept',
    edits: [['src/store/atomic.ts', 'process.kill(pid, 0);\n    return true;', 'process.kill(pid, 0);\n    return false;']],
    cli: true,
    tests: [[X, 'a temp file of a killed process']],
  },
  // The smaller attacks.
  {
    guard: 'user names compared case-insensitively',
    edits: [['src/store/users.ts', 'return users.find((u) => u.toLowerCase() === name.toLowerCase()) ?? name;', 'return name;']],
    cli: true,
    tests: [[U, 'Alice, alice and ALICE']],
  },
  {
    guard: 'reserved device names are a usage error',
    edits: [
      ['src/commands/shared/context.ts', 'if (isReservedName(name)) throw new UsageError', 'if (false) throw new UsageError'],
    ],
    cli: true,
    tests: [
      [U, 'reserved device name con'],
      [U, 'reserved device name NUL'],
      [U, 'reserved device name com1'],
      [U, 'reserved device name lpt9'],
      [U, 'reserved device name aux.txt'],
    ],
  },
  {
    guard: 'an impossible user name is a usage error',
    edits: [
      [
        'src/commands/shared/context.ts',
        "if (!isUserName(name)) throw new UsageError(t('user.invalid'",
        "if (false) throw new UsageError(t('user.invalid'",
      ],
    ],
    cli: true,
    tests: [
      [U, '--user ../x'],
      [U, '--user a/b'],
      [U, '--user .. is a usage error'],
    ],
  },
  {
    guard: 'help for an unknown command is a usage error',
    edits: [['src/main.ts', 'if (helpFor !== undefined && !program', 'if (false && !program']],
    cli: true,
    tests: [[U, 'help bogus']],
  },
  {
    guard: 'learning steps at most 365 days',
    edits: [['src/core/settings.ts', 'stepMinutes(s) <= MAX_STEP_MINUTES', 'stepMinutes(s) >= 0']],
    cli: true,
    tests: [[U, 'learning_steps 100000d']],
  },
  {
    guard: 'settings replaced by defaults are reported',
    edits: [
      [
        'src/commands/shared/context.ts',
        "if (p.key === 'problem.store.settingsIgnored') process.stderr.write",
        'if (false) process.stderr.write',
      ],
    ],
    cli: true,
    tests: [[U, 'settings.json with bad values']],
  },
  {
    guard: 'a card answered in another session is not graded again',
    edits: [['src/commands/study.ts', "if (changedElsewhere(store, id, shownKey) && action.type !== 'undo') {", 'if (false) {']],
    cli: true,
    tests: [[U, 'from a stale screen']],
  },
  {
    guard: 'one study session per device: a second one is refused',
    edits: [['src/commands/study.ts', 'if (!lock.ok) {', 'if (false) {']],
    cli: true,
    tests: [[U, 'on one device: the second is refused']],
  },
  {
    guard: 'a study lock whose process is gone is taken over',
    edits: [['src/store/session-lock.ts', 'if (owner && (owner.host !== me.host || running(owner.pid)))', 'if (owner)']],
    cli: true,
    tests: [
      [U, 'a lock left by a killed session'],
      [K, 'kills lose nothing'],
    ],
  },
  {
    guard: 'the study lock is removed when its session ends',
    edits: [['src/store/session-lock.ts', 'if (readOwner(file)?.pid === me.pid) {', 'if (false) {']],
    cli: true,
    tests: [[U, 'a lock left by a killed session']],
  },
  // Linear time: each guard made quadratic again.
  {
    guard: 'an unclosed metadata comment is searched line by line (made quadratic: the text so far re-searched)',
    edits: [
      [
        'src/core/deck.ts',
        "while (!(lines[j] as string).includes('-->') && j + 1 < lines.length && j - i < MAX_META_LINES) j++;",
        "let seen = lines[j] as string;\n          while (!seen.includes('-->') && j + 1 < lines.length) seen += '\\n' + lines[++j];",
      ],
    ],
    tests: [[L, 'an unclosed metadata comment']],
  },
  {
    guard: 'Markdown beyond the limits is shown as plain text',
    timeoutS: 150,
    edits: [['src/ui/markdown.ts', 'if (markdownLimitBreach(md)) return wrapText(sanitize(md), width);', '']],
    tests: [
      [L, 'nested list, n levels'],
      [L, '`> ` repeated n times'],
      [L, '`*a` repeated n times'],
    ],
  },
  {
    guard: 'a deck of more than 5,000 cards is refused, its cards never built',
    timeoutS: 200,
    edits: [['src/core/deck.ts', 'if (raws.length > MAX_CARDS_PER_DECK) {', 'if (false) {']],
    tests: [[L, '400,000 one-line cards']],
  },
  {
    // The ladder stays under the 20,000-character limit, which would drop the tags too.
    guard: 'HTML nested deeper than the limit loses its tags',
    timeoutS: 150,
    edits: [['src/core/import/guards.ts', '|| htmlBlockDepth(out) > 2 * MAX_NESTING', '']],
    tests: [[L, 'nested `<ol><li>`']],
  },
  {
    guard:
      'wrapping matches an escape code only where it stands (made quadratic: without the sticky flag, every character searches the rest of the line)',
    timeoutS: 200,
    edits: [['src/ui/wrap.ts', 'const ESC = /\\u001B\\[[0-9;]*m/y;', 'const ESC = /\\u001B\\[[0-9;]*m/g;']],
    tests: [[L, 'a code line of n characters']],
  },
  {
    guard: 'an unclosed `<!--` in HTML is shown as text',
    edits: [['src/core/import/guards.ts', 'if (openAfter >= 0) out =', 'if (false) out =']],
    tests: [[L, 'HTML → Markdown: unclosed `<!--`']],
  },
  {
    guard: 'an unclosed cloze ends the scan',
    edits: [['src/core/cloze.ts', 'if (close < 0) break;', 'if (close < 0) {\n      pos = start + 3;\n      continue;\n    }']],
    tests: [[L, 'Anki cloze']],
  },
  {
    guard: 'id de-duplication remembers the next suffix per id',
    edits: [['src/core/import/model.ts', 'let n = nextSuffix.get(c.id) ?? 2;', 'let n = 2;']],
    tests: [
      [L, 'CSV: n identical rows'],
      [L, 'Q&A detection: n identical questions'],
      [L, 'de-duplication of n equal ids'],
    ],
  },
  {
    guard: 'CR-only line ends split into rows',
    edits: [
      ['src/core/import/guards.ts', "return text.includes('\\r') ? text.replace(/\\r\\n?/g, '\\n') : text;", 'return text;'],
    ],
    tests: [[L, 'CR-only line ends']],
  },
  {
    guard: 'HTML lines checked for content from their start only (made quadratic, with the 20,000-character limit off)',
    edits: [
      ['src/core/import/guards.ts', 'if (out.length > MAX_HTML_CHARS ||', 'if ('],
      [
        'src/core/import/html.ts',
        '    for (; i < l.length; i++) if (!/\\s/.test(l[i] as string)) return true;\n    return false;',
        "    return l.replace(/^(>\\s?)*/, '').trim() !== '';",
      ],
    ],
    tests: [[L, 'one paragraph of n bold words']],
  },
  {
    guard: 'the limit scan counts a paragraph as it goes (made quadratic: re-joined per line)',
    edits: [
      [
        'src/core/limits.ts',
        'paragraph += line.length + 1;',
        "paragraph = lines.slice(paragraphStart, i + 1).join('\\n').length + 1;",
      ],
    ],
    tests: [[L, 'the limit check itself']],
  },
  // Durability: each fsync dropped (a power cut, not a SIGKILL, would show it: the test reads the
  // order of the calls).
  {
    guard: "an atomic write fsyncs its temp file's data before the rename",
    edits: [['src/store/atomic.ts', '    fsyncSync(fd);\n    closeSync(fd);', '    closeSync(fd);']],
    tests: [[D, 'an atomic write']],
  },
  {
    guard: 'an atomic write fsyncs the folder after the rename',
    edits: [['src/store/atomic.ts', '    pending.delete(tmp);\n    fsyncDir(dir);', '    pending.delete(tmp);']],
    tests: [[D, 'an atomic write']],
  },
  {
    guard: 'an append is fdatasynced before it returns',
    edits: [['src/store/log-writer.ts', '      writeAll(fd, bytes);\n      fdatasyncSync(fd);', '      writeAll(fd, bytes);']],
    tests: [[D, 'an append']],
  },
  {
    guard: "a new log's header is fdatasynced",
    edits: [
      [
        'src/store/log-writer.ts',
        'writeSync(fd, headerLine(this.device, new Date()));\n      fdatasyncSync(fd);',
        'writeSync(fd, headerLine(this.device, new Date()));',
      ],
    ],
    tests: [[D, 'an append']],
  },
  {
    guard: "a new log's folder entry is fsynced",
    edits: [['src/store/log-writer.ts', '      fsyncDir(this.logsDir);\n', '']],
    tests: [[D, 'an append']],
  },
  // A kill inside a large write (the SIGKILL loop's random kills rarely land in one).
  {
    guard: 'atomic write: temp file, then rename (not the target written in place)',
    edits: [
      ['src/store/atomic.ts', "fd = openSync(tmp, 'wx', mode);", "fd = openSync(real, 'w', mode);"],
      ['src/store/atomic.ts', '    renameSync(tmp, real);\n', ''],
    ],
    cli: true,
    tests: [[W, 'export: the previous file']],
  },
  // The SIGKILL loop: the guards it exists for.
  {
    guard: 'every answer is on disk before the next card shows',
    edits: [['src/commands/study.ts', 'store.append(...step.events);', 'setTimeout(() => store.append(...step.events), 5000);']],
    cli: true,
    tests: [[K, 'kills lose nothing']],
  },
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
// `--only 'a|b'`: the rows whose guard or test names contain any of the words.
const words = only?.split('|');
const hit = (s) => words.some((w) => s.includes(w));
const rows = MUTATIONS.filter((m) => !words || hit(m.guard) || m.tests.some(([f, n]) => hit(f) || hit(n)));

// `--check`: only verifies that every edit still matches the source (a quick guard for the table).
// A row's edits are applied in order, as a run applies them: an edit is checked against the text
// the earlier edits of its row left (not the pristine file), so one that matches only text an
// earlier edit removed is stale.
if (args.includes('--check')) {
  let stale = 0;
  for (const m of rows) {
    const texts = new Map();
    for (const [file, find, replace, all] of m.edits) {
      const text = texts.get(file) ?? readFileSync(join(ROOT, file), 'utf8');
      const n = text.split(find).length - 1;
      if (n === 0 || (n > 1 && all !== 'all')) {
        stale++;
        console.log(`stale (${n} matches): ${m.guard} | ${file}`);
      }
      texts.set(file, text.split(find).join(replace));
    }
  }
  console.log(`${rows.length} guards, ${stale} stale edits`);
  process.exit(stale > 0 ? 1 : 0);
}

function sh(cmd, argv, cwd, timeoutS = 600) {
  return spawnSync(cmd, argv, { cwd, encoding: 'utf8', timeout: timeoutS * 1000, killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
}

/** A scratch copy of the repository's files (tracked and new), node_modules linked. */
function scratchCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-mut-'));
  const list = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT)
    .stdout.split('\0')
    .filter(Boolean);
  for (const f of list) {
    if (!existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs the named tests; returns each one's status ('passed', 'failed', 'skipped', 'missing', 'hung', 'crashed'). */
function runTests(dir, tests, timeoutS) {
  const files = [...new Set(tests.map(([f]) => f))];
  const out = join(dir, 'vitest-result.json');
  rmSync(out, { force: true });
  const pattern = tests.map(([, n]) => escapeRe(n)).join('|');
  // GNU timeout signals the whole process group: vitest's workers go too.
  const vitest = ['npx', 'vitest', 'run', ...files, `--testNamePattern=${pattern}`, '--reporter=json', `--outputFile=${out}`];
  const r = sh('timeout', ['-s', 'KILL', String(timeoutS), ...vitest], dir, timeoutS + 60);
  const hung = r.status === 137 || r.status === 124 || r.error !== undefined;
  // The tests were found unmutated (the baseline), so a run that ends in error without reporting
  // them crashed (a worker out of memory, say): they did not pass.
  const lost = r.status === 0 ? 'missing' : 'crashed';
  if (hung || !existsSync(out)) return tests.map(() => (hung ? 'hung' : lost));
  const results = JSON.parse(readFileSync(out, 'utf8')).testResults.flatMap((f) =>
    f.assertionResults.map((a) => ({ file: f.name, name: a.fullName, status: a.status })),
  );
  return tests.map(([f, n]) => {
    let hits = results.filter((a) => a.file.endsWith(f) && a.name.includes(n));
    if (hits.length > 1) hits = hits.filter((a) => a.name.endsWith(n));
    if (hits.length !== 1) return hits.length ? `ambiguous (${hits.length})` : lost;
    // Left pending in a run that ended in error: the worker died before reaching it.
    if (hits[0].status === 'pending') return r.status === 0 ? 'skipped' : 'crashed';
    return hits[0].status;
  });
}

const dir = scratchCopy();
const original = new Map();
const build = () => sh('node', ['scripts/build.mjs'], dir).status === 0;
let bad = 0;
try {
  // Every test must pass before any guard is touched, or a failure would prove nothing.
  build();
  const all = rows.flatMap((m) => m.tests);
  const base = runTests(dir, all, 900);
  // The size ladders time their runs: on a busy machine one can fail by chance. Those run again once.
  const again = all.filter((_, i) => base[i] !== 'passed');
  if (again.length) {
    const second = runTests(dir, again, 600);
    for (const [k, t] of again.entries()) base[all.indexOf(t)] = second[k];
  }
  const broken = all.filter((_, i) => base[i] !== 'passed');
  if (broken.length) {
    for (const [i, [f, n]] of all.entries()) if (base[i] !== 'passed') console.log(`BASELINE ${base[i]}: ${f} › ${n}`);
    process.exit(1);
  }
  for (const m of rows) {
    for (const [file, find, replace, all] of m.edits) {
      const path = join(dir, file);
      if (!original.has(path)) original.set(path, readFileSync(path, 'utf8'));
      const text = readFileSync(path, 'utf8');
      const n = text.split(find).length - 1;
      if (n === 0 || (n > 1 && all !== 'all')) {
        throw new Error(`${m.guard}: the edit's text occurs ${n} times in ${file} (the table is out of date)`);
      }
      writeFileSync(path, text.split(find).join(replace));
    }
    if (m.cli && !build()) throw new Error(`${m.guard}: the mutated source does not build`);
    let status = runTests(dir, m.tests, m.timeoutS ?? 240);
    // A crash (a worker out of memory) loses every test of the run: each is run alone to say which.
    if (m.tests.length > 1 && status.includes('crashed')) status = m.tests.map((t) => runTests(dir, [t], m.timeoutS ?? 240)[0]);
    for (const [i, [f, n]] of m.tests.entries()) {
      const s = status[i];
      const caught = s === 'failed' || s === 'hung' || s === 'crashed';
      if (!caught) bad++;
      console.log(
        `${caught ? 'caught  ' : 'SURVIVED'} | ${m.guard} | ${f.replace('test/hostile/', '')} › ${n}${s === 'failed' ? '' : ` (${s})`}`,
      );
    }
    for (const [path, text] of original) writeFileSync(path, text);
    original.clear();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${rows.reduce((n, m) => n + m.tests.length, 0)} rows, ${bad} survived`);
process.exit(bad > 0 ? 1 : 0);
