// Interview records from other devices are validated; the report scores topics, names the three
// weakest with the command to drill them; the trend lists each interview's score.
import { describe, expect, it } from 'vitest';
import {
  answerScore,
  groupInterviews,
  type InterviewAnswer,
  interviewReport,
  interviewTrend,
  validateInterviewLine,
} from '../../src/core/interview-report.js';
import { ivAnswer, ivStart, points } from '../fixtures/interview.js';

const start = (id: string, t: string) => ivStart(id, t, { topics: [], questions: 8 });

let n = 0;
const answer = (iv: string, topic: string, covered: number, missed: number, extra: Partial<InterviewAnswer> = {}) => {
  n++;
  const t = `2026-06-01T09:${String(10 + n).padStart(2, '0')}:00.000Z`;
  return ivAnswer(`a${n}`, iv, t, {
    topic,
    ms: 60_000,
    covered: points(covered, 'kp'),
    missed: points(missed, 'miss'),
    suggested: 3,
    ...extra,
  });
};

describe('validateInterviewLine', () => {
  it('keeps a valid record as a fresh object with only the known fields', () => {
    const a = answer('iv1', 'rag', 1, 1);
    const text = JSON.stringify({ ...a, extra: 'x' }).replace(/^\{/, '{"__proto__":{"polluted":true},');
    const v = validateInterviewLine(JSON.parse(text));
    expect(v).toEqual(a);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.hasOwn(v as object, '__proto__')).toBe(false);
    expect(v).not.toHaveProperty('extra');
  });

  it('refuses records with wrong types, bad times, bad grades or oversized fields', () => {
    const a = answer('iv1', 'rag', 1, 1);
    const bad = [
      { ...a, grade: 5 },
      { ...a, t: '2026-06-01 09:00' },
      { ...a, covered: 'kp' },
      { ...a, ms: -1 },
      { ...a, topic: 'rag --deck x; rm' },
      { ...a, grader: 'human' },
      { ...a, errors: 'wrong' },
      { ...a, question: 'x'.repeat(3000) },
      { ...a, covered: Array.from({ length: 100 }, () => 'k') },
      { ...start('iv', '2026-06-01T09:00:00.000Z'), mode: 'shouted' },
      { ...start('iv', '2026-06-01T09:00:00.000Z'), schedule: 'yes' },
      null,
      'answer',
    ];
    for (const b of bad) expect(validateInterviewLine(b)).toBeUndefined();
    expect(validateInterviewLine(start('iv', '2026-06-01T09:00:00.000Z'))).toEqual(start('iv', '2026-06-01T09:00:00.000Z'));
  });
});

describe('groupInterviews', () => {
  it('merges devices by id, orders interviews and answers by time, waits for a missing start', () => {
    const s1 = start('iv1', '2026-06-01T09:00:00.000Z');
    const s2 = start('iv2', '2026-05-01T09:00:00.000Z');
    const a1 = answer('iv1', 'rag', 1, 0);
    const a2 = answer('iv1', 'rag', 0, 1);
    const orphan = answer('iv9', 'rag', 1, 0);
    const ivs = groupInterviews([a2, s1, a1, s2, a1, orphan, s1]);
    expect(ivs.map((i) => i.start.id)).toEqual(['iv2', 'iv1']);
    expect(ivs[1]?.answers.map((a) => a.id)).toEqual([a1.id, a2.id]);
    expect(ivs[0]?.answers).toEqual([]);
  });
});

describe('interviewReport', () => {
  it('scores each topic by key points covered and names the three weakest with a drill command', () => {
    const iv = {
      start: start('iv', '2026-06-01T09:00:00.000Z'),
      answers: [
        answer('iv', 'rag', 3, 1), // 0.75
        answer('iv', 'rag', 1, 1), // 0.5
        answer('iv', 'moe', 0, 3),
        answer('iv', 'quantization', 2, 2),
        answer('iv', 'kv-cache', 4, 0),
        answer('iv', 'lora', 2, 1),
      ],
    };
    const r = interviewReport(iv);
    expect(r.questions).toBe(6);
    expect(r.ms).toBe(360_000);
    expect(r.topics.map((x) => [x.topic, x.questions, +x.score.toFixed(3)])).toEqual([
      ['moe', 1, 0],
      ['quantization', 1, 0.5],
      ['rag', 2, 0.625],
      ['lora', 1, 0.667],
      ['kv-cache', 1, 1],
    ]);
    expect(r.weakest.map((w) => w.command)).toEqual([
      'llm-quiz study --topic moe --cram',
      'llm-quiz study --topic quantization --cram',
      'llm-quiz study --topic rag --cram',
    ]);
    expect(r.score).toBeCloseTo((0.75 + 0.5 + 0 + 0.5 + 1 + 2 / 3) / 6, 6);
  });

  it('never names a topic answered perfectly as weak', () => {
    const iv = {
      start: start('iv', '2026-06-01T09:00:00.000Z'),
      answers: [answer('iv', 'alignment', 1, 1), answer('iv', 'moe', 2, 0)],
    };
    expect(interviewReport(iv).weakest).toEqual([
      { topic: 'alignment', score: 0.5, command: 'llm-quiz study --topic alignment --cram' },
    ]);
  });

  it('a card without key points scores by its grade', () => {
    expect([1, 2, 3, 4].map((g) => answerScore(answer('iv', 'x', 0, 0, { grade: g as 1 })))).toEqual([0, 1 / 3, 2 / 3, 1]);
  });
});

describe('interviewTrend', () => {
  it('one point per interview with answers, oldest first', () => {
    const ivs = groupInterviews([
      start('late', '2026-06-02T09:00:00.000Z'),
      answer('late', 'rag', 3, 1),
      start('early', '2026-06-01T09:00:00.000Z'),
      answer('early', 'rag', 1, 3),
      start('empty', '2026-06-03T09:00:00.000Z'),
    ]);
    expect(interviewTrend(ivs)).toEqual([
      { t: '2026-06-01T09:00:00.000Z', questions: 1, score: 0.25 },
      { t: '2026-06-02T09:00:00.000Z', questions: 1, score: 0.75 },
    ]);
  });
});
