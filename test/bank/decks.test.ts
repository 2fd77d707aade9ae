// The bundled question bank (decks/): every deck is clean, every seed question is covered, every
// card is complete, answers render in an 80-column terminal, and decks/README.md matches the decks.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Card, parseDeck } from '../../src/core/deck.js';
import { loadCollection } from '../../src/store/decks.js';
import { width } from '../../src/ui/term.js';
import { convertMathInMarkdown } from '../../src/ui/tex.js';
import { ROOT } from '../helpers.js';

const DECKS = join(ROOT, 'decks');
const SEEDS = 45;
/** The language editions: decks/zh/ and decks/en/ hold the same decks and cards. */
const EDITIONS = ['zh', 'en'] as const;
const files = EDITIONS.flatMap((l) =>
  readdirSync(join(DECKS, l))
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((f) => `${l}/${f}`),
);
const parsed = files.map((f) => ({ file: f, ...parseDeck(readFileSync(join(DECKS, f), 'utf8'), f) }));
const byEdition = (l: string): Card[] => parsed.filter((p) => p.file.startsWith(`${l}/`)).flatMap((p) => p.deck?.cards ?? []);
/** Both editions' cards; each id appears once per edition. */
const cards: Card[] = EDITIONS.flatMap((l) => byEdition(l));
const zhCards = byEdition('zh');
const label = (c: Card) => `${c.file.slice(0, 2)}/${c.id}`;

/** Lines of a Markdown text outside fenced code blocks. */
function proseLines(md: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      const marker = f[1] as string;
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (!fence) out.push(line);
  }
  return out;
}

describe('bundled decks', () => {
  it('there are decks with a plausible number of cards', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(cards.length).toBeGreaterThanOrEqual(100);
  });

  it.each(files)('%s parses with no errors and no warnings', (file) => {
    const p = parsed.find((x) => x.file === file);
    expect(p?.problems).toEqual([]);
    expect(p?.deck?.cards.length).toBeGreaterThan(0);
  });

  it('load together with no problems: editions agree, no duplicate deck or card ids across files', () => {
    const col = loadCollection([DECKS]);
    expect(col.problems).toEqual([]);
    expect(col.cards.length).toBe(zhCards.length);
  });

  it('every card id is unique within an edition, and both editions hold the same ids', () => {
    for (const l of EDITIONS) {
      const ids = byEdition(l).map((c) => c.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    }
    expect(byEdition('en').map((c) => c.id)).toEqual(zhCards.map((c) => c.id));
    expect(cards.every((c) => !c.idDerived)).toBe(true);
  });
});

describe('seed coverage', () => {
  it('seed numbers are within 1-45 (cards beyond the seed list name none)', () => {
    const bad = cards.filter((c) => c.seeds.some((s) => s < 1 || s > SEEDS)).map(label);
    expect(bad).toEqual([]);
  });

  it('every seed question 1-45 is covered by at least one card', () => {
    const covered = new Set(cards.flatMap((c) => c.seeds));
    const missing = Array.from({ length: SEEDS }, (_, i) => i + 1).filter((n) => !covered.has(n));
    expect(missing).toEqual([]);
  });
});

describe('every card is complete', () => {
  it.each(cards.map((c) => [label(c), c] as const))('%s has an answer, key points, a level and topics', (_id, c) => {
    expect(c.draft).toBe(false);
    expect(c.answer.length).toBeGreaterThan(50);
    expect(c.keyPoints.length).toBeGreaterThanOrEqual(2);
    expect(c.keyPoints.every((k) => k.trim().length > 0)).toBe(true);
    expect([1, 2, 3]).toContain(c.level);
    // Topics come from the controlled map (decks/topics.yaml; `check` enforces it), so a card of a
    // narrow deck may carry only its deck's topic.
    expect(c.topics.length).toBeGreaterThan(0);
  });
});

describe('answers render in the terminal', () => {
  it.each(cards.map((c) => [label(c), c] as const))('%s: headings, tables and formulas', (_id, c) => {
    const texts = [c.question, c.questionBody, c.answer, ...c.keyPoints];
    for (const text of texts) {
      const prose = proseLines(text);
      // `##` would start a new card and `#` is a page title: inside an answer only ### and deeper.
      expect(prose.filter((l) => /^#{1,2}\s/.test(l))).toEqual([]);
      // Tables: at most 4 columns and narrow enough for 80 columns with borders and padding.
      for (const row of proseLines(convertMathInMarkdown(text)).filter((l) => /^\s*\|/.test(l))) {
        const cells = row
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|');
        expect(cells.length, row).toBeLessThanOrEqual(4);
        const w = cells.reduce((sum, cell) => sum + width(cell.trim()) + 3, 1);
        expect(w, row).toBeLessThanOrEqual(72);
      }
      // Every formula converts to Unicode: the converter leaves `$...$` only where it gave up.
      const noCode = prose.join('\n').replace(/`[^`\n]*`/g, '');
      const shown = convertMathInMarkdown(noCode);
      expect(shown.match(/\$[^$\n]*\$|\$\$/g) ?? [], text.slice(0, 60)).toEqual([]);
    }
  });
});

describe('decks/README.md', () => {
  const readme = readFileSync(join(ROOT, 'decks', 'README.md'), 'utf8');

  it('is what scripts/coverage.mjs generates from the decks', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'coverage.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('maps each seed question to exactly the cards the parser finds for it', () => {
    const table = new Map<number, string[]>();
    for (const m of readme.matchAll(/^\| (\d+) \| [^|]+ \| (.*) \|$/gm)) {
      table.set(Number(m[1]), [...(m[2] as string).matchAll(/`([^`]+)`/g)].map((x) => x[1] as string).sort());
    }
    expect([...table.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: SEEDS }, (_, i) => i + 1));
    for (let n = 1; n <= SEEDS; n++) {
      const ids = zhCards
        .filter((c) => c.seeds.includes(n))
        .map((c) => c.id)
        .sort();
      expect(table.get(n), `seed ${n}`).toEqual(ids);
    }
  });

  it('lists every deck with its file and card count', () => {
    for (const p of parsed.filter((x) => x.file.startsWith('zh/'))) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${p.deck?.meta.id}\` |`));
      expect(row, p.file).toBeDefined();
      expect(row).toContain(`[zh](${p.file})`);
      expect(row).toContain(` | ${p.deck?.cards.length} | `);
    }
  });
});
