// End-to-end: `llm-quiz interview` in a real pseudo-terminal (80x24, Chinese) on a fixture deck
// whose cards all name a follow-up: typed answers checked against key points, a follow-up taken
// after a good answer, grades confirmed, the report printed and saved; spoken mode; Ctrl+C.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { width } from '../../src/ui/term.js';
import { FIXTURES, runCli, tmp } from '../helpers.js';
import { logEvents, plain, startPty } from './pty.js';

const DECKS = join(FIXTURES, 'interview');

/** Each fixture question, a good typed answer (covers every key point) and its follow-up. */
const CARDS = {
  'iv-kv-cache': { q: '什么是 KV 缓存', good: '缓存已生成 token 的 K 和 V，这样可以避免重复计算', follow: 'iv-gqa' },
  'iv-gqa': { q: 'GQA 如何减少 KV 缓存', good: '一组查询头共享一个 K/V 头，KV 缓存按组数缩小', follow: 'iv-kv-cache' },
  'iv-lora': { q: 'LoRA 的核心思想是什么', good: '冻结预训练权重，只训练低秩矩阵 A 和 B', follow: 'iv-qlora' },
  'iv-qlora': { q: 'QLoRA 在 LoRA 之上多了什么', good: '基座模型量化为 4 位 NF4，在量化模型上训练 LoRA', follow: 'iv-lora' },
} as const;
type Id = keyof typeof CARDS;

function start(home: string, args: string[]) {
  const env = { LLM_QUIZ_INTERVIEW_SEED: '7', LLM_QUIZ_NOW: '2026-06-01T09:00:00.000Z' };
  const pty = startPty(['interview', '--decks', DECKS, '--deck', 'iv', ...args], home, env);
  /** The fixture card whose question is on screen after `after`. */
  const question = async (after: number): Promise<{ id: Id; at: number }> => {
    const at = await pty.waitFor(/什么是 KV 缓存|GQA 如何减少|LoRA 的核心思想|QLoRA 在 LoRA/, after);
    // The question under the last header, without the "follow-up to" line naming the previous one.
    const all = plain(pty.output().slice(after));
    const screen = all
      .slice(all.lastIndexOf('模拟面试'))
      .split(/\r?\n/)
      .filter((l) => !l.includes('追问自'))
      .join('\n');
    const id = (Object.keys(CARDS) as Id[]).find((k) => screen.includes(CARDS[k].q)) as Id;
    return { id, at };
  };
  return { ...pty, question };
}

function jsonl(dir: string): Record<string, unknown>[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => e.type !== 'header');
}
const reviews = (home: string) => logEvents(home).filter((e) => e.type === 'review');
const records = (home: string) => jsonl(join(home, 'data', 'users', 'default', 'interviews'));

describe('interview in a pseudo-terminal', () => {
  it('3 typed questions: a good answer leads to its follow-up, grades confirmed, report printed and saved', async () => {
    const home = tmp();
    const pty = start(home, ['--questions', '3']);
    // Question 1: a good answer covers both key points; Enter confirms the suggested Easy.
    const q1 = await pty.question(0);
    let at = await pty.waitFor(/模拟面试 · 1\/3[\s\S]*Ctrl\+D 提交/, 0);
    pty.send(CARDS[q1.id].good);
    pty.send('\r第二行');
    at = await pty.waitFor(/第二行/, at);
    pty.send('\u0004');
    at = await pty.waitFor(/✓ [\s\S]*✓ [\s\S]*覆盖要点 2\/2 · 00:0\d · 建议评分 4 简单[\s\S]*Enter：评分 4 简单/, at);
    pty.send('\r');
    // Question 2 is the follow-up, shown as one.
    const follow = CARDS[q1.id].follow;
    const q2 = await pty.question(at);
    expect(q2.id).toBe(follow);
    at = await pty.waitFor(/模拟面试 · 2\/3[\s\S]*追问自/, at);
    pty.send('不知道');
    pty.send('\u0004');
    at = await pty.waitFor(/✗ [\s\S]*✗ [\s\S]*覆盖要点 0\/2 · 00:0\d · 建议评分 1 重来/, at);
    pty.send('\r');
    // A poor answer moves on: question 3 is neither of the first two; 3 overrides the suggestion.
    const q3 = await pty.question(at);
    expect([q1.id, q2.id]).not.toContain(q3.id);
    at = await pty.waitFor(/模拟面试 · 3\/3/, at);
    pty.send(CARDS[q3.id].good.slice(0, 8));
    pty.send('\u0004');
    const before3 = at;
    at = await pty.waitFor(/覆盖要点 \d\/2 · 00:0\d · 建议评分 \d/, at);
    // What the screen suggested, and how many points it marked covered, is what gets saved.
    const m = /覆盖要点 (\d)\/2 · 00:0\d · 建议评分 (\d)/.exec(plain(pty.output().slice(before3)));
    const [covered3, shown] = [Number(m?.[1]), Number(m?.[2])];
    pty.send('3');
    const beforeReport = at;
    at = await pty.waitFor(/面试报告[\s\S]*共 3 题[\s\S]*（追问）[\s\S]*各主题得分/, at);
    // The poorly answered follow-up's topic is among the weakest, with the command to drill it.
    const topicOf = (id: Id) => (id.includes('lora') ? 'peft' : 'kv');
    await pty.waitFor(new RegExp(`最薄弱的主题[\\s\\S]*llm-quiz study --topic ${topicOf(q2.id)} --cram`), beforeReport);
    expect((await pty.exited).exitCode).toBe(0);
    const screenText = plain(pty.output());
    const report = screenText.slice(screenText.lastIndexOf('面试报告'));
    for (const line of report.split(/\r?\n/)) expect(width(line)).toBeLessThanOrEqual(80);

    // Every grade is a review in the schedule, and every answer a saved record naming it.
    const revs = reviews(home);
    expect(revs.map((r) => [r.card, r.rating])).toEqual([
      [q1.id, 4],
      [q2.id, 1],
      [q3.id, 3],
    ]);
    expect(revs[0]?.typed).toBe(`${CARDS[q1.id].good}\n第二行`);
    const recs = records(home);
    expect(recs[0]).toMatchObject({ type: 'interview', mode: 'typed', topics: [], decks: ['iv'], questions: 3, schedule: true });
    const answers = recs.filter((r) => r.type === 'answer');
    expect(answers.map((a) => [a.card, a.grade, a.suggested, (a.covered as string[]).length, a.followUpOf ?? null])).toEqual([
      [q1.id, 4, 4, 2, null],
      [q2.id, 1, 1, 0, q1.id],
      [q3.id, 3, shown, covered3, null],
    ]);
    expect(answers.map((a) => a.review)).toEqual(revs.map((r) => r.id));

    // The history lists it; the Markdown export has every question and the missed points.
    const hist = runCli(['interview', '--history', '--lang', 'en'], { home, env: { LLM_QUIZ_DEVICE: 'pty' } });
    expect(hist.code).toBe(0);
    expect(hist.stdout).toMatch(/2026-06-01 09:00\s+typed\s+3\s+\d+%/);
    expect(hist.stdout).toMatch(/Mock interviews: 1 · last scores \d+%/);
    const md = runCli(['interview', '--history', '--markdown', '--lang', 'en'], { home }).stdout;
    expect(md).toMatch(/^# Mock interviews\n/);
    expect(md).toContain(`### 2. ${CARDS[q2.id].q}`);
    expect(md).toContain('> 不知道');
    expect(md).toMatch(/- ✗ /);
  }, 60_000);

  it('spoken mode: no typing; ticking a key point by its letter changes the suggestion; --no-schedule writes no review', async () => {
    const home = tmp();
    const pty = start(home, ['--questions', '1', '--spoken', '--no-schedule']);
    const q = await pty.question(0);
    let at = await pty.waitFor(/请口头作答，然后按 Enter/, 0);
    pty.send('\r');
    at = await pty.waitFor(/a\) [\s\S]*b\) [\s\S]*覆盖要点 0\/2[\s\S]*建议评分 1 重来[\s\S]*只练习/, at);
    pty.send('a');
    at = await pty.waitFor(/✓ a\) [\s\S]*覆盖要点 1\/2 · 00:0\d · 建议评分 2 困难/, at);
    pty.send('\r');
    await pty.waitFor(/面试报告[\s\S]*共 1 题/, at);
    expect((await pty.exited).exitCode).toBe(0);
    const answers = records(home).filter((r) => r.type === 'answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ card: q.id, grade: 2, suggested: 2 });
    expect(answers[0]?.covered).toHaveLength(1);
    expect(answers[0]).not.toHaveProperty('answer');
    expect(answers[0]).not.toHaveProperty('review');
    expect(reviews(home)).toEqual([]);
  }, 60_000);

  it('Ctrl+C mid-interview keeps the answers already graded and prints the report so far', async () => {
    const home = tmp();
    const pty = start(home, ['--questions', '3']);
    const q1 = await pty.question(0);
    let at = await pty.waitFor(/模拟面试 · 1\/3/, 0);
    pty.send('不知道\u0004');
    at = await pty.waitFor(/建议评分 1 重来/, at);
    pty.send('2');
    at = await pty.waitFor(/模拟面试 · 2\/3/, at);
    pty.send('写了一半');
    at = await pty.waitFor(/写了一半/, at);
    pty.send('\u0003');
    await pty.waitFor(/提前结束：已评分的 1 个回答已保存[\s\S]*面试报告[\s\S]*共 1 题/, at);
    expect((await pty.exited).exitCode).toBe(130);
    expect(reviews(home).map((r) => [r.card, r.rating])).toEqual([[q1.id, 2]]);
    const answers = records(home).filter((r) => r.type === 'answer');
    expect(answers.map((a) => [a.card, a.grade])).toEqual([[q1.id, 2]]);
  }, 60_000);

  it('Ctrl+E writes the answer in $EDITOR: what the editor saved is the answer checked and kept', async () => {
    const home = tmp();
    const editor = join(home, 'fake-editor.sh');
    // The "editor" appends two lines to the file it is given, as a user would.
    writeFileSync(editor, `#!/bin/sh\nfor last; do :; done; printf '编辑器里写的第一行\\n第二行\\n' >> "$last"\n`, {
      mode: 0o755,
    });
    const pty = startPty(['interview', '--decks', DECKS, '--deck', 'iv', '--questions', '1'], home, {
      LLM_QUIZ_INTERVIEW_SEED: '7',
      EDITOR: editor,
    });
    let at = await pty.waitFor(/Ctrl\+E 编辑器/);
    pty.send('先打的字 ');
    at = await pty.waitFor(/先打的字/, at);
    pty.send('\u0005');
    at = await pty.waitFor(/> 先打的字 编辑器里写的第一行\s+第二行/, at);
    pty.send('\u0004');
    at = await pty.waitFor(/你的答案[\s\S]*先打的字 编辑器里写的第一行[\s\S]*建议评分/, at);
    pty.send('\r');
    await pty.waitFor(/面试报告/, at);
    expect((await pty.exited).exitCode).toBe(0);
    expect(reviews(home)[0]?.typed).toBe('先打的字 编辑器里写的第一行\n第二行');
    // The temporary file lived outside the data directory and is gone.
    expect(readdirSync(join(home, 'data', 'users', 'default')).sort()).toEqual(['interviews', 'logs', 'snapshot.json']);
  }, 60_000);

  it('--minutes: the header counts down the time left, and the interview records its length', async () => {
    const home = tmp();
    const pty = startPty(['interview', '--decks', DECKS, '--deck', 'iv', '--minutes', '1', '--spoken'], home, {
      LLM_QUIZ_INTERVIEW_SEED: '7',
    });
    await pty.waitFor(/模拟面试 · 1 · \S+ +剩余 0[01]:\d\d/);
    pty.send('\u0003');
    expect((await pty.exited).exitCode).toBe(130);
    const [first] = records(home);
    expect(first).toMatchObject({ type: 'interview', mode: 'spoken', minutes: 1 });
    expect(first).not.toHaveProperty('questions');
  }, 60_000);

  it('with a model grader configured: told once what is sent and where; its verdict marks the points and its errors show and are saved', async () => {
    const home = tmp();
    const bodies: string[] = [];
    const verdict = { covered: [0], errors: ['说反了：省的是显存，不是算力'], score: 0.5 };
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        const message = { role: 'assistant', content: JSON.stringify(verdict) };
        res.end(JSON.stringify({ object: 'chat.completion', choices: [{ index: 0, message }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      for (const [k, v] of [
        ['grader_url', url],
        ['grader_model', 'test-model'],
      ])
        expect(runCli(['config', 'set', k as string, v as string], { home, env: { LLM_QUIZ_DEVICE: 'pty' } }).code).toBe(0);
      const pty = start(home, ['--questions', '1']);
      const q = await pty.question(0);
      let at = await pty.waitFor(/Ctrl\+D 提交/);
      pty.send('省算力\u0004');
      // The disclosure names the model and the URL; the model's verdict, not the offline check, marks the points.
      at = await pty.waitFor(new RegExp(`test-model[\\s\\S]*${url.replace(/[.]/g, '\\.')}`), at);
      at = await pty.waitFor(/✓ [\s\S]*✗ [\s\S]*事实错误（模型评分）[\s\S]*! 说反了[\s\S]*覆盖要点 1\/2/, at);
      pty.send('\r');
      await pty.waitFor(/面试报告/, at);
      expect((await pty.exited).exitCode).toBe(0);
      expect(bodies).toHaveLength(1);
      expect(JSON.parse(bodies[0] as string).messages.at(-1).content).toContain('省算力');
      const [answer] = records(home).filter((r) => r.type === 'answer');
      expect(answer).toMatchObject({ card: q.id, grader: 'model', errors: verdict.errors });
      expect(answer?.covered).toHaveLength(1);
    } finally {
      server.close();
    }
  }, 60_000);
});
