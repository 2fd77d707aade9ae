// Issue: study. Start-up to the first question (bundled decks; 10,000 cards with 200,000 past
// reviews) and the time from a grade key to the next question, at 1,000 and 200,000 reviews.
// Runs the built CLI in a real pseudo-terminal (80x24).
import { join } from 'node:path';
import { spawn } from '@lydell/node-pty';
import { median, writeDecks, writeHistory } from '../synth.mjs';

const HINT = 'Space/Enter: show answer';
const GRADES = '1 Again';

function start(b, home, args) {
  let out = '';
  const t0 = performance.now();
  const p = spawn(process.execPath, [b.bin, 'study', ...args], {
    cols: 80,
    rows: 24,
    env: { ...process.env, LLM_QUIZ_HOME: home, LLM_QUIZ_DEVICE: 'bench', LANG: 'en_US.UTF-8', NO_COLOR: '1' },
  });
  p.onData((d) => {
    out += d;
  });
  const exited = new Promise((r) => p.onExit(r));
  const waitFor = (text, from) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout waiting for ${text}\n${out.slice(-500)}`)), 30_000);
      const tick = () => {
        const i = out.indexOf(text, from);
        if (i >= 0) {
          clearTimeout(t);
          resolve({ at: performance.now(), end: i + text.length });
        } else setImmediate(tick);
      };
      tick();
    });
  return { p, t0, waitFor, exited, len: () => out.length };
}

export async function firstQuestion(b, home, args, runs) {
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const s = start(b, home, args);
    const { at } = await s.waitFor(HINT, 0);
    if (i > 0) times.push(at - s.t0);
    s.p.write('q');
    await s.exited;
  }
  return median(times);
}

export async function gradeToNext(b, home, args, grades) {
  const s = start(b, home, args);
  let { end } = await s.waitFor(HINT, 0);
  const times = [];
  for (let i = 0; i < grades; i++) {
    s.p.write(' ');
    ({ end } = await s.waitFor(GRADES, end));
    const from = s.len();
    const t = performance.now();
    s.p.write(i % 2 ? '3' : '4');
    const r = await s.waitFor(HINT, from);
    times.push(r.at - t);
    end = r.end;
  }
  s.p.write('q');
  await s.exited;
  return median(times);
}

export default async function (b) {
  const bundled = await firstQuestion(b, join(b.work, 'study-bundled'), [], 7);
  b.report('study: first question (bundled decks)', bundled, '< 3x node', bundled < 3 * b.baseline);

  const decks = join(b.work, 'study-10k');
  const ids = writeDecks(decks, 10_000, 100);
  const big = join(b.work, 'study-200k');
  writeHistory(big, 'default', ids, 200_000);
  const first = await firstQuestion(b, big, ['--decks', decks], 5);
  b.report('study: first question (10,000 cards, 200,000 reviews)', first, '< 800 ms', first < 800);

  const small = join(b.work, 'study-1k');
  writeHistory(small, 'default', ids, 1_000);
  const g1 = await gradeToNext(b, small, ['--decks', decks], 30);
  const g200 = await gradeToNext(b, big, ['--decks', decks], 30);
  b.report('study: grade key → next question (1,000 reviews)', g1, '< 30 ms', g1 < 30);
  b.report(
    'study: grade key → next question (200,000 reviews)',
    g200,
    '< 30 ms, < 1.5x the 1k figure',
    g200 < 30 && g200 < 1.5 * Math.max(g1, 5),
  );
}
