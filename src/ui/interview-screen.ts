/**
 * The two screens of a mock-interview question: answering (question, running clock, multi-line
 * typed input or "answer aloud") and checking (reference answer, key points marked covered or
 * missed, the suggested grade to confirm or change with one key). The layouts are pure
 * functions; `runScreen` reads keys in raw mode and redraws on every key and clock tick.
 */
import { emitKeypressEvents } from 'node:readline';
import chalk from 'chalk';
import type { Rating } from '../core/progress.js';
import { t } from './messages.js';
import { width as displayWidth } from './term.js';
import { wrapText } from './wrap.js';

export interface Key {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  sequence?: string;
}

/** Ctrl+C on an interview screen (raw mode turns it into a key, not a signal). */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

const GRADE_NAMES = { 1: 'study.again', 2: 'study.hard', 3: 'study.good', 4: 'study.easy' } as const;
export const gradeName = (r: Rating) => t(GRADE_NAMES[r]);

function rule(w: number, label = ''): string {
  const l = label ? ` ${label} ` : '';
  return chalk.dim(`──${l}${'─'.repeat(Math.max(0, w - 2 - displayWidth(l)))}`);
}

/** `mm:ss` (or `h:mm:ss`). */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A header line: title on the left, clock on the right, within `w` columns. */
function header(title: string, right: string, w: number): string {
  const gap = w - displayWidth(title) - displayWidth(right);
  return gap >= 1 ? `${chalk.bold(title)}${' '.repeat(gap)}${chalk.cyan(right)}` : wrapText(`${title} ${right}`, w);
}

export interface AnswerView {
  /** `Mock interview · 2/3 · rag`. */
  title: string;
  /** The clock shown on the right: time on this question, or time left. */
  clock: string;
  /** Rendered Markdown, wrapped to `width`. */
  question: string;
  followUpOf?: string;
  spoken: boolean;
  text: string;
  notice?: string;
  width: number;
  rows: number;
}

/** The answering screen; the typed text comes last so the terminal's cursor sits after it. */
export function layoutAnswer(v: AnswerView): string[] {
  const w = v.width;
  const top = [header(v.title, v.clock, w), rule(w)];
  if (v.notice) top.push(...wrapText(chalk.yellow(v.notice), w).split('\n'));
  if (v.followUpOf) top.push(...wrapText(chalk.dim(t('iv.followup', { question: v.followUpOf })), w).split('\n'));
  top.push(...v.question.split('\n'), rule(w));
  top.push(...wrapText(chalk.dim(t(v.spoken ? 'iv.spokenhint' : 'iv.typehint')), w).split('\n'));
  if (v.spoken) return top;
  const typed = v.text.split('\n').flatMap((line, i) => {
    const wrapped = wrapText(line, w - 2).split('\n');
    return wrapped.map((l, j) => `${i === 0 && j === 0 ? chalk.cyan('> ') : '  '}${l}`);
  });
  // A long answer shows its end (where the typing is); the question stays on screen.
  const room = Math.max(3, v.rows - 1 - top.length);
  return [...top, ...typed.slice(-room)];
}

export interface CheckView {
  title: string;
  /** Time taken, e.g. `01:23`. */
  taken: string;
  /** The typed answer; undefined in spoken mode. */
  typed?: string;
  /** The reference answer, rendered. */
  answer: string;
  keyPoints: string[];
  covered: boolean[];
  /** Lines about the check itself (the model grader's disclosure, a fallback reason). */
  notes?: string[];
  /** Factual errors the model grader found in the answer. */
  errors?: string[];
  spoken: boolean;
  suggested: Rating;
  schedule: boolean;
  width: number;
  rows: number;
}

const LETTERS = 'abcdefghilmnorstvwxyz';

/** The letter that ticks key point `i` in spoken mode (j, k, p, q, u are other keys). */
export function pointLetter(i: number): string | undefined {
  return LETTERS[i];
}

/** The checking screen: body (scrolls) and footer (always visible). */
export function layoutCheck(v: CheckView): { body: string[]; footer: string[] } {
  const w = v.width;
  const body = [header(v.title, t('iv.time', { time: v.taken }), w)];
  for (const n of v.notes ?? []) body.push(...wrapText(chalk.yellow(n), w).split('\n'));
  if (!v.spoken) body.push(rule(w, t('study.youranswer')), ...wrapText(v.typed || chalk.dim(t('study.empty')), w).split('\n'));
  body.push(rule(w, t('study.answer')), ...v.answer.split('\n'));
  if (v.keyPoints.length > 0) {
    body.push('', chalk.bold(t('study.keypoints')));
    if (v.spoken) body.push(...wrapText(chalk.dim(t('iv.selfcheck')), w).split('\n'));
    v.keyPoints.forEach((kp, i) => {
      const mark = v.covered[i] ? chalk.green('✓') : v.spoken ? chalk.dim('·') : chalk.red('✗');
      const label = v.spoken ? `${pointLetter(i) ?? ' '}) ` : '';
      const lines = wrapText(kp, w - 4 - displayWidth(label)).split('\n');
      const pad = ' '.repeat(4 + displayWidth(label));
      body.push(`  ${mark} ${label}${lines[0]}`, ...lines.slice(1).map((l) => `${pad}${l}`));
    });
  }
  if (v.errors?.length) {
    body.push('', chalk.bold(t('iv.errors')));
    for (const e of v.errors) {
      const lines = wrapText(e, w - 4).split('\n');
      body.push(`  ${chalk.yellow('!')} ${lines[0]}`, ...lines.slice(1).map((l) => `    ${l}`));
    }
  }
  const n = v.covered.filter(Boolean).length;
  const params = { n, of: v.keyPoints.length, time: v.taken, grade: v.suggested, name: gradeName(v.suggested) };
  const footer = [rule(w), ...wrapText(t(v.keyPoints.length ? 'iv.covered' : 'iv.nokeypoints', params), w).split('\n')];
  if (!v.schedule) footer.push(...wrapText(chalk.dim(t('iv.noschedule')), w).split('\n'));
  footer.push(...wrapText(chalk.dim(t('iv.keys', { grade: v.suggested, name: gradeName(v.suggested) })), w).split('\n'));
  return { body, footer };
}

/**
 * Runs one screen: draws it now, after every key and every `tickMs`; `onKey` returns the value
 * to finish with, or undefined to stay. Ctrl+C rejects with Interrupted.
 */
export function runScreen<T>(
  render: () => string[],
  onKey: (str: string | undefined, key: Key) => T | undefined,
  tickMs = 0,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const input = process.stdin;
    emitKeypressEvents(input);
    input.setRawMode(true);
    input.resume();
    const draw = () => process.stdout.write(`\u001B[H\u001B[2J${render().join('\n')}`);
    const timer = tickMs > 0 ? setInterval(draw, tickMs) : undefined;
    const finish = (settle: () => void) => {
      if (timer) clearInterval(timer);
      input.removeListener('keypress', onKeypress);
      input.setRawMode(false);
      input.pause();
      settle();
    };
    function onKeypress(str: string | undefined, key: Key | undefined) {
      const k = key ?? {};
      if (k.ctrl && k.name === 'c') return finish(() => reject(new Interrupted()));
      let out: T | undefined;
      try {
        out = onKey(str, k);
      } catch (e) {
        return finish(() => reject(e));
      }
      if (out !== undefined) {
        const value = out;
        return finish(() => resolve(value));
      }
      draw();
    }
    input.on('keypress', onKeypress);
    draw();
  });
}

export type AnswerResult = { type: 'submit'; text: string } | { type: 'editor'; text: string };

/** Edits typed text by one key: printable characters, Enter (new line), Backspace. */
export function editText(text: string, str: string | undefined, key: Key): string {
  if (key.name === 'return' || key.name === 'enter') return `${text}\n`;
  if (key.name === 'backspace') return Array.from(text).slice(0, -1).join('');
  if (key.ctrl || key.meta || str === undefined) return text;
  // Printable input only (a paste arrives as characters; control codes are dropped).
  const clean = str.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').replace(/\t/g, '  ');
  return text + clean;
}

/** The answering screen until the user submits (or asks for the editor). */
export function askAnswer(view: Omit<AnswerView, 'clock' | 'text'>, clock: () => string, text = ''): Promise<AnswerResult> {
  let typed = text;
  return runScreen<AnswerResult>(
    () => layoutAnswer({ ...view, clock: clock(), text: typed }),
    (str, key) => {
      if (view.spoken)
        return key.name === 'return' || key.name === 'enter' || str === ' ' ? { type: 'submit', text: '' } : undefined;
      if (key.ctrl && key.name === 'd') return { type: 'submit', text: typed };
      if (key.ctrl && key.name === 'e') return { type: 'editor', text: typed };
      typed = editText(typed, str, key);
      return undefined;
    },
    1000,
  );
}

export type CheckResult = { type: 'grade'; rating: Rating; covered: boolean[] } | { type: 'quit' };

/**
 * The checking screen until a grade is chosen: Enter takes the suggestion, 1-4 another grade;
 * in spoken mode a point's letter ticks it (and the suggestion follows). `suggest` recomputes
 * the suggestion from the ticks.
 */
export function checkAnswer(view: CheckView, suggest: (covered: boolean[]) => Rating): Promise<CheckResult> {
  let covered = [...view.covered];
  let top = 0;
  const layout = () => layoutCheck({ ...view, covered, suggested: suggest(covered) });
  return runScreen<CheckResult>(
    () => {
      const { body, footer } = layout();
      const room = Math.max(3, view.rows - footer.length - 1);
      top = Math.max(0, Math.min(top, body.length - room));
      return [...body.slice(top, top + room), ...footer];
    },
    (str, key) => {
      if (key.name === 'return' || key.name === 'enter') return { type: 'grade', rating: suggest(covered), covered };
      if (str && /^[1-4]$/.test(str)) return { type: 'grade', rating: Number(str) as Rating, covered };
      if (str === 'q') return { type: 'quit' };
      if (str === 'j' || key.name === 'down') top++;
      else if (str === 'k' || key.name === 'up') top = Math.max(0, top - 1);
      else if (key.name === 'pagedown' || str === ' ') top += Math.max(1, view.rows - 6);
      else if (key.name === 'pageup') top = Math.max(0, top - Math.max(1, view.rows - 6));
      else if (view.spoken && str) {
        const i = LETTERS.indexOf(str);
        if (i >= 0 && i < view.keyPoints.length) covered = covered.map((c, j) => (j === i ? !c : c));
      }
      return undefined;
    },
  );
}
