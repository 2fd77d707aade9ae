/**
 * The study screen for one card, built on Inquirer's prompt machinery (createPrompt +
 * useKeypress): question, reveal, answer with key points, the four grades with their intervals,
 * and the session keys. The layout is a pure function (`layoutCard`) so it can be tested for width.
 */
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isUpKey,
  useEffect,
  useKeypress,
  useMemo,
  useRef,
  useState,
} from '@inquirer/core';
import chalk from 'chalk';
import type { MemoryView } from '../core/memory.js';
import type { Rating } from '../core/progress.js';
import { t } from './messages.js';
import { width as displayWidth, truncate } from './term.js';
import { localInterval } from './units.js';
import { wrapText } from './wrap.js';

/** A model grader's marks for a typed answer (or the offline check it fell back to, with why). */
export interface ModelCheck {
  covered: boolean[];
  suggested: Rating;
  errors: string[];
  note?: string;
}

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
  /** What is left, in time (`~6 min left`) or, in cram, in cards; shown left of the counts. */
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
  /** Interval each grade would give, e.g. `10m` ('' in cram, which changes no schedule). */
  intervals: Record<Rating, string>;
  /** Space on the revealed answer grades Good (Anki's habit) instead of paging (`space_grades_good`). */
  spaceGradesGood?: boolean;
  /** The same card laid out for another terminal size (columns, rows): called on SIGWINCH. */
  relayout?: (columns: number, rows: number) => CardScreen;
  draft: boolean;
  typedMode: boolean;
  /**
   * `--type`: checks the typed answer against the key points (in the order of `keyPoints`) and
   * suggests a grade; the screen marks each point ✓ or ✗. The user still picks the grade.
   */
  checkTyped?: (typed: string) => { covered: boolean[]; suggested: Rating };
  /**
   * `--type` with a model grader configured: asked once the answer is revealed; until it replies
   * (or falls back offline, saying why in `note`) the offline marks show.
   */
  gradeTyped?: (typed: string) => Promise<ModelCheck>;
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
  const parts = ([1, 2, 3, 4] as Rating[]).map((r) =>
    intervals[r] ? `${chalk.bold(String(r))} ${names[r]} ${chalk.dim(intervals[r])}` : `${chalk.bold(String(r))} ${names[r]}`,
  );
  return wrapText(parts.join(chalk.dim(' · ')), width);
}

/**
 * Lays out the screen: body lines (scrollable) and footer lines (always visible). Pure.
 * Every line is at most `width` display columns.
 */
export function layoutCard(
  s: CardScreen,
  state: {
    revealed: boolean;
    help: boolean;
    typed: string;
    details?: boolean;
    info?: boolean;
    keyPoints?: boolean;
    model?: ModelCheck | 'pending';
  },
): Layout {
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
  // The question stays on screen while a long answer scrolls, unless it takes half the screen itself.
  const pinned = state.revealed && body.length <= Math.floor(s.rows / 2) ? body.length : 0;
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
    return { body, footer, pinned };
  }
  if (s.typedMode) {
    body.push('', rule(w, t('study.youranswer')), ...wrapText(state.typed || chalk.dim(t('study.empty')), w).split('\n'));
  }
  // The labelled rule is separation enough: no blank line above it (a line the answer can use).
  body.push(rule(w, t('study.answer')));
  body.push(...(s.draft ? wrapText(chalk.dim(t('study.noanswer')), w) : s.answer()).split('\n'));
  const kpBlock: string[] = [];
  const keyPoints = s.keyPoints();
  const model = typeof state.model === 'object' ? state.model : undefined;
  const check = model ?? (s.typedMode && s.checkTyped ? s.checkTyped(state.typed) : undefined);
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
  if (state.model === 'pending') suggestion.push('', chalk.dim(t('study.grader.pending')));
  if (model?.note) suggestion.push('', ...wrapText(chalk.yellow(model.note), w).split('\n'));
  if (model && model.errors.length > 0)
    suggestion.push(
      '',
      chalk.bold(t('study.grader.errors')),
      ...model.errors.flatMap((e) => wrapText(`  ! ${e}`, w).split('\n')),
    );
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
  return { body, footer, pinned };
}

export interface Layout {
  /** Lines above the footer; the first `pinned` of them never scroll. */
  body: string[];
  /** Grade line and keys: always visible. */
  footer: string[];
  pinned: number;
}

/**
 * The lines on screen for a layout at `rows` rows and scroll offset `scroll` (lines of the
 * scrolling part): the pinned lines, a window of the rest, a scroll indicator when it does not
 * fit, the footer. Pure; `top` is the offset actually used (clamped), `maxScroll` the largest.
 */
export function viewport(
  l: Layout,
  rows: number,
  scroll: number,
): { lines: string[]; top: number; maxScroll: number; room: number; scrollable: number } {
  // Leave a line for Inquirer's cursor.
  const total = Math.max(3, rows - l.footer.length - 1);
  const fits = l.body.length <= total;
  // A scrolling body shows its indicator on the line otherwise left for the cursor.
  const pinned = fits ? 0 : Math.min(l.pinned, total - 3);
  const room = fits ? total : Math.max(2, total - pinned);
  const rest = l.body.slice(pinned);
  const maxScroll = Math.max(0, rest.length - room);
  const top = Math.max(0, Math.min(scroll, maxScroll));
  const visible = rest.slice(top, top + room);
  const more = fits
    ? []
    : [chalk.dim(t('study.scroll', { from: pinned + top + 1, to: pinned + top + visible.length, total: l.body.length }))];
  return { lines: [...l.body.slice(0, pinned), ...visible, ...more, ...l.footer], top, maxScroll, room, scrollable: rest.length };
}

/** Clears the screen and scrollback, so a redraw at a new size leaves no wrapped remains. */
const CLEAR = '\u001B[2J\u001B[3J\u001B[H';

/** One card on screen; resolves with what the user chose. */
export const cardPrompt = createPrompt<CardAction, CardScreen>((config, done) => {
  const [revealed, setRevealed] = useState(false);
  const [help, setHelp] = useState(false);
  // Lines of the scrolling part. After a resize the text reflows: `at` (the share of the text
  // above the window) or `end` (scrolled to the bottom) places the window again.
  const [scroll, setScrollState] = useState<{ line: number; at?: number; end?: boolean }>({ line: 0 });
  const [typed, setTyped] = useState('');
  const [details, setDetails] = useState(false);
  const [info, setInfo] = useState(false);
  const [keyPoints, setKeyPoints] = useState(false);
  const [size, setSize] = useState<{ columns: number; rows: number } | null>(null);
  const [model, setModel] = useState<ModelCheck | 'pending' | undefined>(undefined);
  // The grader replies after the keypress that revealed the answer; a reply after the prompt
  // ended (a grade given before it came) is dropped.
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const screen = useMemo(() => (size && config.relayout ? config.relayout(size.columns, size.rows) : config), [size]);
  const layout = layoutCard(screen, { revealed, help, typed, details, info, keyPoints, model });
  const probe = viewport(layout, screen.rows, 0);
  const start = scroll.end ? probe.maxScroll : scroll.at !== undefined ? Math.round(scroll.at * probe.scrollable) : scroll.line;
  const view = viewport(layout, screen.rows, start);
  const { top, maxScroll, room, scrollable } = view;
  const setScroll = (line: number) => setScrollState({ line });

  // SIGWINCH: lay the card out again at the new size, keeping the place in the answer.
  const latest = useRef({ top, maxScroll, scrollable });
  latest.current = { top, maxScroll, scrollable };
  useEffect(() => {
    const onResize = () => {
      const { top: was, maxScroll: max, scrollable: lines } = latest.current;
      process.stdout.write(CLEAR);
      // Size first: each set redraws, and the first redraw must already fit the new width.
      setSize({ columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 });
      setScrollState({ line: was, at: lines > 0 ? was / lines : 0, end: max > 0 && was === max });
    };
    process.stdout.on('resize', onResize);
    return () => {
      process.stdout.off('resize', onResize);
    };
  }, []);

  useKeypress((key, rl) => {
    const seq = (key as { sequence?: string }).sequence ?? '';
    if (!revealed && config.typedMode) {
      if (isEnterKey(key)) {
        // readline has already taken the line on Enter; `typed` holds it from the last keystroke.
        setRevealed(true);
        setScroll(0);
        if (config.gradeTyped) {
          setModel('pending');
          void config.gradeTyped(typed).then((m) => {
            if (alive.current) setModel(m);
          });
        }
      } else {
        setTyped(rl.line);
      }
      return;
    }
    // Keys are commands here, not text: keep readline's line empty (Space would pile up in it).
    rl.clearLine(0);
    if (isUpKey(key) || seq === 'k') return setScroll(Math.max(0, top - 1));
    if (isDownKey(key) || seq === 'j') return setScroll(Math.min(maxScroll, top + 1));
    const pageDown = key.name === 'pagedown' || (revealed && isSpaceKey(key) && !config.spaceGradesGood);
    if (pageDown) return setScroll(Math.min(maxScroll, top + Math.max(1, room - 1)));
    if (key.name === 'pageup') return setScroll(Math.max(0, top - Math.max(1, room - 1)));
    if (revealed && seq === 'g') return setScroll(0);
    if (revealed && seq === 'G') return setScroll(maxScroll);
    if (!revealed && (isEnterKey(key) || isSpaceKey(key))) {
      setRevealed(true);
      setScroll(0);
      return;
    }
    const rating = GRADE_KEYS[seq] ?? (isSpaceKey(key) && config.spaceGradesGood ? 3 : undefined);
    if (revealed && rating !== undefined) {
      done({ type: 'grade', rating, ...(config.typedMode ? { typed } : {}) });
      return;
    }
    if (seq === 'u' && config.canUndo) return done({ type: 'undo' });
    if (seq === 's') return done({ type: 'bury' });
    if (seq === '!') return done({ type: 'suspend' });
    if (seq === 'e') return done({ type: 'edit' });
    if (seq === 'q') return done({ type: 'quit' });
    if (seq === 'd' && revealed && config.details) {
      // Details open below the key points: scroll to where they start.
      const closed = layoutCard(screen, { revealed, help, typed, details: false, info });
      setDetails(!details);
      if (!details) setScroll(closed.body.length - closed.pinned);
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

  return view.lines.join('\n');
});

/** The `i` line: the memory model in words (local times in the user's zone). */
export function memoryText(m: MemoryView | null, timeZone?: string): string {
  if (!m) return t('study.memory.new');
  const at = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }) : '-';
  return t('study.memory', {
    r: `${Math.round(m.retrievability * 100)}%`,
    s: localInterval(m.stability < 1 ? `${Math.round(m.stability * 24)}h` : `${m.stability.toFixed(1)}d`),
    d: m.difficulty.toFixed(1),
    last: at(m.lastReview),
    next: at(m.nextReview),
  });
}
