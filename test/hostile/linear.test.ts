// Linear time on untrusted input: each parser and renderer that sees deck or import text, fed a
// pathological input at 1×, 4× and 16× its size, grows near-linearly (ratios, not absolute
// times: a quadratic one grows ~256× from 1× to 16×), and the limits that make it so are
// reported with file and line.
import { appendFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import chalk from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CARDS_PER_DECK, parseDeck } from '../../src/core/deck.js';
import { convertAnki } from '../../src/core/import/anki.js';
import { convertCsv } from '../../src/core/import/csv.js';
import { MAX_HTML_CHARS } from '../../src/core/import/guards.js';
import { htmlToMarkdown } from '../../src/core/import/html.js';
import { fingerprintText } from '../../src/core/import/identity.js';
import { dedupeIds } from '../../src/core/import/model.js';
import { convertOrgDrill } from '../../src/core/import/orgdrill.js';
import { convertQa } from '../../src/core/import/qa.js';
import { trimBlankLines } from '../../src/core/import/render.js';
import { MAX_BLOCK_LINES, MAX_NESTING, markdownLimitBreach } from '../../src/core/limits.js';
import type { Problem } from '../../src/errors.js';
import { renderMarkdown } from '../../src/ui/markdown.js';

// CPU time of this process, not wall time: on a loaded machine a run loses the core for tens of
// milliseconds at a time, which doubled single timings (80.6× and 206× for a linear 16× at a
// load of 10–13). Sizes are interleaved (1×, 4×, 16×, 1×, …) so that a busy phase of the machine
// slows all three alike, each keeps its fastest run, and a full garbage collection precedes each
// timing so that no run pays for the garbage of the one before. (Vitest's workers run without
// --expose-gc; the flag can be set at run time and the function taken from a new context.)
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** CPU time (user + system) that `reps` calls of `f` take, in ms, after a full collection. */
function cpuTimeOf(f: () => unknown, reps = 1): number {
  gc();
  const t0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

/** 16× the input in under this many times the CPU time is near-linear (quadratic is ~256×). */
const MAX_RATIO = 80;
/** Rounds of the three sizes: a pass needs at least MIN, a failure MAX (or the CPU budget spent). */
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 7;
/** CPU time after which a ladder still above MAX_RATIO fails at once (a linear one spends < 1 s). */
const BUDGET_MS = 10_000;

interface Ladder {
  r4: number;
  r16: number;
  n: number;
  rounds: number;
}

/**
 * Times `run(n)` at n, 4n and 16n and returns the two growth ratios. n doubles from `start` until
 * one run takes at least 4 ms (so the ratio is not timer noise), but never so far that 16n passes
 * `max`: a limit that sends larger inputs down a cheaper path (plain text, a refusal) must not sit
 * between 1× and 16×, or the ladder compares two paths and sees nothing. Where n stops short of
 * 4 ms, each size is run as many times as 5 ms needs at n. The sizes are timed in rounds
 * (1×, 4×, 16×), each keeping its fastest; a ratio under MAX_RATIO after MIN_ROUNDS ends the
 * ladder (each size's fastest of at least three runs, so not a 1× slowed by chance); a ratio
 * above it fails after MAX_ROUNDS, or as soon as BUDGET_MS of CPU time is spent.
 */
function ladder(run: (n: number) => unknown, start: number, max: number): Ladder {
  let n = start;
  run(n); // warm-up: lazy modules, JIT
  while (cpuTimeOf(() => run(n)) < 4 && n < start * 64 && 32 * n <= max) n *= 2;
  const reps = Math.min(
    1000,
    Math.ceil(
      5 /
        Math.max(
          cpuTimeOf(() => run(n)),
          0.005,
        ),
    ),
  );
  const sizes = [n, 4 * n, 16 * n];
  const best = sizes.map(() => Number.POSITIVE_INFINITY);
  let spent = 0;
  let rounds = 0;
  while (rounds < MAX_ROUNDS) {
    rounds++;
    for (const [i, size] of sizes.entries()) {
      const t = cpuTimeOf(() => run(size), reps);
      best[i] = Math.min(best[i] as number, t);
      spent += t;
    }
    const r16 = (best[2] as number) / (best[0] as number);
    if ((rounds >= MIN_ROUNDS && r16 < MAX_RATIO) || spent > BUDGET_MS) break;
  }
  const [t1, t4, t16] = best as [number, number, number];
  return { r4: t4 / t1, r16: t16 / t1, n, rounds };
}

/** Near-linear: 16× the input in under MAX_RATIO× the CPU time. */
function expectLinear(run: (n: number) => unknown, start: number, max = Number.POSITIVE_INFINITY): void {
  expect(16 * start, 'the ladder starts too high for its limit').toBeLessThanOrEqual(max);
  const l = ladder(run, start, max);
  // LADDER_LOG=file: one line per ladder (to quote the ratios of runs on a loaded machine).
  if (process.env.LADDER_LOG) {
    appendFileSync(process.env.LADDER_LOG, `${JSON.stringify({ test: expect.getState().currentTestName, ...l })}\n`);
  }
  expect(
    l.r16,
    `16× input (n=${l.n}) took ${l.r16.toFixed(1)}× the CPU time (4×: ${l.r4.toFixed(1)}×; ${l.rounds} rounds)`,
  ).toBeLessThan(MAX_RATIO);
}

const FM = '---\nid: d\ntitle: D\nlanguage: en\ntopics: [a]\ndescription: x\n---\n';
const card = (answer: string, meta = '<!-- id: q1 -->') => `${FM}\n## Q\n${meta}\n\n### Answer\n\n${answer}\n`;
const OPTS = {};

let level: typeof chalk.level;
beforeAll(() => {
  // Colour on, as in a terminal: the slow paths were in colouring and wrapping.
  level = chalk.level;
  chalk.level = 1;
});
afterAll(() => {
  chalk.level = level;
});

describe('deck parsing grows linearly', () => {
  it('an unclosed metadata comment `<!--` before n lines', () => {
    expectLinear((n) => parseDeck(`${FM}\n## Q\n<!--\n${'x\n'.repeat(n)}`, 'f.md'), 200);
  });
  it('a metadata comment with n keys (150,000 keys is refused at its line, not a stack overflow)', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: v`).join('; ');
    expectLinear((n) => parseDeck(card('a', `<!-- id: q1; ${keys(n)} -->`), 'f.md'), 200);
    const { deck, problems } = parseDeck(card('a', `<!-- id: q1; ${keys(150_000)} -->`), 'f.md');
    expect(deck?.cards ?? []).toHaveLength(0);
    expect(problems.find((p) => p.key === 'problem.limit.metaKeys')).toMatchObject({ file: 'f.md', line: 10 });
  });
  it('a deck of 400,000 one-line cards (2 MiB) is refused with one message, its cards never built', () => {
    // No ladder here (see docs/limits.md): below the card limit each card costs constant work and
    // the limit bounds any quadratic; past it the scan's cost is allocation, whose garbage
    // collection changes regime with the heap and made a ratio ladder flaky (85× for 16×).
    const { deck, problems } = parseDeck(`${FM}\n${'## q\n'.repeat(400_000)}`, 'f.md');
    expect(deck).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ key: 'problem.deck.tooManyCards', params: { n: 400_000, max: MAX_CARDS_PER_DECK } }),
    ]);
  });
  it('the limit check itself', () => {
    expectLinear((n) => markdownLimitBreach('> - a *b* c\n  - d\n\n'.repeat(n)), 200);
    // One paragraph of n short lines, kept under the 2,000-line and 10,000-character limits (past
    // them the scan stops at once, and a ladder across them would time two paths).
    expectLinear((n) => markdownLimitBreach('abc\n'.repeat(n)), 20, 2000);
  });
});

describe('Markdown rendering grows linearly (in colour)', () => {
  it.each([
    ['nested list, n levels', (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'), 4],
    // From 64 levels: every size past the nesting limit and wider than the terminal, so all are
    // wrapped as plain text (from 4, n drifted with the machine's speed: 4 and 16 levels went
    // through marked, 32 fitted a line unwrapped and 512 did not, and a ratio reached 79.6×).
    ['`> ` repeated n times', (n: number) => `${'> '.repeat(n)}x`, 64],
    // From 12,000 characters, past the line limit: marked's emphasis parsing grows quadratically only
    // beyond ~16,000 repetitions (0.2 s there, 3.8 s at 64,000), where a ladder from 100 never got.
    ['`*a` repeated n times', (n: number) => '*a'.repeat(n), 6000],
  ])('%s', (_name, make, start) => {
    expectLinear((n) => renderMarkdown(make(n), 80), start);
  });

  it('unclosed `<!--` before n lines, more lines than the limit (shown as plain text, wrapped)', () => {
    // Every size is past MAX_BLOCK_LINES: the path a text of any number of lines takes. (Below the
    // limit marked reads the comment as one HTML block, linear; the 2,000 lines bound the rest.)
    const comment = (n: number) => `<!--\n${'x\n'.repeat(n)}`;
    const start = 2048;
    expect(markdownLimitBreach(comment(start))?.key).toBe('problem.limit.lines');
    expectLinear((n) => renderMarkdown(comment(n), 80), start);
  });

  it('a code block of n lines, highlighted (up to the line-count limit)', () => {
    // Every size is within MAX_BLOCK_LINES, so each goes through marked and the highlighter
    // (src/ui/highlight.ts, as in the bundle: vitest aliases cli-highlight to it).
    // Lines dense in highlighted tokens (each number is a span): the highlighter's work per line.
    const code = (n: number) => `\`\`\`python\n${'x = [1, 2, 3, 4, 5, 6, 7, 8]  # c\n'.repeat(n)}\`\`\``;
    const max = MAX_BLOCK_LINES - 2;
    expect(markdownLimitBreach(code(max))).toBeUndefined();
    expect(renderMarkdown(code(1), 80)).toContain(chalk.yellow('1'));
    expectLinear((n) => renderMarkdown(code(n), 80), 100, max);
  });

  it('a code line of n characters, beyond the line limit (shown as plain text, wrapped)', () => {
    // Every size is past MAX_LINE_CHARS: the renderer's fallback, the path a line of any length
    // takes (below the limit a line is at most 10,000 characters, which bounds its cost).
    const line = (n: number) => `\`\`\`\n${'ab '.repeat(n)}\n\`\`\``;
    // From 30,000 characters: well past the limit, so a slowdown of the long line dominates 1×.
    const start = 10_000;
    expect(markdownLimitBreach(line(start))?.key).toBe('problem.limit.line');
    expectLinear((n) => renderMarkdown(line(n), 80), start);
  });

  it('a card nested deeper than the limit is refused by the parser, naming file and line', () => {
    const nested = Array.from({ length: 22 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n');
    const { deck, problems } = parseDeck(card(`intro\n\n${nested}`), 'deep.md');
    expect(deck?.cards ?? []).toHaveLength(0);
    // Answer text starts on line 14; the list on 16; level 17 is its 17th line.
    expect(problems.find((p) => p.key === 'problem.limit.nesting')).toMatchObject({
      file: 'deep.md',
      line: 16 + MAX_NESTING,
      severity: 'error',
    });
  });

  it('a 260 KB code block and 100k `*a` are refused by the parser with their line', () => {
    const code = parseDeck(card(`\`\`\`\n${'x'.repeat(260_000)}\n\`\`\``), 'code.md');
    expect(code.problems.find((p) => p.key === 'problem.limit.line')).toMatchObject({ file: 'code.md', line: 15 });
    const stars = parseDeck(card(`ok\n\n${'*a'.repeat(100_000)}`), 'stars.md');
    expect(stars.problems.find((p) => p.key === 'problem.limit.line')).toMatchObject({ line: 16 });
  });
});

describe('importers grow linearly', () => {
  it('HTML → Markdown: nested `<ol><li>` n deep', () => {
    // Every size is deeper than the nesting limit and shorter than MAX_HTML_CHARS (2,400 levels
    // are 19,200 characters): past that, the field loses its tags for its length alone.
    expectLinear((n) => htmlToMarkdown(`${'<ol><li>'.repeat(n)}x`), 20, Math.floor(MAX_HTML_CHARS / 8));
  });
  it('HTML → Markdown: unclosed `<!--` n times', () => {
    expectLinear((n) => htmlToMarkdown(`a ${'<!-- '.repeat(n)}b`), 50);
  });
  it('Anki cloze: unclosed `{{c1::` n times', () => {
    expectLinear((n) => convertAnki(`#separator:tab\n#html:false\n${'{{c1::'.repeat(n)}\tback\n`, 'a.txt', OPTS), 50);
  });
  it('CSV: n identical rows (ids de-duplicated)', () => {
    expectLinear((n) => convertCsv(`question,answer\n${'q,a\n'.repeat(n)}`, 'c.csv', OPTS), 100);
  });
  it('CSV: CR-only line ends are rows, not one record', () => {
    expectLinear((n) => convertCsv(`question,answer\r${'q,a\r'.repeat(n)}`, 'c.csv', OPTS), 100);
    const r = convertCsv('question,answer\rq1,a1\rq2,a2\r', 'c.csv', OPTS);
    expect(r.decks[0]?.cards.map((c) => c.question)).toEqual(['q1', 'q2']);
  });
  it('Q&A detection: n identical questions', () => {
    expectLinear((n) => convertQa(`# T\n\n${'## Q: what?\n\nA: x\n\n'.repeat(n)}`, 'q.md', OPTS), 50);
  });
  it('Q&A labels and bold lines followed by a run of n spaces (`Q` and 4,000 spaces took a minute)', () => {
    for (const head of ['Q', '**Q', '**Q1: a', '**1. a', '**What a', '**Q1: a**', '1. Why?\n\nA'])
      expectLinear((n) => convertQa(`${head}${' '.repeat(n)}z\n\nanswer\n`, 'q.md', OPTS), 200);
  });
  it('an org-drill headline with a run of n spaces inside (`** a` and 2,000 spaces took seconds)', () => {
    expectLinear((n) => convertOrgDrill(`* Deck\n** a${' '.repeat(n)}z :drill:\nbody\n`, 'd.org', OPTS), 200);
    // The title still ends before the spaces and the tags, trailing spaces or not.
    const r = convertOrgDrill('* Q one   :drill:   \nA one\n* Q two :drill:\nA two\n', 'd.org', OPTS);
    expect(r.decks[0]?.cards.map((c) => [c.question, c.answer])).toEqual([
      ['Q one', 'A one'],
      ['Q two', 'A two'],
    ]);
  });
  it('trailing-space trims on a line with a run of n spaces inside (source fingerprint, HTML, deck writing)', () => {
    // The trims are so fast once linear that one call is timer noise: each run makes 50 calls on
    // a line built beforehand (building it is not timed).
    const lines = new Map<number, string>();
    const line = (n: number) => lines.get(n) ?? (lines.set(n, `Q${' '.repeat(n)}z`).get(n) as string);
    const fifty = (f: (s: string) => unknown) => (n: number) => {
      const s = line(n);
      for (let k = 0; k < 50; k++) f(s);
    };
    expectLinear(fifty(fingerprintText), 2000);
    expectLinear(fifty(trimBlankLines), 2000);
    expectLinear((n) => htmlToMarkdown(`a${'&nbsp;'.repeat(n)}b`), 2000);
  });
  it('de-duplication of n equal ids', () => {
    expectLinear((n) => {
      const cards = Array.from({ length: n }, (_, i) => ({ id: 'same', line: i + 1 }));
      dedupeIds(cards as never, 'f', [] as Problem[]);
    }, 200);
  });
});

describe('HTML paragraphs', () => {
  it('HTML → Markdown: one paragraph of n bold words', () => {
    expectLinear((n) => htmlToMarkdown('<b>x</b> '.repeat(n)), 3000);
  });
});
