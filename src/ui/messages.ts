/** Every user-facing message, in English and Simplified Chinese. Command areas keep theirs in messages/. */
import { fillTemplate } from '../core/problems.js';
import { formatProblem, type Problem, type ProblemParams } from '../errors.js';
import * as cliMsgs from './messages/cli.js';
import * as dailyMsgs from './messages/daily.js';
import * as exportMsgs from './messages/export.js';
import * as importMsgs from './messages/import.js';
import * as interviewMsgs from './messages/interview.js';
import * as planMsgs from './messages/plan.js';
import * as problemMsgs from './messages/problems.js';
import * as statsMsgs from './messages/stats.js';
import * as studyMsgs from './messages/study.js';
import { selectPlurals } from './plural.js';
import { sanitize, sanitizeLine } from './sanitize.js';

export type Lang = 'en' | 'zh';

const base = {
  'err.prefix': 'error',
  'warn.prefix': 'warning',
  'err.label': 'error: ',
  'usage.hint': '(run with --help for usage)',
  'fs.error':
    'cannot use {path} ({reason}). Check the path (LLM_QUIZ_HOME, --decks), its permissions and free space; answers already saved are kept.',
  'fs.dataDir': 'the data directory (see `llm-quiz users`)',
  'usage.unknownOption': "unknown option '{a}'",
  'usage.unknownCommand': "unknown command '{a}'",
  'usage.missingArgument': "missing required argument '{a}'",
  'usage.optionMissingArgument': "option '{a}' needs a value",
  'usage.invalidChoice': "option '{a}' does not accept '{b}'; allowed: {c}",
  'usage.tooMany': "too many arguments for '{a}': expected {b}, got {c}",
  bug: 'llm-quiz hit a bug. Please report it with the command you ran{stack}.',
  'bug.debug': ' (run again with --debug to see the stack trace)',
  interrupted: 'Interrupted.',
  'list.empty': 'No cards match.',
  'list.count': '{n, plural, one {# card} other {# cards}}',
  'list.header.id': 'ID',
  'list.header.deck': 'DECK',
  'list.header.topics': 'TOPICS',
  'list.header.state': 'STATE',
  'list.header.due': 'DUE',
  'list.header.question': 'QUESTION',
  'list.noanswer': '[no answer yet]',
  'topic.unknown': "unknown topic '{topic}'.{suggest} Run `llm-quiz topics` to see them all.",
  'topic.suggest': ' Did you mean: {list}?',
  'deck.unknown': "unknown deck '{deck}'. Known decks: {list}.",
  'state.unknown': "unknown state '{state}': use new, learning, review, relearning, suspended, buried, leech or draft.",
  'list.badSort': "unknown order '{value}': use --sort recall.",
  'topics.header.topic': 'TOPIC',
  'topics.header.cards': 'CARDS',
  'topics.header.due': 'DUE',
  'topics.header.about': 'ABOUT',
  'check.ok': '{decks, plural, one {# deck} other {# decks}}, {cards, plural, one {# card} other {# cards}}: no problems.',
  'check.summary':
    '{decks, plural, one {# deck} other {# decks}}, {cards, plural, one {# card} other {# cards}}: {errors, plural, one {# error} other {# errors}}, {warnings, plural, one {# warning} other {# warnings}}.',
  'check.fixed': '{file}: wrote {n} card ids.',
  'check.torn':
    '{file}: {n, plural, one {# torn last line} other {# torn last lines}} ignored (a crash while writing; the reviews before it are kept).',
  'check.orphans': 'user {user}: progress kept for {n, plural, one {# card that is} other {# cards that are}} in no deck: {list}',
  'decks.problems': '{n, plural, one {# problem} other {# problems}} in deck files; run `llm-quiz check` for details.',
  nodecks: 'No decks found. Looked in: {dirs}.',
  'decks.missing': '--decks {path}: no such folder. Give a folder of deck files (or one .md deck).',
  'decks.notDeck': '--decks {path}: not a folder or a .md deck file. To bring in other formats, use `llm-quiz import`.',
  'check.noPath': '{path}: no such file or folder',
  'check.nothing': '{path}: no deck files (.md) found',
  'user.invalid': "invalid user name '{name}': use 1-64 letters, digits, '.', '_' or '-' (no '/', no '..')",
  'user.reserved': "invalid user name '{name}': con, prn, aux, nul, com1-9 and lpt1-9 are reserved for devices on Windows",
  'user.empty': '--user is empty: give a user name, or leave the option out to use $LLM_QUIZ_USER or "default"',
  'state.new': 'new',
  'state.learning': 'learning',
  'state.review': 'review',
  'state.relearning': 'relearning',
  'state.suspended': 'suspended',
  'state.buried': 'buried',
  'card.unknown': "unknown card id '{id}'.{suggest} Run `llm-quiz list --search TEXT` to find ids.",
  'card.suspended': 'Suspended {id}: study will not show it until `llm-quiz unsuspend {id}`.',
  'card.unsuspended': 'Unsuspended {id}: study shows it again when it is due.',
  'card.already.suspended': '{id} is already suspended.',
  'card.already.active': '{id} is not suspended.',
  'due.now': 'now',
  'users.none': 'No users yet; one is created the first time you study.',
} as const;

/**
 * Each language is a list of parts (one per command area), looked up in turn. Merging them into
 * one object per language would copy ~780 entries twice on every start of every command.
 */
const enParts = [
  base,
  cliMsgs.en,
  dailyMsgs.en,
  studyMsgs.en,
  importMsgs.en,
  exportMsgs.en,
  statsMsgs.en,
  problemMsgs.en,
  planMsgs.en,
  interviewMsgs.en,
] as const;

export type MessageKey =
  | keyof typeof base
  | keyof typeof cliMsgs.en
  | keyof typeof dailyMsgs.en
  | keyof typeof studyMsgs.en
  | keyof typeof importMsgs.en
  | keyof typeof exportMsgs.en
  | keyof typeof statsMsgs.en
  | keyof typeof problemMsgs.en
  | keyof typeof planMsgs.en
  | keyof typeof interviewMsgs.en;

const baseZh: Record<keyof typeof base, string> = {
  'err.prefix': '错误',
  'warn.prefix': '警告',
  'err.label': '错误：',
  'usage.hint': '（加 --help 查看用法）',
  'fs.error': '无法使用 {path}（{reason}）。请检查路径（LLM_QUIZ_HOME、--decks）、权限和磁盘空间；已保存的答案不受影响。',
  'fs.dataDir': '数据目录（见 `llm-quiz users`）',
  'usage.unknownOption': '未知选项 “{a}”',
  'usage.unknownCommand': '未知命令 “{a}”',
  'usage.missingArgument': '缺少必需的参数 “{a}”',
  'usage.optionMissingArgument': '选项 “{a}” 需要一个值',
  'usage.invalidChoice': '选项 “{a}” 不接受 “{b}”；可选：{c}',
  'usage.tooMany': '“{a}” 的参数太多：应为 {b} 个，实际 {c} 个',
  bug: 'llm-quiz 遇到了程序错误。请连同所运行的命令一起报告{stack}。',
  'bug.debug': '（加 --debug 重新运行可看到堆栈）',
  interrupted: '已中断。',
  'list.empty': '没有匹配的卡片。',
  'list.count': '共 {n} 张卡片',
  'list.header.id': 'ID',
  'list.header.deck': '卡组',
  'list.header.topics': '主题',
  'list.header.state': '状态',
  'list.header.due': '到期',
  'list.header.question': '问题',
  'list.noanswer': '[尚无答案]',
  'topic.unknown': '未知主题 “{topic}”。{suggest}运行 `llm-quiz topics` 查看全部主题。',
  'topic.suggest': '你是不是想找：{list}？',
  'deck.unknown': '未知卡组 “{deck}”。已有卡组：{list}。',
  'state.unknown': '未知状态 “{state}”：可用 new、learning、review、relearning、suspended、buried、leech、draft。',
  'list.badSort': '未知排序 “{value}”：请用 --sort recall。',
  'topics.header.topic': '主题',
  'topics.header.cards': '卡片',
  'topics.header.due': '到期',
  'topics.header.about': '说明',
  'check.ok': '{decks} 个卡组，{cards} 张卡片：没有问题。',
  'check.summary': '{decks} 个卡组，{cards} 张卡片：{errors} 个错误，{warnings} 个警告。',
  'check.fixed': '{file}：写入了 {n} 个卡片 id。',
  'check.torn': '{file}：忽略了 {n} 行被截断的末行（写入时崩溃；之前的复习记录都保留）。',
  'check.orphans': '用户 {user}：有 {n} 张卡片已不在任何卡组中，其进度仍保留：{list}',
  'decks.problems': '卡组文件中有 {n} 个问题；运行 `llm-quiz check` 查看详情。',
  nodecks: '没有找到卡组。查找位置：{dirs}。',
  'decks.missing': '--decks {path}：文件夹不存在。请指定存放卡组文件的文件夹（或一个 .md 卡组文件）。',
  'decks.notDeck': '--decks {path}：既不是文件夹，也不是 .md 卡组文件。导入其他格式请用 `llm-quiz import`。',
  'check.noPath': '{path}：没有这个文件或文件夹',
  'check.nothing': '{path}：没有找到卡组文件（.md）',
  'user.invalid': "无效的用户名 “{name}”：只能用 1-64 个字母、数字、'.'、'_' 或 '-'（不能含 '/' 或 '..'）",
  'user.reserved': '无效的用户名 “{name}”：con、prn、aux、nul、com1-9 和 lpt1-9 在 Windows 上保留给设备',
  'user.empty': '--user 的值是空的：请给出用户名，或去掉这个选项以使用 $LLM_QUIZ_USER 或 “default”',
  'state.new': '新卡',
  'state.learning': '学习中',
  'state.review': '复习',
  'state.relearning': '重学',
  'state.suspended': '已暂停',
  'state.buried': '已暂埋',
  'card.unknown': '未知卡片 id “{id}”。{suggest}可用 `llm-quiz list --search 文字` 查找 id。',
  'card.suspended': '已暂停 {id}：在 `llm-quiz unsuspend {id}` 之前学习时不会出现。',
  'card.unsuspended': '已恢复 {id}：到期时会重新出现在学习中。',
  'card.already.suspended': '{id} 已经是暂停状态。',
  'card.already.active': '{id} 没有被暂停。',
  'due.now': '现在',
  'users.none': '还没有用户；第一次学习时会自动创建。',
};

/** A translation of each part of `T`, part by part: the same keys, in the same order. */
type Translations<T extends readonly unknown[]> = { [I in keyof T]: Record<keyof T[I], string> };

/** In the order of `enParts`: each module's `zh` is typed to have exactly the keys of its `en`. */
const zhParts = [
  baseZh,
  cliMsgs.zh,
  dailyMsgs.zh,
  studyMsgs.zh,
  importMsgs.zh,
  exportMsgs.zh,
  statsMsgs.zh,
  problemMsgs.zh,
  planMsgs.zh,
  interviewMsgs.zh,
] as const satisfies Translations<typeof enParts>;

const parts: Record<Lang, readonly Readonly<Record<string, string>>[]> = { en: enParts, zh: zhParts };

/** The entry for `key` in `lang`, if there is one. */
function find(lang: Lang, key: string): string | undefined {
  for (const part of parts[lang]) if (Object.hasOwn(part, key)) return part[key];
  return undefined;
}

let current: Lang = 'en';

/** Chooses the language: `--lang`, else LC_ALL / LC_MESSAGES / LANG starting with zh. */
export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'en' || flag === 'zh') return flag;
  const loc = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(loc) ? 'zh' : 'en';
}

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/**
 * Looks up a message and fills `{name}` placeholders. Parameters are what messages quote from
 * files, logs and arguments, so each goes through the terminal gate (`sanitizeLine`).
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = selectPlurals(find(current, key) ?? (find('en', key) as string), params, current);
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (Object.hasOwn(params, k) ? sanitizeLine(String(params[k])) : `{${k}}`));
}

/** The severity words of `formatProblem` in the message language. */
export function problemLabels(): { error: string; warning: string } {
  return { error: t('err.prefix'), warning: t('warn.prefix') };
}

/** A catalogue entry of the current language by a key that came from data (a problem, a snapshot on disk). */
function lookup(key: string): string | undefined {
  return find(current, key);
}

/**
 * A keyed message (from core: a problem's or an error's `key` and `params`) in the current
 * language; `fallback` (the English the core wrote) when the key is unknown.
 */
export function localizeText(text: { key?: string; params?: unknown } | undefined, fallback: string): string {
  const template = text?.key ? lookup(text.key) : undefined;
  if (template === undefined) return fallback;
  // Params may come from a snapshot file: only a plain object of strings and numbers is used.
  const raw = text?.params;
  const params: ProblemParams = Object.create(null);
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v === 'string') params[k] = sanitizeLine(v);
      else if (typeof v === 'number') params[k] = v;
    }
  }
  return fillTemplate(selectPlurals(template, params, current), params, lookup);
}

/** A problem with its message and hint in the current language (English text kept when there is no entry). */
export function localizeProblem(p: Problem): Problem {
  if (!p.key) return p;
  const message = localizeText(p, p.message);
  const hint = p.hint === undefined ? undefined : localizeText({ key: `${p.key}.hint`, params: p.params }, p.hint);
  return { ...p, message, ...(hint !== undefined ? { hint } : {}) };
}

/** Text quoted from input made safe for the terminal (see sanitize.ts), keeping its line breaks. */
export function printable(s: string): string {
  return sanitize(s);
}

/** One problem as printed to the terminal: `file:line: 错误: …` in the current language. */
export function problemLine(p: Problem): string {
  return sanitizeLine(formatProblem(localizeProblem(p), problemLabels()));
}

/** One language's parts as one object, for the tests that compare the catalogues; a key in two parts throws. */
function merged(lang: Lang): Record<MessageKey, string> {
  const all: Record<string, string> = {};
  for (const part of parts[lang])
    for (const [k, v] of Object.entries(part)) {
      if (Object.hasOwn(all, k)) throw new Error(`message ${k} is defined twice (${lang})`);
      all[k] = v;
    }
  return all as Record<MessageKey, string>;
}

/** Both catalogues, for the tests that check they have the same keys. */
export const CATALOGUES = {
  get en() {
    return merged('en');
  },
  get zh() {
    return merged('zh');
  },
};
