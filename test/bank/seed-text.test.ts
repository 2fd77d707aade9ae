// The seed post's chatbot answers are a list of questions, never a source: no sentence of them, and
// no 20-character run of their Chinese prose, may appear in the bundled decks.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

// The post lives next to the repository (see issue 5); without it there is nothing to compare.
const SEED = join(ROOT, '..', 'shared', 'seed', '000_b1356e3e932db506.txt');
const WINDOW = 20;

/**
 * The text of the chatbot answers: every line from the first question up to the author's own
 * unanswered list, except the question lines and the numbered source links. This keeps both the
 * `>`-prefixed lines and the unprefixed continuation lines inside answers.
 */
function answerText(post: string): string {
  const lines = post.split('\n');
  const start = lines.findIndex((l) => /^1\.\s/.test(l));
  const end = lines.findIndex((l) => l.startsWith('以下是我自己面试时遇到的一些问题'));
  return lines
    .slice(start, end < 0 ? undefined : end)
    .filter((l) => l.trim() && !/^\d+\.\s/.test(l) && !/^\(\d+\)\s/.test(l))
    .map((l) => l.replace(/^>\s?/, ''))
    .join('\n');
}

/** Drops citation marks and Markdown emphasis, unifies full-width forms, removes all whitespace. */
function norm(s: string): string {
  return s
    .replace(/\[\^\d+\^\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, '')
    .normalize('NFKC')
    .replace(/[*`]/g, '')
    .replace(/\s+/g, '');
}

function sentences(text: string): string[] {
  return text
    .split(/[。！？；.!?;\n]/)
    .map(norm)
    .filter((s) => [...s].length >= 12);
}

describe.skipIf(!existsSync(SEED))('seed answers do not appear in the decks', () => {
  const answers = answerText(existsSync(SEED) ? readFileSync(SEED, 'utf8') : '');
  const decks = readdirSync(join(ROOT, 'decks', 'zh'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ file: f, text: norm(readFileSync(join(ROOT, 'decks', 'zh', f), 'utf8')) }));

  it('the extraction finds the answers (sanity check of the parser above)', () => {
    const all = sentences(answers);
    expect(all.length).toBeGreaterThan(400);
    expect(all).toContain(norm('在推理引擎中，Int8量化是一种常见的方法来加速模型的推理过程'));
    // An unprefixed continuation line inside answer 4 is included too.
    expect(all.some((s) => s.startsWith(norm('GLM是一个通用的预训练语言模型')))).toBe(true);
  });

  it('no answer sentence of 12 or more characters occurs in any deck file', () => {
    const found = sentences(answers).flatMap((s) => decks.filter((d) => d.text.includes(s)).map((d) => `${d.file}: ${s}`));
    expect(found).toEqual([]);
  });

  it(`no ${WINDOW}-character run of an answer's prose occurs in any deck file`, () => {
    // Formulas and long Latin runs (English term expansions such as "Straight-Through Estimator",
    // identifiers such as pack_padded_sequence) are standard vocabulary, so windows do not span them.
    const prose = answers.replace(/\$\$[\s\S]*?\$\$|\$[^$\n]*\$/g, '\n');
    const found = new Set<string>();
    for (const s of sentences(prose)) {
      for (const segment of s.split(/[A-Za-z0-9_\-+/\\(),:'=]{8,}/)) {
        const chars = [...segment];
        for (let i = 0; i + WINDOW <= chars.length; i++) {
          const w = chars.slice(i, i + WINDOW).join('');
          for (const d of decks) if (d.text.includes(w)) found.add(`${d.file}: ${w}`);
        }
      }
    }
    expect([...found]).toEqual([]);
  });
});
