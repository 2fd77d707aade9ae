// Interview records: one append-only log per device under users/<u>/interviews/, merged on read
// (a synced copy counts once), torn and invalid lines skipped, a newer schema refused.
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { InterviewLog, interviewsDir, readInterviewLines, readInterviews } from '../../src/store/interviews.js';
import { ivAnswer, ivStart } from '../fixtures/interview.js';
import { tmp } from '../helpers.js';

const start = (id: string, t: string) => ivStart(id, t);
const answer = (id: string, iv: string, t: string) => ivAnswer(id, iv, t, { answer: '检索增强' });

describe('interview logs', () => {
  it('each device appends to its own file; reading merges them into interviews', () => {
    const user = tmp();
    const a = new InterviewLog(user, 'laptop');
    a.append(start('iv1', '2026-06-01T09:00:00.000Z'));
    a.append(answer('x1', 'iv1', '2026-06-01T09:01:00.000Z'));
    a.close();
    const b = new InterviewLog(user, 'desktop');
    b.append(start('iv2', '2026-06-02T09:00:00.000Z'), answer('x2', 'iv2', '2026-06-02T09:01:00.000Z'));
    b.close();
    expect(readdirSync(interviewsDir(user)).sort()).toEqual(['desktop.jsonl', 'laptop.jsonl']);
    const first = readFileSync(join(interviewsDir(user), 'laptop.jsonl'), 'utf8').split('\n')[0] as string;
    expect(JSON.parse(first)).toMatchObject({ type: 'header', schema: 1, device: 'laptop' });
    const ivs = readInterviews(user);
    expect(ivs.map((i) => [i.start.id, i.answers.map((x) => x.id)])).toEqual([
      ['iv1', ['x1']],
      ['iv2', ['x2']],
    ]);
    expect(ivs[0]?.answers[0]).toEqual(answer('x1', 'iv1', '2026-06-01T09:01:00.000Z'));
  });

  it('a sync tool’s conflict copy counts once; torn, non-JSON and invalid lines are skipped', () => {
    const user = tmp();
    const log = new InterviewLog(user, 'laptop');
    log.append(start('iv1', '2026-06-01T09:00:00.000Z'), answer('x1', 'iv1', '2026-06-01T09:01:00.000Z'));
    log.close();
    const dir = interviewsDir(user);
    copyFileSync(join(dir, 'laptop.jsonl'), join(dir, 'laptop.sync-conflict-20260601.jsonl'));
    appendFileSync(join(dir, 'laptop.jsonl'), 'not json\n{"type":"answer","id":"bad","grade":9}\n{"type":"answer","id":"torn"');
    expect(readInterviewLines(user).map((l) => l.id)).toEqual(['iv1', 'x1', 'iv1', 'x1']);
    expect(readInterviews(user)).toHaveLength(1);
    expect(readInterviews(user)[0]?.answers).toHaveLength(1);
    // The next append starts on a fresh line, so the record after the torn one is whole.
    const again = new InterviewLog(user, 'laptop');
    again.append(answer('x2', 'iv1', '2026-06-01T09:02:00.000Z'));
    again.close();
    expect(readInterviews(user)[0]?.answers.map((a) => a.id)).toEqual(['x1', 'x2']);
  });

  it('refuses a log from a newer llm-quiz and leaves it as it is', () => {
    const user = tmp();
    const dir = interviewsDir(user);
    mkdirSync(dir, { recursive: true });
    const text = '{"type":"header","schema":2,"device":"future","created":"2030-01-01T00:00:00.000Z"}\n';
    writeFileSync(join(dir, 'future.jsonl'), text);
    expect(() => readInterviews(user)).toThrow(UserError);
    expect(readFileSync(join(dir, 'future.jsonl'), 'utf8')).toBe(text);
  });

  it('no folder yet: no interviews', () => {
    expect(readInterviews(tmp())).toEqual([]);
  });
});
