/**
 * The study screen for one card, built on Inquirer's prompt machinery (createPrompt +
 * useKeypress): question, reveal, answer with key points, the four grades with their intervals,
 * and the session keys. The layout is a pure function (`layoutCard`) so it can be tested for width.
 */
import { createPrompt, isDownKey, isEnterKey, isSpaceKey, isUpKey, useKeypress, useState } from '@inquirer/core';
import chalk from 'chalk';
import type { MemoryView } from '../core/memory.js';
import type { Rating } from '../core/progress.js';
import { t } from './messages.js';
import { width as displayWidth, truncate } from './term.js';
import { wrapText } from './wrap.js';

export type CardAction =
  | { type: 'grade'; rating: Rating; typed?: string }
  | { type: 'undo' }
  | { type: 'bury' }
  | { type: 'suspend' }
  | { type: 'edit' }
  | { type: 'quit' };

export interface CardScreen {
  /** `deck · topics` on the left of the header. */
  header: string;
  /** `12/35`. */
  position: string;
  counts: { new: number; learning: number; review: number };
  /** Rendered Markdown (already wrapped to `width`). */
  question: string;
  /** Rendered on first reveal, so the question shows as early as possible. */
  answer: () => string;
  keyPoints: () => string[];
  /** The card's `### Details` (derivations, sources), rendered; shown on `d` after the answer. */
  details?: () => string;
  /** The other language edition's question (`deck_language both`), shown under the question. */
  altQuestion?: string;
  /** Interval each grade would give, e.g. `10m`. */
  intervals: Record<Rating, string>;
  draft: boolean;
  typedMode: boolean;
  /**
   * `--type`: checks the typed answer against the key points (in the order of `keyPoints`) and
   * suggests a grade; the screen marks each point ✓ or ✗. The user still picks the grade.
   */
  checkTyped?: (typed: string) => { covered: boolean[]; suggested: Rating };
  canUndo: boolean;
  /** A one-line notice above the card (e.g. "leech: …", "nothing to undo"). */
  notice?: string;
  /** The card's memory model in one line, shown on `i`. */
  memory?: string;
  width: number;
  rows: number;
}

const GRADE_KEYS: Record<string, Rating> = { '1': 1, '2': 2, '3': 3, '4': 4 };
const GRADE_NAMES = { 1: 'study.again', 2: 'study.hard', 3: 'study.good', 4: 'study.easy' } as const;

function rule(width: number, label = ''): string {
  const l = label ? ` ${label} ` : '';
  return chalk.dim(`──${l}${'─'.repeat(Math.max(0, width - 2 - displayWidth(l)))}`);
}

/** The grade line: `1 Again 10m · 2 Hard 1d · 3 Good 3d · 4 Easy 8d`, wrapped to the width. */
export function gradeLine(intervals: Record<Rating, string>, width: number): string {
  const names: Record<Rating, string> = {
    1: chalk.red(t('study.again')),
    2: chalk.yellow(t('study.hard')),
    3: chalk.green(t('study.good')),
    4: chalk.blue(t('study.easy')),
  };
  const parts = ([1, 2, 3, 4] as Rating[]).map((r) => `${chalk.bold(String(r))} ${names[r]} ${chalk.dim(intervals[r])}`);
  return wrapText(parts.join(chalk.dim(' · ')), width);
}

/**
 * Lays out the screen: body lines (scrollable) and footer lines (always visible). Pure.
 * Every line is at most `width` display columns.
 */
export function layoutCard(
  s: CardScreen,
  state: { revealed: boolean; help: boolean; typed: string; details?: boolean; info?: boolean; keyPoints?: boolean },
): { body: string[]; footer: string[] } {
  const w = s.width;
  const c = s.counts;
  const right = `${s.position}  ${chalk.blue(`${t('study.count.new')} ${c.new}`)} ${chalk.red(`${t('study.count.learn')} ${c.learning}`)} ${chalk.green(`${t('study.count.due')} ${c.review}`)}`;
  const left = truncate(s.header, Math.max(8, w - displayWidth(right) - 2));
  const pad = Math.max(1, w - displayWidth(left) - displayWidth(right));
  const body: string[] = [`${chalk.bold(left)}${' '.repeat(pad)}${right}`];
  if (s.notice) body.push(...wrapText(chalk.yellow(s.notice), w).split('\n'));
  if (state.info && s.memory) body.push(...wrapText(chalk.cyan(s.memory), w).split('\n'));
  body.push(rule(w));
  body.push(...s.question.split('\n'));
  if (s.altQuestion) body.push(...wrapText(chalk.dim(s.altQuestion), w).split('\n'));
  const footer: string[] = [];
  if (state.help) {
    body.push('', ...wrapText(t('study.help'), w).split('\n'));
  }
  if (!state.revealed) {
    if (s.typedMode) {
      body.push('', ...wrapText(`${chalk.cyan(t('study.typeprompt'))} ${state.typed}`, w).split('\n'));
      footer.push(rule(w), ...wrapText(chalk.dim(t('study.typehint')), w).split('\n'));
    } else {
      footer.push(rule(w), ...wrapText(chalk.dim(t('study.revealhint')), w).split('\n'));
    }
    return { body, footer };
  }
  if (s.typedMode) {
    body.push('', rule(w, t('study.youranswer')), ...wrapText(state.typed || chalk.dim(t('study.empty')), w).split('\n'));
  }
  // The labelled rule is separation enough: no blank line above it (a line the answer can use).
  body.push(rule(w, t('study.answer')));
  body.push(...(s.draft ? wrapText(chalk.dim(t('study.noanswer')), w) : s.answer()).split('\n'));
  const kpBlock: string[] = [];
  const keyPoints = s.keyPoints();
  const check = s.typedMode && s.checkTyped ? s.checkTyped(state.typed) : undefined;
  if (keyPoints.length > 0) {
    kpBlock.push('', chalk.bold(t('study.keypoints')));
    keyPoints.forEach((kp, i) => {
      const covered = check?.covered[i];
      const mark = covered === undefined ? '•' : covered ? chalk.green('✓') : chalk.red('✗');
      const lines = wrapText(kp, w - 4).split('\n');
      kpBlock.push(`  ${mark} ${lines[0]}`, ...lines.slice(1).map((l) => `    ${l}`));
    });
  }
  // The suggested grade stays visible when the key points fold: it is what the user acts on.
  const suggestion: string[] = [];
  if (check && keyPoints.length > 0) {
    const n = check.covered.filter(Boolean).length;
    const name = t(GRADE_NAMES[check.suggested]);
    suggestion.push(
      '',
      ...wrapText(t('study.suggested', { n, of: check.covered.length, grade: check.suggested, name }), w).split('\n'),
    );
  }
  footer.push(rule(w), ...gradeLine(s.intervals, w).split('\n'));
  const keysFor = (folded: boolean) => {
    const extra = [folded ? t('study.keypointskey') : '', s.details && !state.details ? t('study.detailskey') : ''].filter(
      Boolean,
    );
    const full = [t('study.keys'), ...extra].join(' · ');
    // One line where possible: the card's own keys first, the rest are behind `?`.
    const line = displayWidth(full) <= w || extra.length === 0 ? full : [...extra, t('study.keys.short')].join(' · ');
    return wrapText(chalk.dim(line), w).split('\n');
  };
  // The answer comes first: when the key points would push the screen past the terminal's height
  // (they restate the answer), they fold behind `p` instead of making the answer scroll.
  const fits = body.length + kpBlock.length + suggestion.length + footer.length + keysFor(false).length + 1 <= s.rows;
  const fold = kpBlock.length > 0 && !fits && !state.keyPoints;
  if (!fold) body.push(...kpBlock);
  body.push(...suggestion);
  if (s.details && state.details) body.push('', rule(w, t('study.details')), ...s.details().split('\n'));
  footer.push(...keysFor(fold));
  return { body, footer };
}

/** One card on screen; resolves with what the user chose. */
export const cardPrompt = createPrompt<CardAction, CardScreen>((config, done) => {
  const [revealed, setRevealed] = useState(false);
  const [help, setHelp] = useState(false);
  const [scroll, setScroll] = useState(0);
  const [typed, setTyped] = useState('');
  const [details, setDetails] = useState(false);
  const [info, setInfo] = useState(false);
  const [keyPoints, setKeyPoints] = useState(false);

  const { body, footer } = layoutCard(config, { revealed, help, typed, details, info, keyPoints });
  // Leave a line for Inquirer's cursor; scroll the body when it does not fit.
  const room = Math.max(3, config.rows - footer.length - 1);
  const maxScroll = Math.max(0, body.length - room);
  const top = Math.min(scroll, maxScroll);

  useKeypress((key, rl) => {
    const seq = (key as { sequence?: string }).sequence ?? '';
    if (!revealed && config.typedMode) {
      if (isEnterKey(key)) {
        // readline has already taken the line on Enter; `typed` holds it from the last keystroke.
        setRevealed(true);
        setScroll(0);
      } else {
        setTyped(rl.line);
      }
      return;
    }
    if (isUpKey(key) || seq === 'k') {
      setScroll(Math.max(0, top - 1));
      return;
    }
    if (isDownKey(key) || seq === 'j') {
      setScroll(Math.min(maxScroll, top + 1));
      return;
    }
    if (key.name === 'pagedown') {
      setScroll(Math.min(maxScroll, top + room - 1));
      return;
    }
    if (key.name === 'pageup') {
      setScroll(Math.max(0, top - room + 1));
      return;
    }
    rl.clearLine(0);
    if (!revealed && (isEnterKey(key) || isSpaceKey(key))) {
      setRevealed(true);
      setScroll(0);
      return;
    }
    if (revealed && seq in GRADE_KEYS) {
      done({ type: 'grade', rating: GRADE_KEYS[seq] as Rating, ...(config.typedMode ? { typed } : {}) });
      return;
    }
    if (seq === 'u' && config.canUndo) return done({ type: 'undo' });
    if (seq === 's') return done({ type: 'bury' });
    if (seq === '!') return done({ type: 'suspend' });
    if (seq === 'e') return done({ type: 'edit' });
    if (seq === 'q') return done({ type: 'quit' });
    if (seq === 'd' && revealed && config.details) {
      // Details open below the key points: scroll to where they start.
      const start = layoutCard(config, { revealed, help, typed, details: false, info }).body.length;
      setDetails(!details);
      if (!details) setScroll(start);
      return;
    }
    if (seq === 'i') return setInfo(!info);
    if (seq === 'p' && revealed) return setKeyPoints(!keyPoints);
    if (seq === '?') {
      // The help goes under the question: scroll back to it, or a scrolled answer hides it.
      setHelp(!help);
      if (!help) setScroll(0);
    }
  });

  const visible = body.slice(top, top + room);
  const more =
    body.length > room ? chalk.dim(t('study.scroll', { from: top + 1, to: top + visible.length, total: body.length })) : '';
  return [...visible, ...(more ? [more] : []), ...footer].join('\n');
});

/** The `i` line: the memory model in words (local times in the user's zone). */
export function memoryText(m: MemoryView | null, timeZone?: string): string {
  if (!m) return t('study.memory.new');
  const at = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }) : '-';
  return t('study.memory', {
    r: `${Math.round(m.retrievability * 100)}%`,
    s: m.stability < 1 ? `${Math.round(m.stability * 24)}h` : `${m.stability.toFixed(1)}d`,
    d: m.difficulty.toFixed(1),
    last: at(m.lastReview),
    next: at(m.nextReview),
  });
}
