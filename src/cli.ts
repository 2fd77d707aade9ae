import { Command, CommanderError, Option } from 'commander';
import type { GlobalOptions } from './commands/context.js';

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
    .showHelpAfterError('(run with --help for usage)')
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

  return program;
}

export { CommanderError };
