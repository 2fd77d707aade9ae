// End-to-end: the built CLI in a real pseudo-terminal at 80x24, on a fixture deck with Chinese
// text, a code block, a table and formulas.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { width } from '../../src/ui/term.js';
import { runCli, tmp } from '../helpers.js';
import { DECKS, logEvents, plain, startStudy } from './pty.js';

describe('study in a pseudo-terminal', () => {
  it('reveal, grade 3, grade 1, undo, grade 4, quit: the log and card states match, no line over 80 columns', async () => {
    const home = tmp();
    const pty = startStudy(home);
    let at = await pty.waitFor(/第一题：LSTM 的遗忘门如何计算/);
    pty.send(' ');
    at = await pty.waitFor(/hₜ₋₁[\s\S]*1 重来 1分钟 · 2 困难 6分钟 · 3 良好 10分钟 · 4 简单/, at);
    expect(plain(pty.output())).toContain('σ(W_f [hₜ₋₁, xₜ] + b_f)');
    pty.send('3');
    at = await pty.waitFor(/第二题：用 Python 写出 softmax/, at);
    pty.send(' ');
    at = await pty.waitFor(/def softmax\(xs\)[\s\S]*减去最大值/, at);
    pty.send('1');
    at = await pty.waitFor(/第三题：什么是 x² 的导数/, at);
    pty.send('u');
    at = await pty.waitFor(/已撤销对 e2e-softmax 的上一步操作[\s\S]*第二题/, at);
    pty.send(' ');
    at = await pty.waitFor(/def softmax/, at);
    pty.send('4');
    at = await pty.waitFor(/第三题/, at);
    pty.send('q');
    // The third card (new) and the first (learning, due again in 10 minutes) are left.
    await pty.waitFor(/已停止，今天还剩 2 张（新 1 · 学习 1 · 复习 0）。/, at);
    const { exitCode } = await pty.exited;
    expect(exitCode).toBe(0);

    // Every line the program drew fits in 80 columns. Cursor moves and erases end a line too.
    const drawn = plain(pty.output().replace(/\u001B\[[0-9;?]*[A-HJKSTf]/g, '\n'));
    const lines = drawn.split(/\r?\n|\r/);
    expect(lines.some((l) => width(l) > 60)).toBe(true); // the long Chinese answer really was drawn wide
    for (const line of lines) expect(width(line), line).toBeLessThanOrEqual(80);

    const events = logEvents(home);
    expect(events.map((e) => [e.type, e.card, e.rating ?? null])).toEqual([
      ['review', 'e2e-forget-gate', 3],
      ['review', 'e2e-softmax', 1],
      ['undo', 'e2e-softmax', null],
      ['review', 'e2e-softmax', 4],
    ]);
    expect(events[2]?.target).toBe(events[1]?.id);
    // The undo restored the card to new, so the Easy grade started from scratch.
    expect((events[3] as { before: unknown }).before).toBeNull();

    const list = runCli(['list', '--json', '--decks', DECKS, '--deck', 'e2e'], { home, env: { LLM_QUIZ_DEVICE: 'pty' } });
    const states = Object.fromEntries((JSON.parse(list.stdout) as { id: string; state: string }[]).map((c) => [c.id, c.state]));
    expect(states).toEqual({ 'e2e-forget-gate': 'learning', 'e2e-softmax': 'review', 'e2e-derivative': 'new' });
  });

  it('a grade survives SIGKILL right after it is given', async () => {
    const home = tmp();
    const pty = startStudy(home);
    let at = await pty.waitFor(/第一题/);
    pty.send(' ');
    at = await pty.waitFor(/3 良好/, at);
    pty.send('3');
    // The next card appearing means the grade was confirmed; kill without any chance to clean up.
    await pty.waitFor(/第二题/, at);
    process.kill(pty.pid, 'SIGKILL');
    await pty.exited;
    const events = logEvents(home);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'review', card: 'e2e-forget-gate', rating: 3 });
    const list = runCli(['list', '--json', '--decks', DECKS, '--deck', 'e2e', '--state', 'learning'], { home });
    expect((JSON.parse(list.stdout) as { id: string }[]).map((c) => c.id)).toEqual(['e2e-forget-gate']);
  });

  it('Ctrl+C exits with 130 and keeps the answers given', async () => {
    const home = tmp();
    const pty = startStudy(home);
    let at = await pty.waitFor(/第一题/);
    pty.send(' ');
    at = await pty.waitFor(/3 良好/, at);
    pty.send('4');
    await pty.waitFor(/第二题/, at);
    pty.send('\u0003');
    const { exitCode } = await pty.exited;
    expect(exitCode).toBe(130);
    expect(logEvents(home).map((e) => e.rating)).toEqual([4]);
  });
});

describe('study modes and keys', () => {
  it('--type: the typed answer is shown next to the reference answer, key points marked, and kept in the review log', async () => {
    const home = tmp();
    const pty = startStudy(home, ['--type']);
    let at = await pty.waitFor(/第一题/);
    pty.send('sigmoid 门控');
    at = await pty.waitFor(/sigmoid 门控/, at);
    pty.send('\r');
    // Each key point is checked against the typed answer, and a grade is suggested; the user picks.
    at = await pty.waitFor(
      /你的答案[\s\S]*sigmoid 门控[\s\S]*答案[\s\S]*✗ 输入[\s\S]*✗ 输出经 sigmoid[\s\S]*覆盖要点 0\/2 · 建议评分 1 重来[\s\S]*3 良好/,
      at,
    );
    pty.send('3');
    at = await pty.waitFor(/第二题/, at);
    pty.send('\u0003');
    await pty.exited;
    expect(logEvents(home)[0]).toMatchObject({ card: 'e2e-forget-gate', rating: 3, typed: 'sigmoid 门控' });
  });

  it('e opens the card in $EDITOR at its line and shows the edited card; s buries, ! suspends', async () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    const deck = join(decks, 'e2e.md');
    copyFileSync(join(DECKS, 'e2e.md'), deck);
    // A scripted "editor": records its arguments and rewrites the first question.
    const editor = join(home, 'editor.mjs');
    writeFileSync(
      editor,
      `import { readFileSync, writeFileSync } from 'node:fs';
const [line, file] = process.argv.slice(2);
writeFileSync(${JSON.stringify(join(home, 'editor-args.txt'))}, line + ' ' + file);
writeFileSync(file, readFileSync(file, 'utf8').replace('第一题：LSTM 的遗忘门如何计算？', '第一题（已编辑）：遗忘门的公式？'));
`,
    );
    const pty = startStudy(home, [], { EDITOR: `${process.execPath} ${editor}` }, decks);
    let at = await pty.waitFor(/第一题：LSTM/);
    pty.send('e');
    at = await pty.waitFor(/第一题（已编辑）：遗忘门的公式/, at);
    expect(readFileSync(join(home, 'editor-args.txt'), 'utf8')).toBe(`+9 ${deck}`);
    pty.send('s');
    at = await pty.waitFor(/已将 e2e-forget-gate 暂埋到明天[\s\S]*第二题/, at);
    pty.send('!');
    at = await pty.waitFor(/已暂停 e2e-softmax[\s\S]*第三题/, at);
    pty.send('q');
    await pty.exited;
    const events = logEvents(home).map((e) => [e.type, e.card]);
    expect(events).toEqual([
      ['bury', 'e2e-forget-gate'],
      ['suspend', 'e2e-softmax'],
    ]);
    const list = runCli(['list', '--decks', decks, '--deck', 'e2e', '--json'], { home });
    const rows = JSON.parse(list.stdout) as { id: string; suspended: boolean; question: string }[];
    expect(rows.find((r) => r.id === 'e2e-softmax')?.suspended).toBe(true);
    expect(rows.find((r) => r.id === 'e2e-forget-gate')?.question).toBe('第一题（已编辑）：遗忘门的公式？');
  });
});

describe('broken decks', () => {
  it('a broken deck file is reported on the first card, and the other decks are studied', async () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    copyFileSync(join(DECKS, 'e2e.md'), join(decks, 'e2e.md'));
    writeFileSync(join(decks, 'broken.md'), '---\nid: broken\ntitle: [unclosed\n---\n');
    const pty = startStudy(home, [], {}, decks);
    await pty.waitFor(/卡组文件中有 1 个问题[\s\S]*第一题/);
    pty.send('q');
    await pty.exited;
  });
});

describe('across days', () => {
  it('a card graded Easy comes back as a review on the day it is due, not before', async () => {
    const home = tmp();
    const day1 = '2026-03-10T10:00:00.000Z';
    let pty = startStudy(home, [], { LLM_QUIZ_NOW: day1 });
    let at = await pty.waitFor(/第一题/);
    pty.send(' ');
    at = await pty.waitFor(/4 简单/, at);
    pty.send('4');
    await pty.waitFor(/第二题/, at);
    pty.send('q');
    await pty.exited;
    const rows = JSON.parse(
      runCli(['list', '--json', '--decks', DECKS, '--deck', 'e2e'], { home, env: { LLM_QUIZ_NOW: day1 } }).stdout,
    ) as {
      id: string;
      state: string;
      due: string | null;
    }[];
    const card = rows.find((r) => r.id === 'e2e-forget-gate');
    expect(card?.state).toBe('review');
    const due = Date.parse(card?.due ?? '');
    expect(due - Date.parse(day1)).toBeGreaterThan(2 * 86_400_000);

    // The day before it is due, with no new cards allowed, there is nothing to study.
    const before = new Date(due - 86_400_000 - 6 * 3_600_000).toISOString();
    pty = startStudy(home, ['--new', '0'], { LLM_QUIZ_NOW: before });
    await pty.waitFor(/现在没有要学的/);
    expect((await pty.exited).exitCode).toBe(0);

    // On the due day it is first in the queue, counted as a review.
    pty = startStudy(home, ['--new', '0'], { LLM_QUIZ_NOW: new Date(due + 3_600_000).toISOString() });
    at = await pty.waitFor(/约剩 \d+ 秒\s+新 0 学习 0 复习 1[\s\S]*第一题/);
    pty.send('q');
    await pty.exited;
  });
});

describe('settings reach the study screen', () => {
  it('config set desired_retention changes the intervals the grade line shows', async () => {
    const easyInterval = async (home: string) => {
      const pty = startStudy(home);
      let at = await pty.waitFor(/第一题/);
      pty.send(' ');
      const re = /4 简单 ([\d.]+)(天|个月|年)/;
      at = await pty.waitFor(re, at);
      const m = re.exec(plain(pty.output().slice(at - 400)));
      pty.send('q');
      await pty.exited;
      return Number(m?.[1]) * ({ 天: 1, 个月: 30, 年: 365 }[m?.[2] as '天'] ?? Number.NaN);
    };
    const home = tmp();
    const before = await easyInterval(home);
    expect(runCli(['config', 'set', 'desired_retention', '0.7'], { home }).code).toBe(0);
    const after = await easyInterval(home);
    expect(after).toBeGreaterThan(before); // lower retention → longer intervals
    expect(runCli(['config', 'set', 'desired_retention', '1.5'], { home }).code).toBe(1);
  });
});

describe('study without a terminal', () => {
  it('exits 1 within a second, saying why and what to use instead', () => {
    const home = tmp();
    const t0 = Date.now();
    const r = runCli(['study'], { home });
    expect(Date.now() - t0).toBeLessThan(1000 + 500); // generous for a loaded CI machine; the budget is checked in bench
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/interactive terminal/);
    expect(r.stderr).toContain('list --due --json');
  });
});

describe('the memory model on the card screen', () => {
  it('i shows recall now, stability and difficulty of a studied card, and says a new card has none', async () => {
    const home = tmp();
    const day1 = '2026-05-01T10:00:00Z';
    // Day 1: the first card is learnt with Easy; then quit.
    let pty = startStudy(home, [], { LLM_QUIZ_NOW: day1 });
    let at = await pty.waitFor(/第一题/);
    pty.send('i');
    at = await pty.waitFor(/新卡片：尚无记忆状态/, at);
    pty.send(' ');
    at = await pty.waitFor(/4 简单/, at);
    pty.send('4');
    at = await pty.waitFor(/第二题/, at);
    pty.send('q');
    await pty.exited;
    // Forty days later it is due again: `i` shows its memory state.
    pty = startStudy(home, [], { LLM_QUIZ_NOW: '2026-06-10T10:00:00Z' });
    at = await pty.waitFor(/第一题/);
    pty.send('i');
    at = await pty.waitFor(/当前回忆概率 \d+% · 稳定性 [\d.]+天 · 难度 [\d.]+\/10 · 上次 2026-05-01 10:00/, at);
    pty.send('q');
    await pty.exited;
  });
});
