// The interview screens fit 80 columns in both languages; typed input is edited key by key;
// spoken mode labels key points with letters that are no other key; the report and Markdown.
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Interview, InterviewAnswer } from '../../src/core/interview-report.js';
import { historyMarkdown, reportLines } from '../../src/ui/interview-report.js';
import { clockText, editText, layoutAnswer, layoutCheck, pointLetter } from '../../src/ui/interview-screen.js';
import { setLang } from '../../src/ui/messages.js';
import { width } from '../../src/ui/term.js';
import { ivAnswer, ivStart } from '../fixtures/interview.js';

const plain = (lines: string[]) => lines.map(stripVTControlCharacters);
afterEach(() => setLang('en'));

describe('answer screen', () => {
  const view = {
    title: '模拟面试 · 2/8 · kv',
    clock: '01:05',
    question: '分组查询注意力 (GQA) 如何减少 KV 缓存？',
    spoken: false,
    width: 80,
    rows: 24,
  };

  it('shows the clock on the header line and the typed text last, wrapped by display width', () => {
    setLang('zh');
    const long = '一组查询头共享一个 K/V 头，'.repeat(12);
    const lines = plain(layoutAnswer({ ...view, text: `${long}\n第二行`, followUpOf: '什么是 KV 缓存？' }));
    expect(lines[0]).toMatch(/^模拟面试 · 2\/8 · kv +01:05$/);
    expect(width(lines[0] as string)).toBe(80);
    expect(lines).toContain('追问自：什么是 KV 缓存？');
    expect(lines.at(-1)).toBe('  第二行');
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
  });

  it('a long answer keeps the question on screen and shows the end of the text', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    const lines = plain(layoutAnswer({ ...view, text }));
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines).toContain('分组查询注意力 (GQA) 如何减少 KV 缓存？');
    expect(lines.at(-1)).toBe('  line 40');
  });

  it('spoken mode has no input line', () => {
    const lines = plain(layoutAnswer({ ...view, spoken: true, text: '' }));
    expect(lines.at(-1)).toMatch(/Answer aloud, then press Enter/);
    expect(lines.some((l) => l.startsWith('> '))).toBe(false);
  });
});

describe('editText', () => {
  it('appends characters (a paste too), Enter starts a line, Backspace removes one character', () => {
    let s = editText('', '你', {});
    s = editText(s, 'ok', {});
    s = editText(s, '\r', { name: 'return' });
    s = editText(s, '😀', {});
    expect(s).toBe('你ok\n😀');
    expect(editText(s, undefined, { name: 'backspace' })).toBe('你ok\n');
    expect(editText('a', '\u001B[31m', {})).toBe('a[31m');
    expect(editText('a', 'x', { ctrl: true, name: 'x' })).toBe('a');
    expect(editText('a', undefined, { name: 'up' })).toBe('a');
  });
});

describe('check screen', () => {
  const view = {
    title: 'Mock interview · 1/8 · kv',
    taken: '02:10',
    answer: 'Query heads in groups share one K/V head: the cache shrinks by the group size.',
    keyPoints: ['Query heads in a group share one K/V head', 'The KV cache shrinks by heads/groups'],
    covered: [true, false],
    suggested: 2 as const,
    schedule: true,
    width: 80,
    rows: 24,
  };

  it('typed: your answer, the reference, ✓/✗ per key point, the suggestion and the keys', () => {
    const { body, footer } = layoutCheck({ ...view, spoken: false, typed: 'heads share K/V' });
    const all = plain([...body, ...footer]);
    expect(all).toContain('  ✓ Query heads in a group share one K/V head');
    expect(all).toContain('  ✗ The KV cache shrinks by heads/groups');
    expect(all.join('\n')).toMatch(/Key points covered: 1\/2 · 02:10 · suggested grade 2 Hard/);
    expect(all.join('\n')).toMatch(/Enter: grade 2 Hard · 1-4 another grade/);
    for (const l of all) expect(width(l)).toBeLessThanOrEqual(80);
  });

  it('spoken: no answer of yours, points labelled a), b) to tick; --no-schedule is said', () => {
    setLang('zh');
    const { body, footer } = layoutCheck({ ...view, spoken: true, schedule: false });
    const all = plain([...body, ...footer]);
    expect(all.join('\n')).not.toContain('你的答案');
    expect(all).toContain('  ✓ a) Query heads in a group share one K/V head');
    expect(all).toContain('  · b) The KV cache shrinks by heads/groups');
    expect(all.join('\n')).toContain('只练习（--no-schedule）');
    for (const l of all) expect(width(l)).toBeLessThanOrEqual(80);
  });

  it('a model grader’s notes come first and its factual errors after the key points', () => {
    const notes = ['Typed answers are graded by the model m at http://127.0.0.1:1/v1'];
    const { body } = layoutCheck({ ...view, spoken: false, typed: 'x', notes, errors: ['MQA saves memory, not compute'] });
    const all = plain(body);
    expect(all[1]).toBe(notes[0]);
    const at = all.indexOf('Factual errors (model grader)');
    expect(at).toBeGreaterThan(all.indexOf('  ✗ The KV cache shrinks by heads/groups'));
    expect(all[at + 1]).toBe('  ! MQA saves memory, not compute');
  });

  it('letters never collide with scroll, quit or grade keys', () => {
    const letters = Array.from({ length: 21 }, (_, i) => pointLetter(i));
    expect(new Set(letters).size).toBe(21);
    for (const k of ['j', 'k', 'q', 'p', 'u', '1', '2', '3', '4']) expect(letters).not.toContain(k);
    expect(pointLetter(21)).toBeUndefined();
  });

  it('clock text', () => {
    expect([clockText(0), clockText(65_000), clockText(3_725_000)]).toEqual(['00:00', '01:05', '1:02:05']);
  });
});

const iv: Interview = {
  start: ivStart('iv', '2026-06-01T09:00:00.000Z', { topics: ['kv'], questions: 2 }),
  answers: [
    ivAnswer('a1', 'iv', '2026-06-01T09:01:00.000Z', {
      question: 'What is a KV cache?\u001B]0;pwned\u0007',
      topic: 'kv',
      ms: 75_000,
      covered: ['stores K and V'],
      missed: ['avoids recomputation | twice'],
      answer: 'It stores K and V.\n\u001B[2Jsecond line',
    }),
  ],
};

describe('report and Markdown', () => {
  it('the report names time, key points and grade per question, the topic score and the drill command', () => {
    const lines = plain(reportLines(iv, 80));
    const text = lines.join('\n');
    expect(text).toMatch(/1 question\(s\) in 1:15 · score 50%/);
    expect(text).toMatch(/1:15 · key points 1\/2 · grade 3 Good/);
    expect(text).toContain('missed: avoids recomputation | twice');
    expect(text).toContain('kv 50%\n    llm-quiz study --topic kv --cram');
    // Text from the record cannot reach the terminal as escape codes.
    expect(reportLines(iv, 80).join('')).not.toContain('\u001B]0;');
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
  });

  it('a long list of missed points is cut at three lines, each once; a long topic stays within 80 columns', () => {
    const missed = Array.from({ length: 8 }, (_, i) => `missed key point number ${i} with a few more words`);
    const long = { ...iv, answers: [{ ...(iv.answers[0] as InterviewAnswer), topic: 'preference-optimization', missed }] };
    const lines = plain(reportLines(long, 80));
    const cut = lines.filter((l) => l.startsWith('    ') && /missed|number/.test(l));
    expect(cut).toHaveLength(3);
    expect(new Set(cut).size).toBe(3);
    expect(cut[2]).toMatch(/ …$/);
    expect(lines).toContain('    llm-quiz study --topic preference-optimization --cram');
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
  });

  it('Markdown: headings per interview and question, the answer quoted, points as ✓/✗ items', () => {
    const md = historyMarkdown([iv], 'UTC');
    expect(md).toMatch(/^# Mock interviews\n\n## 2026-06-01 09:00 · kv\n/);
    expect(md).toContain('### 1. What is a KV cache?');
    expect(md).toContain('> It stores K and V.\n> ');
    expect(md).toContain('- ✓ stores K and V\n- ✗ avoids recomputation \\| twice');
    expect(md).not.toContain('\u001B');
  });
});
