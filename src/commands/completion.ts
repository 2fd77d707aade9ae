import type { Command, Option } from 'commander';
import { loadTopicMap } from '../store/topic-map-file.js';
import { type CommandSpec, completionScript, type OptionSpec, type Shell, type Values } from '../ui/completion-script.js';
import { type GlobalOptions, loadDecks, makeContext } from './shared/context.js';

/** What an option's value completes to, read from its definition (names shared across commands). */
function optionValues(o: Option): Values | undefined {
  if (!o.required && !o.optional) return undefined;
  if (o.argChoices) return { kind: 'words', words: [...o.argChoices] };
  if (o.long === '--topic') return { kind: 'dynamic', what: 'topics' };
  if (o.long === '--deck') return { kind: 'dynamic', what: 'decks' };
  if (o.long === '--decks' || o.long === '--output') return { kind: 'files' };
  return { kind: 'none' };
}

/** What a command's positional arguments complete to, from the first argument's name and choices. */
function argValues(cmd: Command): Values | undefined {
  const arg = cmd.registeredArguments[0];
  if (!arg) return undefined;
  if (arg.argChoices) return { kind: 'words', words: [...arg.argChoices] };
  if (arg.name() === 'id') return { kind: 'dynamic', what: 'cards' };
  if (['path', 'file'].includes(arg.name())) return { kind: 'files' };
  return { kind: 'none' };
}

function spec(cmd: Command, name: string): CommandSpec {
  // The help option is implicit in commander (not in `options`) but every command accepts it.
  const help = { flags: ['-h', '--help'], description: 'help' };
  const options: OptionSpec[] = cmd.options
    .filter((o) => !o.hidden)
    .map((o) => {
      const value = optionValues(o);
      return {
        flags: [o.short, o.long].filter((f): f is string => !!f),
        description: o.description,
        ...(value ? { value } : {}),
      };
    });
  const args = argValues(cmd);
  return { name, description: cmd.description(), options: [...options, help], ...(args ? { args } : {}) };
}

/** Prints the completion script for a shell, built from the program's own command definitions. */
export function runCompletion(shell: Shell, program: Command): void {
  const commands = program.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => spec(c, c.name()));
  commands.push({ name: 'help', description: 'help', options: [], args: { kind: 'words', words: commands.map((c) => c.name) } });
  process.stdout.write(completionScript(shell, spec(program, ''), commands));
}

export const COMPLETE_KINDS = ['topics', 'decks', 'cards'] as const;

/**
 * The candidates a completion script asks for, one a line: topic ids (from the topic map and the
 * cards), deck ids or card ids. Deck problems are not reported: a completion must stay quiet.
 */
export function runComplete(kind: (typeof COMPLETE_KINDS)[number], o: GlobalOptions): void {
  const ctx = makeContext(o);
  const col = loadDecks(ctx, true);
  const out = new Set<string>();
  if (kind === 'topics') {
    for (const id of loadTopicMap(ctx.sources).map?.topics.keys() ?? []) out.add(id);
    for (const c of col.cards) for (const topic of c.topics) out.add(topic);
  } else if (kind === 'decks') {
    for (const c of col.cards) out.add(c.deckId);
  } else {
    for (const c of col.cards) out.add(c.id);
  }
  process.stdout.write(
    [...out]
      .sort()
      .map((s) => `${s}\n`)
      .join(''),
  );
}
