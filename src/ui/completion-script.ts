/**
 * Shell completion scripts for bash, zsh and fish, generated from a description of the commands
 * (taken from commander's own definitions, so a new command or option completes without edits
 * here). Topics, deck ids and card ids change with the decks: the scripts ask `llm-quiz __complete
 * KIND` for them at completion time. Pure: text in, text out.
 */

/** What a value (of an option or a positional argument) can be completed with. */
export type Values =
  | { kind: 'dynamic'; what: 'topics' | 'decks' | 'cards' }
  | { kind: 'words'; words: string[] }
  | { kind: 'files' }
  | { kind: 'none' };

export interface OptionSpec {
  /** `-t`, `--topic` … */
  flags: string[];
  description: string;
  /** Undefined for a switch (takes no value). */
  value?: Values;
}

export interface CommandSpec {
  /** Empty for the program itself (its options are the global ones). */
  name: string;
  description: string;
  options: OptionSpec[];
  /** What the positional arguments complete to (undefined: the command takes none). */
  args?: Values;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** A word list quoted for a shell's single-quoted string (commands and flags never hold quotes). */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The bash statement that fills COMPREPLY for a value; `$cur` is the word being completed. */
function bashValues(v: Values): string {
  switch (v.kind) {
    case 'dynamic':
      return `_llm_quiz_dynamic ${v.what}`;
    case 'words':
      return `COMPREPLY=($(compgen -W ${sq(v.words.join(' '))} -- "$cur"))`;
    case 'files':
      return `COMPREPLY=($(compgen -f -- "$cur"))`;
    case 'none':
      return 'COMPREPLY=()';
  }
}

/** The program (name '') and its subcommands. */
export function bashScript(program: CommandSpec, commands: CommandSpec[]): string {
  const globalsWithValue = program.options.filter((o) => o.value);
  const valueCases: string[] = [];
  for (const c of commands)
    for (const o of c.options)
      if (o.value) valueCases.push(`    ${o.flags.map((f) => `"${c.name} ${f}"`).join('|')}) ${bashValues(o.value)}; return;;`);
  for (const o of globalsWithValue)
    valueCases.push(`    ${o.flags.map((f) => `*" ${f}"`).join('|')}) ${bashValues(o.value as Values)}; return;;`);
  const optionCases = [program, ...commands].map(
    (c) => `    ${c.name === '' ? '""' : c.name}) opts=${sq(c.options.flatMap((o) => o.flags).join(' '))};;`,
  );
  const argCases = commands
    .filter((c) => c.args && c.args.kind !== 'none')
    .map((c) => `    ${c.name}) ${bashValues(c.args as Values)};;`);
  const names = commands.map((c) => c.name).join(' ');
  const skip = globalsWithValue.flatMap((o) => o.flags).join('|');
  return `# llm-quiz completion for bash. Load it with: source <(llm-quiz completion bash)
_llm_quiz_dynamic() {
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$(command llm-quiz "\${_llm_quiz_globals[@]}" __complete "$1" 2>/dev/null)" -- "$cur"))
}

_llm_quiz() {
  local cur prev cmd opts w i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev=""
  (( COMP_CWORD > 0 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  # Global options before the command are passed on, so ids come from the same --decks and --user.
  _llm_quiz_globals=()
  for (( i = 1; i < COMP_CWORD; i++ )); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      ${skip || '--'}) (( i + 1 < COMP_CWORD )) && _llm_quiz_globals+=("$w" "\${COMP_WORDS[i+1]}"); (( i++ )); continue;;
      -*) continue;;
    esac
    cmd="$w"
    break
  done
  case "$cmd $prev" in
${valueCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${optionCases.join('\n')}
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  case "$cmd" in
    "") COMPREPLY=($(compgen -W ${sq(names)} -- "$cur"));;
${argCases.join('\n')}
  esac
}

complete -F _llm_quiz llm-quiz
`;
}

/** zsh runs the bash function through its bash-completion emulation (one script to keep right). */
export function zshScript(program: CommandSpec, commands: CommandSpec[]): string {
  return `# llm-quiz completion for zsh. Load it with: source <(llm-quiz completion zsh)
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }
autoload -U +X bashcompinit && bashcompinit
${bashScript(program, commands).split('\n').slice(1).join('\n')}`;
}

function fishValues(v: Values): string {
  switch (v.kind) {
    case 'dynamic':
      return ` -r -f -a '(llm-quiz __complete ${v.what} 2>/dev/null)'`;
    case 'words':
      return ` -r -f -a ${sq(v.words.join(' '))}`;
    case 'files':
      return ' -r -F';
    case 'none':
      return ' -r -f';
  }
}

function fishOption(condition: string, o: OptionSpec): string {
  const flags = o.flags.map((f) => (f.startsWith('--') ? ` -l ${f.slice(2)}` : ` -s ${f.slice(1)}`)).join('');
  return `complete -c llm-quiz${condition}${flags}${o.value ? fishValues(o.value) : ''} -d ${sq(o.description)}`;
}

export function fishScript(program: CommandSpec, commands: CommandSpec[]): string {
  const lines = [
    '# llm-quiz completion for fish. Load it with: llm-quiz completion fish | source',
    'complete -c llm-quiz -f',
    ...program.options.map((o) => fishOption('', o)),
  ];
  for (const c of commands) {
    lines.push(`complete -c llm-quiz -n __fish_use_subcommand -a ${c.name} -d ${sq(c.description)}`);
    const cond = ` -n '__fish_seen_subcommand_from ${c.name}'`;
    for (const o of c.options) lines.push(fishOption(cond, o));
    if (c.args && c.args.kind !== 'none') lines.push(`complete -c llm-quiz${cond}${fishValues(c.args).replace(' -r', '')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, program: CommandSpec, commands: CommandSpec[]): string {
  if (shell === 'zsh') return zshScript(program, commands);
  if (shell === 'fish') return fishScript(program, commands);
  return bashScript(program, commands);
}
