import { readFileSync } from 'node:fs';
import chalk from 'chalk';
import { buildProgram, CommanderError } from './cli.js';
import { UserError } from './errors.js';
import { removeTempFiles } from './store/atomic.js';
import { packageRoot } from './store/paths.js';
// printable: messages can quote input files (a JSON parser's "Unexpected token" shows the first
// bytes), so control characters are shown as '?' and a crafted file cannot send escape codes.
import { detectLang, localizeText, printable, setLang, t } from './ui/messages.js';
import { setupColor } from './ui/term.js';

const FS_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'ENAMETOOLONG',
  'EMFILE',
]);
const FS_HINT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  ENOENT: 'cannot create this folder: is the disk read-only?',
};

/** The command named after `help` (global options and their values skipped), if any. */
function helpTopic(args: string[]): string | undefined {
  const withValue = new Set(['--user', '-u', '--decks', '--lang']);
  const words = args.filter((a, i) => !a.startsWith('-') && !withValue.has(args[i - 1] ?? ''));
  return words[0] === 'help' ? words[1] : undefined;
}

/** Runs the CLI; the only place that decides the process exit code. */
async function main(argv: string[]): Promise<number> {
  // `llm-quiz list | head` closes the pipe early: that is a normal way to stop reading, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const debug = argv.includes('--debug');
  // Writes are synchronous, so with a handler a signal is acted on between writes, never in the
  // middle of one (the default action would end the process there and leave a temp file).
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      removeTempFiles();
      process.exit(code);
    });
  }
  const langIdx = argv.indexOf('--lang');
  setLang(detectLang(langIdx >= 0 ? argv[langIdx + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7)));
  setupColor(argv.includes('--no-color'));
  let code = 0;
  try {
    const pkg = JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string };
    const program = buildProgram(pkg.version, (c) => {
      code = c;
    });
    // `help bogus` printed the general help and exited 0, as if it had been understood.
    const helpFor = helpTopic(argv.slice(2));
    if (helpFor !== undefined && !program.commands.some((c) => c.name() === helpFor || c.aliases().includes(helpFor))) {
      process.stderr.write(`${t('usage.unknownCommand', { a: helpFor })} ${t('usage.hint')}\n`);
      return 2;
    }
    // Asked for with no arguments at all, the help is the answer, not an error: stdout, exit 0.
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UserError) {
      // The label carries its own colon and spacing: 'error: ' in English, '错误：' in Chinese.
      const label = t('err.label');
      const message = localizeText(e.text, e.message);
      process.stderr.write(`${chalk.red(label.trimEnd())}${label.slice(label.trimEnd().length)}${printable(message)}\n`);
      return e.code;
    }
    // The file system refusing (a read-only disk, a full disk, no permission, LLM_QUIZ_HOME pointing
    // at a file) is the user's to fix, not a bug: say which path and what the system said.
    const fsError = e as NodeJS.ErrnoException;
    // Node's recursive mkdir reports a read-only file system as ENOENT.
    const mkdirFailed = fsError?.code === 'ENOENT' && fsError.syscall === 'mkdir';
    if (fsError?.code && (FS_CODES.has(fsError.code) || mkdirFailed)) {
      const label = t('err.label');
      const hint = FS_HINT[fsError.code];
      // A failed read or write of an open file carries no path: the data directory is the place to look.
      const path = fsError.path ?? process.env.LLM_QUIZ_HOME ?? t('fs.dataDir');
      const message = t('fs.error', { path, reason: hint ? `${fsError.code}, ${hint}` : fsError.code });
      process.stderr.write(`${chalk.red(label.trimEnd())}${label.slice(label.trimEnd().length)}${printable(message)}\n`);
      if (debug && fsError.stack) process.stderr.write(`${fsError.stack}\n`);
      return 1;
    }
    if (e instanceof Error && e.name === 'ExitPromptError') {
      process.stderr.write(`${t('interrupted')}\n`);
      return 130;
    }
    process.stderr.write(`${chalk.red(t('bug', { stack: debug ? '' : t('bug.debug') }))}\n`);
    process.stderr.write(`${printable(e instanceof Error ? e.message : String(e))}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 70;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
