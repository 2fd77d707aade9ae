// `interview` outside a terminal: usage errors, --history (table, trend, Markdown) from records
// written on two devices, and the trend in `stats`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InterviewLog } from '../../src/store/interviews.js';
import { ivAnswer, ivStart, points } from '../fixtures/interview.js';
import { runCli, tmp } from '../helpers.js';

const start = (id: string, t: string) => ivStart(id, t, { questions: 2 });
const answer = (id: string, iv: string, t: string, covered: number) =>
  ivAnswer(id, iv, t, { ms: 90_000, covered: points(covered, 'point '), missed: points(4 - covered, 'missed '), grade: 2 });

/** Two interviews, one written on each of two synced devices. */
function twoDevices(home: string): void {
  const user = join(home, 'data', 'users', 'default');
  const a = new InterviewLog(user, 'laptop');
  a.append(start('iv1', '2026-06-01T09:00:00.000Z'), answer('a1', 'iv1', '2026-06-01T09:02:00.000Z', 1));
  a.close();
  const b = new InterviewLog(user, 'desktop');
  b.append(start('iv2', '2026-06-03T09:00:00.000Z'), answer('a2', 'iv2', '2026-06-03T09:02:00.000Z', 3));
  b.close();
}

describe('interview from scripts', () => {
  it('usage errors exit 2; without a terminal it exits 1 and points at --history', () => {
    const home = tmp();
    expect(runCli(['interview', '--questions', '0'], { home }).code).toBe(2);
    expect(runCli(['interview', '--questions', 'x'], { home }).code).toBe(2);
    const both = runCli(['interview', '--questions', '3', '--minutes', '10'], { home });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--questions and --minutes cannot be combined');
    expect(runCli(['interview', '--markdown'], { home }).code).toBe(2);
    const notty = runCli(['interview'], { home });
    expect(notty.code).toBe(1);
    expect(notty.stderr).toContain('llm-quiz interview --history');
  });

  it('--history lists interviews from every device with a trend; --markdown has them in full', () => {
    const home = tmp();
    expect(runCli(['interview', '--history'], { home }).stdout).toContain('No interviews yet');
    twoDevices(home);
    const r = runCli(['interview', '--history'], { home });
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('2026-'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^2026-06-01 09:00\s+typed\s+1\s+25%\s+1:30\s+rag$/);
    expect(rows[1]).toMatch(/^2026-06-03 09:00\s+typed\s+1\s+75%\s+1:30\s+rag$/);
    expect(r.stdout).toContain('Mock interviews: 2 · last scores 25% → 75%');
    const md = runCli(['interview', '--history', '--markdown'], { home }).stdout;
    expect(md.match(/^## /gm)).toHaveLength(2);
    expect(md).toContain('### 1. Question a2?');
    expect(md).toContain('- ✗ missed 0');
  });

  it('stats shows the trend, and stats --json has each interview’s score', () => {
    const home = tmp();
    twoDevices(home);
    expect(runCli(['stats'], { home }).stdout).toContain('Mock interviews: 2 · last scores 25% → 75%');
    const json = JSON.parse(runCli(['stats', '--json'], { home }).stdout);
    expect(json.interviews).toEqual([
      { t: '2026-06-01T09:00:00.000Z', questions: 1, score: 0.25 },
      { t: '2026-06-03T09:00:00.000Z', questions: 1, score: 0.75 },
    ]);
  });
});
