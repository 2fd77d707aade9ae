import { Argument, Command, CommanderError, Help, type HelpConfiguration, Option } from 'commander';
import type { GlobalOptions } from './commands/shared/context.js';
import { type MessageKey, t } from './ui/messages.js';
import { termWidth, width } from './ui/term.js';
import { localizeUsageError } from './ui/usage-errors.js';
import { wrapText } from './ui/wrap.js';

const collect = (value: string, prev: string[] = []) => [...prev, value];

function example(text: string): string {
  return `\n${t('cli.example')}\n  ${text.split('\n').join('\n  ')}\n`;
}

/** Commander's section headings, which it passes through `styleTitle`, in the message language. */
const HEADINGS: Record<string, MessageKey> = {
  'Usage:': 'cli.heading.usage',
  'Arguments:': 'cli.heading.arguments',
  'Options:': 'cli.heading.options',
  'Global Options:': 'cli.heading.globalOptions',
  'Commands:': 'cli.heading.commands',
};

/**
 * Help layout in the message language that fits the terminal. Commander measures text with
 * `.length` and wraps only at spaces, so a Chinese description (2 columns a character, no spaces)
 * would run past the edge as one long line: measuring and wrapping use the CJK-aware helpers.
 */
function helpConfig(): HelpConfiguration {
  return {
    // List commands by name only: with their arguments the first column grew to 44 characters and
    // commander stopped wrapping the descriptions, so `--help` was ~150 columns wide.
    subcommandTerm: (cmd) => cmd.name(),
    helpWidth: Math.min(termWidth(), 100),
    displayWidth: (str) => width(str),
    boxWrap(this: Help, str, max) {
      return max < this.minWidthToWrap ? str : wrapText(str, max);
    },
    // The usage line's `[options]` / `[command]` placeholders in the message language.
    commandUsage(this: Help, cmd) {
      return Help.prototype.commandUsage
        .call(this, cmd)
        .replace('[options]', t('cli.usage.options'))
        .replace('[command]', t('cli.usage.command'));
    },
    styleTitle: (title) => {
      const key = HEADINGS[title];
      return key ? t(key) : title;
    },
    // Commander appends "(choices: …, default: …)" in English; the same facts, worded from the catalogue.
    optionDescription(this: Help, option) {
      // Preset and env extras are not used here; should one appear, commander's wording still shows it.
      if (option.envVar !== undefined || (option.presetArg !== undefined && option.optional))
        return Help.prototype.optionDescription.call(this, option);
      const extra: string[] = [];
      if (option.argChoices) {
        const list = option.argChoices.map((c) => JSON.stringify(c)).join(t('cli.extra.listSep'));
        extra.push(t('cli.extra.choices', { list }));
      }
      if (option.defaultValue !== undefined && (option.required || option.optional)) {
        const value = option.defaultValueDescription || JSON.stringify(option.defaultValue);
        extra.push(t('cli.extra.default', { value }));
      }
      if (extra.length === 0) return option.description;
      return t('cli.extra', { text: option.description, extra: extra.join(t('cli.extra.sep')) });
    },
  };
}

/** Declares the commands; each action lazy-imports its module and returns an exit code. */
export function buildProgram(version: string, setCode: (code: number) => void): Command {
  const program = new Command('llm-quiz');
  program
    .description(t('cli.description'))
    .version(version, '-V, --version', t('cli.version'))
    // Set before the subcommands are declared: they copy the help option and configuration.
    .helpOption('-h, --help', t('cli.helpOption'))
    .helpCommand('help [command]', t('cli.helpCommand'))
    .option('--user <name>', t('cli.opt.user'))
    .option('--decks <dir>', t('cli.opt.decks'), collect)
    .addOption(new Option('--lang <lang>', t('cli.opt.lang')).choices(['en', 'zh']))
    .option('--no-color', t('cli.opt.noColor'))
    .option('--no-pager', t('cli.opt.noPager'))
    .option('--debug', t('cli.opt.debug'))
    // `-v` is what most tools take for the version; `-V` (commander's) stays the documented one.
    .addOption(new Option('-v').hideHelp())
    .showHelpAfterError(t('usage.hint'))
    .configureOutput({ outputError: (str, write) => write(localizeUsageError(str)) })
    .configureHelp(helpConfig())
    .exitOverride();

  const globals = (cmd: Command) => cmd.optsWithGlobals() as GlobalOptions & Record<string, unknown>;

  program
    .command('study')
    .description(t('cli.study.desc'))
    .option('-t, --topic <topic>', t('cli.opt.topic'), collect)
    .option('-d, --deck <id>', t('cli.opt.deck'), collect)
    .option('--new <n>', t('cli.study.new'))
    .option('--limit <n>', t('cli.study.limit'))
    .option('--cram', t('cli.study.cram'))
    .option('--type', t('cli.study.type'))
    .option('--until <date>', t('cli.study.until'))
    .addHelpText(
      'after',
      example('llm-quiz study\nllm-quiz study --topic quantization --new 5\nllm-quiz study --deck transformer --cram'),
    )
    .action(async (_o, cmd: Command) => {
      const { runStudy } = await import('./commands/study.js');
      setCode(await runStudy(globals(cmd)));
    });

  program
    .command('plan')
    .description(t('cli.plan.desc'))
    .option('--until <date>', t('cli.plan.until'))
    .option('-t, --topic <topic>', t('cli.opt.topic'), collect)
    .option('-d, --deck <id>', t('cli.opt.deck'), collect)
    .option('--minutes-per-day <m>', t('cli.plan.minutes'))
    .option('--target <recall>', t('cli.plan.target'))
    .option('--clear', t('cli.plan.clear'))
    .option('--dry-run', t('cli.plan.dryRun'))
    .option('--json', t('cli.opt.json'))
    .addHelpText(
      'after',
      example('llm-quiz plan --until 2026-12-20 --topic attention --minutes-per-day 30\nllm-quiz plan\nllm-quiz plan --clear'),
    )
    .action(async (_o, cmd: Command) => {
      const { runPlan } = await import('./commands/plan.js');
      setCode(await runPlan(globals(cmd)));
    });

  program
    .command('interview')
    .description(t('cli.interview.desc'))
    .option('-t, --topic <topic>', t('cli.opt.topic'), collect)
    .option('-d, --deck <id>', t('cli.opt.deck'), collect)
    .option('--questions <n>', t('cli.interview.questions'))
    .option('--minutes <m>', t('cli.interview.minutes'))
    .option('--no-schedule', t('cli.interview.noSchedule'))
    .option('--spoken', t('cli.interview.spoken'))
    .option('--history', t('cli.interview.history'))
    .option('--markdown', t('cli.interview.markdown'))
    .addHelpText(
      'after',
      example(
        'llm-quiz interview --topic rag --topic kv-cache --questions 5\nllm-quiz interview --minutes 20 --spoken\nllm-quiz interview --history',
      ),
    )
    .action(async (_o, cmd: Command) => {
      const { runInterview } = await import('./commands/interview.js');
      setCode(await runInterview(globals(cmd)));
    });

  program
    .command('list')
    .description(t('cli.list.desc'))
    .option('-t, --topic <topic>', t('cli.opt.topic'), collect)
    .option('-d, --deck <id>', t('cli.opt.deck'), collect)
    .option('-s, --state <state>', t('cli.list.state'), collect)
    .option('--due', t('cli.list.due'))
    .option('--search <text>', t('cli.list.search'))
    .option('--sort <order>', t('cli.list.sort'))
    .option('--json', t('cli.opt.json'))
    .addHelpText('after', example('llm-quiz list --topic quantization\nllm-quiz list --due --json\nllm-quiz list --sort recall'))
    .action(async (_o, cmd: Command) => {
      const { runList } = await import('./commands/list.js');
      await runList(globals(cmd));
    });

  program
    .command('topics')
    .description(t('cli.topics.desc'))
    .option('--json', t('cli.opt.json'))
    .addHelpText('after', example('llm-quiz topics --json'))
    .action(async (_o, cmd: Command) => {
      const { runTopics } = await import('./commands/topics.js');
      await runTopics(globals(cmd));
    });

  program
    .command('check')
    .description(t('cli.check.desc'))
    .argument('[path...]', t('cli.check.path'))
    .option('--fix', t('cli.check.fix'))
    .addHelpText('after', example('llm-quiz check decks/\nllm-quiz check my-deck.md --fix'))
    .action(async (paths: string[], _o, cmd: Command) => {
      const { runCheck } = await import('./commands/check.js');
      setCode(await runCheck(paths, globals(cmd)));
    });

  program
    .command('stats')
    .description(t('cli.stats.desc'))
    .option('-t, --topic <topic>', t('cli.opt.topic'), collect)
    .option('--json', t('cli.opt.json'))
    .addHelpText('after', example('llm-quiz stats\nllm-quiz stats --topic quantization --json'))
    .action(async (_o, cmd: Command) => {
      const { runStats } = await import('./commands/stats.js');
      await runStats(globals(cmd));
    });

  program
    .command('forecast')
    .description(t('cli.forecast.desc'))
    .option('-t, --topic <topic>', t('cli.opt.topic'), collect)
    .option('-d, --deck <id>', t('cli.opt.deck'), collect)
    .option('--retention <list>', t('cli.forecast.retention'))
    .option('--days <n>', t('cli.forecast.days'))
    .option('--json', t('cli.opt.json'))
    .addHelpText('after', example('llm-quiz forecast\nllm-quiz forecast --retention 0.85,0.9,0.95'))
    .action(async (_o, cmd: Command) => {
      const { runForecast } = await import('./commands/forecast.js');
      await runForecast(globals(cmd));
    });

  program
    .command('reschedule')
    .description(t('cli.reschedule.desc'))
    .option('-t, --topic <topic>', t('cli.opt.topic'), collect)
    .option('-d, --deck <id>', t('cli.opt.deck'), collect)
    .option('--dry-run', t('cli.reschedule.dryRun'))
    .option('--undo', t('cli.reschedule.undo'))
    .option('--json', t('cli.opt.json'))
    .addHelpText('after', example('llm-quiz reschedule --dry-run\nllm-quiz reschedule\nllm-quiz reschedule --undo'))
    .action(async (_o, cmd: Command) => {
      const { runReschedule } = await import('./commands/reschedule.js');
      setCode(await runReschedule(globals(cmd)));
    });

  program
    .command('set-due')
    .description(t('cli.setdue.desc'))
    .argument('<id>', t('cli.setdue.id'))
    .argument('<days>', t('cli.setdue.days'))
    .addHelpText('after', example('llm-quiz set-due attn-kv-cache 3'))
    .action(async (id: string, days: string, _o, cmd: Command) => {
      const { runSetDue } = await import('./commands/set-due.js');
      setCode(await runSetDue(id, days, globals(cmd)));
    });

  program
    .command('add')
    .description(t('cli.add.desc'))
    .argument('[question]', t('cli.add.question'))
    .argument('[answer]', t('cli.add.answer'))
    .option('-t, --topic <topic>', t('cli.add.topic'), collect)
    .addHelpText('after', example('llm-quiz add "What does GQA share?" "K and V, per group." -t attention\nllm-quiz add'))
    .action(async (question: string | undefined, answer: string | undefined, _o, cmd: Command) => {
      const { runAdd } = await import('./commands/add.js');
      setCode(await runAdd(question, answer, globals(cmd)));
    });

  program
    .command('show')
    .description(t('cli.show.desc'))
    .argument('<id>', t('cli.setdue.id'))
    .option('--json', t('cli.opt.json'))
    .addHelpText('after', example('llm-quiz show attn-kv-cache'))
    .action(async (id: string, _o, cmd: Command) => {
      const { runShow } = await import('./commands/show.js');
      setCode(await runShow(id, globals(cmd)));
    });

  program
    .command('edit')
    .description(t('cli.edit.desc'))
    .argument('<id>', t('cli.setdue.id'))
    .addHelpText('after', example('llm-quiz edit attn-kv-cache'))
    .action(async (id: string, _o, cmd: Command) => {
      const { runEdit } = await import('./commands/edit.js');
      setCode(await runEdit(id, globals(cmd)));
    });

  program
    .command('forget')
    .description(t('cli.forget.desc'))
    .argument('<id>', t('cli.setdue.id'))
    .addHelpText('after', example('llm-quiz forget attn-kv-cache'))
    .action(async (id: string, _o, cmd: Command) => {
      const { runForget } = await import('./commands/set-due.js');
      setCode(await runForget(id, globals(cmd)));
    });

  program
    .command('config')
    .description(t('cli.config.desc'))
    .argument('[action]', t('cli.config.action'))
    .argument('[key]', t('cli.config.key'))
    .argument('[value...]', t('cli.config.value'))
    .option('-d, --deck <id>', t('cli.config.deck'))
    .option('--json', t('cli.opt.json'))
    .addHelpText(
      'after',
      example(
        'llm-quiz config list\nllm-quiz config get desired_retention\nllm-quiz config set desired_retention 0.85\nllm-quiz config set learning_steps 1m 10m\nllm-quiz config reset fsrs_params\nllm-quiz config --deck coding set desired_retention 0.85',
      ),
    )
    .action(async (action: string | undefined, key: string | undefined, value: string[], _o, cmd: Command) => {
      const { runConfig } = await import('./commands/config.js');
      setCode(await runConfig(action, key, value, globals(cmd)));
    });

  program
    .command('optimize')
    .description(t('cli.optimize.desc'))
    .option('--dry-run', t('cli.optimize.dryRun'))
    .option('--json', t('cli.opt.json'))
    .addHelpText('after', example('llm-quiz optimize --dry-run\nllm-quiz optimize'))
    .action(async (_o, cmd: Command) => {
      const { runOptimize } = await import('./commands/optimize.js');
      setCode(await runOptimize(globals(cmd)));
    });

  program
    .command('users')
    .description(t('cli.users.desc'))
    .option('--json', t('cli.opt.json'))
    .addHelpText('after', example(`llm-quiz users\nllm-quiz --user alice study   # ${t('cli.users.exampleNote')}`))
    .action(async (_o, cmd: Command) => {
      const { runUsers } = await import('./commands/users.js');
      await runUsers(globals(cmd));
    });

  program
    .command('export')
    .description(t('cli.export.desc'))
    .addOption(new Option('--format <format>', t('cli.export.format')).choices(['json', 'csv', 'anki']).default('json'))
    .option('-o, --output <file>', t('cli.export.output'))
    .option('--force', t('cli.export.force'))
    .option('-d, --deck <id>', t('cli.export.deck'), collect)
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
    .description(t('cli.importProgress.desc'))
    .argument('<file>', t('cli.importProgress.file'))
    .option('--dry-run', t('cli.importProgress.dryRun'))
    .option('--json', t('cli.importProgress.json'))
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
    .description(t('cli.import.desc'))
    .argument('<path...>', t('cli.import.path'))
    .addOption(
      new Option('--format <format>', t('cli.import.format'))
        .choices(['auto', 'deck', 'qa', 'anki', 'csv', 'obsidian', 'hashcards', 'orgdrill', 'crowdanki', 'apkg'])
        .default('auto'),
    )
    .option('--deck-id <id>', t('cli.import.deckId'))
    .option('--yes', t('cli.import.yes'))
    .option('--topic <topic>', t('cli.import.topic'), collect)
    .option('--dry-run', t('cli.import.dryRun'))
    .option('--json', t('cli.import.json'))
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
      .description(t(action === 'suspend' ? 'cli.suspend.desc' : 'cli.unsuspend.desc'))
      .argument('<id...>', t('cli.suspend.ids'))
      .addHelpText('after', example(`llm-quiz ${action} quant-ptq-vs-qat`))
      .action(async (ids: string[], _o, cmd: Command) => {
        const { runSuspend } = await import('./commands/suspend.js');
        setCode(await runSuspend(ids, action, globals(cmd)));
      });
  }

  program
    .command('completion')
    .description(t('cli.completion.desc'))
    .addArgument(new Argument('<shell>', t('cli.completion.shell')).choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', example('llm-quiz completion fish | source\nsource <(llm-quiz completion bash)'))
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      const { runCompletion } = await import('./commands/completion.js');
      runCompletion(shell, program);
    });

  // Called back by the completion scripts for topics, deck ids and card ids; not for people.
  program
    .command('__complete', { hidden: true })
    .addArgument(new Argument('<kind>').choices(['topics', 'decks', 'cards']))
    .action(async (kind: 'topics' | 'decks' | 'cards', _o, cmd: Command) => {
      const { runComplete } = await import('./commands/completion.js');
      runComplete(kind, globals(cmd));
    });

  program.on('option:v', () => {
    process.stdout.write(`${version}\n`);
    throw new CommanderError(0, 'commander.version', version);
  });

  return program;
}

export { CommanderError };
