import { Command, CommanderError, Option } from 'commander';
import type { GlobalOptions } from './commands/context.js';
import { t } from './ui/messages.js';
import { localizeUsageError } from './ui/usage-errors.js';

const collect = (value: string, prev: string[] = []) => [...prev, value];

function example(text: string): string {
  return `\nExample:\n  ${text.split('\n').join('\n  ')}\n`;
}

/** Declares the commands; each action lazy-imports its module and returns an exit code. */
export function buildProgram(version: string, setCode: (code: number) => void): Command {
  const program = new Command('llm-quiz');
  program
    .description('Spaced-repetition flashcards for LLM and deep-learning interview questions (FSRS).')
    .version(version, '-V, --version')
    .option('--user <name>', 'whose progress to use (default: $LLM_QUIZ_USER or "default")')
    .option('--decks <dir>', 'also load decks from this folder (repeatable)', collect)
    .addOption(new Option('--lang <lang>', 'language of messages').choices(['en', 'zh']))
    .option('--no-color', 'disable colour (also: NO_COLOR, or output not a terminal)')
    .option('--debug', 'show stack traces of unexpected errors')
    .showHelpAfterError(t('usage.hint'))
    .configureOutput({ outputError: (str, write) => write(localizeUsageError(str)) })
    // List commands by name only: with their arguments the first column grew to 44 characters and
    // commander stopped wrapping the descriptions, so `--help` was ~150 columns wide.
    .configureHelp({ subcommandTerm: (cmd) => cmd.name(), helpWidth: Math.min(process.stdout.columns || 80, 100) })
    .exitOverride();

  const globals = (cmd: Command) => cmd.optsWithGlobals() as GlobalOptions & Record<string, unknown>;

  program
    .command('study')
    .description("today's reviews and new cards, scheduled by FSRS")
    .option('-t, --topic <topic>', 'only cards with this topic (repeatable)', collect)
    .option('-d, --deck <id>', 'only cards of this deck (repeatable)', collect)
    .option('--new <n>', "new cards allowed today (default: the user's new_per_day)")
    .option('--limit <n>', "reviews allowed today (default: the user's reviews_per_day)")
    .option('--cram', 'review the selection regardless of due dates, without changing the schedule')
    .option('--type', 'type your answer before seeing the reference answer')
    .addHelpText(
      'after',
      example('llm-quiz study\nllm-quiz study --topic quantization --new 5\nllm-quiz study --deck transformer --cram'),
    )
    .action(async (_o, cmd: Command) => {
      const { runStudy } = await import('./commands/study.js');
      setCode(await runStudy(globals(cmd)));
    });

  program
    .command('list')
    .description('list cards, filtered by topic, deck, state, due date or text')
    .option('-t, --topic <topic>', 'only cards with this topic (repeatable)', collect)
    .option('-d, --deck <id>', 'only cards of this deck (repeatable)', collect)
    .option('-s, --state <state>', 'new, learning, review or relearning (repeatable)', collect)
    .option('--due', 'only cards due now')
    .option('--search <text>', 'only cards whose text contains this')
    .option('--json', 'print JSON')
    .addHelpText('after', example('llm-quiz list --topic quantization\nllm-quiz list --due --json'))
    .action(async (_o, cmd: Command) => {
      const { runList } = await import('./commands/list.js');
      await runList(globals(cmd));
    });

  program
    .command('topics')
    .description('each topic with its number of cards and of cards due now')
    .option('--json', 'print JSON')
    .addHelpText('after', example('llm-quiz topics --json'))
    .action(async (_o, cmd: Command) => {
      const { runTopics } = await import('./commands/topics.js');
      await runTopics(globals(cmd));
    });

  program
    .command('check')
    .description('validate deck files (default: all decks) and the progress store')
    .argument('[path...]', 'deck files or folders')
    .option('--fix', 'write missing card ids into the files (changes nothing else)')
    .addHelpText('after', example('llm-quiz check decks/\nllm-quiz check my-deck.md --fix'))
    .action(async (paths: string[], _o, cmd: Command) => {
      const { runCheck } = await import('./commands/check.js');
      setCode(await runCheck(paths, globals(cmd)));
    });

  program
    .command('stats')
    .description('progress: today, streak, true retention, topics, due forecast, review heatmap')
    .option('-t, --topic <topic>', 'only cards with this topic (repeatable)', collect)
    .option('--json', 'print JSON')
    .addHelpText('after', example('llm-quiz stats\nllm-quiz stats --topic quantization --json'))
    .action(async (_o, cmd: Command) => {
      const { runStats } = await import('./commands/stats.js');
      await runStats(globals(cmd));
    });

  program
    .command('config')
    .description("show or change this user's settings (list, get KEY, set KEY VALUE, reset KEY)")
    .argument('[action]', 'list (default), get, set or reset')
    .argument('[key]', 'setting name, e.g. desired_retention')
    .argument('[value...]', 'new value (set only)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      example(
        'llm-quiz config list\nllm-quiz config get desired_retention\nllm-quiz config set desired_retention 0.85\nllm-quiz config set learning_steps 1m 10m\nllm-quiz config reset fsrs_params',
      ),
    )
    .action(async (action: string | undefined, key: string | undefined, value: string[], _o, cmd: Command) => {
      const { runConfig } = await import('./commands/config.js');
      setCode(await runConfig(action, key, value, globals(cmd)));
    });

  program
    .command('optimize')
    .description('fit FSRS parameters to your review history; adopt them only if they predict it better')
    .option('--dry-run', 'fit and compare, but change nothing')
    .option('--json', 'print JSON')
    .addHelpText('after', example('llm-quiz optimize --dry-run\nllm-quiz optimize'))
    .action(async (_o, cmd: Command) => {
      const { runOptimize } = await import('./commands/optimize.js');
      setCode(await runOptimize(globals(cmd)));
    });

  program
    .command('users')
    .description('list the users in the data directory (* marks the current one)')
    .option('--json', 'print JSON')
    .addHelpText('after', example('llm-quiz users\nllm-quiz --user alice study   # a new name creates that user'))
    .action(async (_o, cmd: Command) => {
      const { runUsers } = await import('./commands/users.js');
      await runUsers(globals(cmd));
    });

  program
    .command('export')
    .description("export the user's progress (json, csv: one row per review) or the cards for Anki")
    .addOption(new Option('--format <format>', 'what to write').choices(['json', 'csv', 'anki']).default('json'))
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .option('--force', 'replace the output file if it exists')
    .option('-d, --deck <id>', 'anki: only cards of this deck (repeatable)', collect)
    .addHelpText(
      'after',
      example(
        'llm-quiz export -o progress.json\nllm-quiz export --format csv -o reviews.csv\nllm-quiz export --format anki --deck quantization -o anki.txt',
      ),
    )
    .action(async (_o, cmd: Command) => {
      const { runExport } = await import('./commands/export.js');
      await runExport(globals(cmd));
    });

  program
    .command('import-progress')
    .description('merge a json export into the user (by event id: importing twice changes nothing)')
    .argument('<file>', 'a file written by `llm-quiz export`')
    .option('--dry-run', 'show what would change, write nothing')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      example('llm-quiz import-progress progress.json --dry-run\nllm-quiz --user alice import-progress progress.json'),
    )
    .action(async (file: string, _o, cmd: Command) => {
      const { runImportProgress } = await import('./commands/import-progress.js');
      setCode(await runImportProgress(file, globals(cmd)));
    });

  program
    .command('import')
    .description('import decks: our Markdown decks, Q&A posts, Anki text exports, CSV (all checked before anything is written)')
    .argument('<path...>', 'files or folders to import')
    .addOption(new Option('--format <format>', 'input format').choices(['auto', 'deck', 'qa', 'anki', 'csv']).default('auto'))
    .option('--deck-id <id>', 'id of the deck created (when the import makes one deck)')
    .option('--topic <topic>', 'add this topic to every imported deck (repeatable)', collect)
    .option('--dry-run', 'show what would be imported, write nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      example(
        'llm-quiz import interview-post.md --topic llm\nllm-quiz import anki-notes.txt --dry-run\nllm-quiz import questions.csv --deck-id my-questions',
      ),
    )
    .action(async (paths: string[], _o, cmd: Command) => {
      const { runImport } = await import('./commands/import.js');
      setCode(await runImport(paths, globals(cmd)));
    });

  for (const action of ['suspend', 'unsuspend'] as const) {
    program
      .command(action)
      .description(
        action === 'suspend'
          ? 'keep cards out of study until unsuspended'
          : 'let suspended cards (e.g. leeches) come back to study',
      )
      .argument('<id...>', 'card ids (see `llm-quiz list`)')
      .addHelpText('after', example(`llm-quiz ${action} quant-ptq-vs-qat`))
      .action(async (ids: string[], _o, cmd: Command) => {
        const { runSuspend } = await import('./commands/suspend.js');
        setCode(await runSuspend(ids, action, globals(cmd)));
      });
  }

  return program;
}

export { CommanderError };
