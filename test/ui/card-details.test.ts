// The study screen keeps `### Details` out of the way until `d`, and shows the other edition's
// question under the question with `deck_language both`; with `--type` it marks the key points
// ✓ / ✗ against the typed answer and suggests a grade.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkKeyPoints, suggestGrade } from '../../src/core/keypoints.js';
import { type CardScreen, layoutCard } from '../../src/ui/card-screen.js';
import { setLang } from '../../src/ui/messages.js';
import { width } from '../../src/ui/term.js';

const screen = (over: Partial<CardScreen> = {}): CardScreen => ({
  header: 'Attention · attention',
  position: '1/3',
  counts: { new: 1, learning: 0, review: 2 },
  question: 'What is GQA?',
  answer: () => 'Groups of query heads share K/V.',
  keyPoints: () => ['shared K/V per group'],
  intervals: { 1: '1m', 2: '6m', 3: '10m', 4: '5d' },
  draft: false,
  typedMode: false,
  canUndo: false,
  width: 80,
  rows: 24,
  ...over,
});
const text = (s: CardScreen, details?: boolean) => {
  const { body, footer } = layoutCard(s, {
    revealed: true,
    help: false,
    typed: '',
    ...(details !== undefined ? { details } : {}),
  });
  return { body: body.join('\n'), footer: footer.join('\n'), lines: [...body, ...footer] };
};

describe('details on the study screen', () => {
  it('are hidden after reveal, offered as `d`, and shown under the key points when asked for', () => {
    const s = screen({ details: () => 'Derivation: n_kv = n_q / g. 中文推导也在这里，宽度按显示列计算。' });
    const closed = text(s, false);
    expect(closed.body).not.toContain('Derivation');
    expect(closed.footer).toContain('d details');
    const open = text(s, true);
    expect(open.body.indexOf('Derivation')).toBeGreaterThan(open.body.indexOf('shared K/V per group'));
    expect(open.footer).not.toContain('d details');
    for (const l of open.lines) expect(width(l)).toBeLessThanOrEqual(80);
  });

  it('a card without details offers no `d`', () => {
    expect(text(screen()).footer).not.toContain('d details');
  });

  it('shows the other edition’s question under the question', () => {
    const { body } = text(screen({ altQuestion: '分组查询注意力 (GQA) 解决什么问题？' }));
    expect(body.indexOf('分组查询注意力')).toBeGreaterThan(body.indexOf('What is GQA?'));
  });
});

describe('key points on a short terminal', () => {
  const long = Array.from({ length: 14 }, (_, i) => `Answer line ${i + 1} that takes one row.`).join('\n');
  const kps = () => ['first point', 'second point', 'third point', 'fourth point'];

  it('fold behind `p` when they would make the answer scroll, and show on `p`', () => {
    const s = screen({ answer: () => long, keyPoints: kps, rows: 24 });
    const folded = text(s);
    expect(folded.body).not.toContain('fourth point');
    expect(folded.footer).toContain('p key points');
    expect(folded.lines.length + 1).toBeLessThanOrEqual(24);
    const shown = layoutCard(s, { revealed: true, help: false, typed: '', keyPoints: true });
    expect(shown.body.join('\n')).toContain('fourth point');
  });

  it('stay on screen when there is room', () => {
    const roomy = text(screen({ answer: () => long, keyPoints: kps, rows: 40 }));
    expect(roomy.body).toContain('fourth point');
    expect(roomy.footer).not.toContain('p key points');
  });

  it('the keys line stays one line at 80 columns in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      setLang(lang);
      const s = screen({ answer: () => long, keyPoints: kps, rows: 24, details: () => 'd' });
      expect(layoutCard(s, { revealed: true, help: false, typed: '' }).footer).toHaveLength(3);
    }
    setLang('en');
  });
});

const POINTS = ['Groups of query heads share one K/V head', 'Llama 3 8B: 32 query heads, 8 KV heads, 4× smaller cache'];
const check: CardScreen['checkTyped'] = (typed) => {
  const r = checkKeyPoints(typed, POINTS, [['KV', 'K/V']]);
  return { covered: r.map((x) => x.covered), suggested: suggestGrade(r) };
};
const typedScreen = (over: Partial<CardScreen> = {}) =>
  screen({ keyPoints: () => POINTS, typedMode: true, checkTyped: check, ...over });
const typedBody = (s: CardScreen, typed: string) =>
  layoutCard(s, { revealed: true, help: false, typed }).body.map(stripVTControlCharacters);

describe('study --type key-point marks', () => {
  it('marks covered points ✓ and missed points ✗, with the count and a suggested grade', () => {
    const lines = typedBody(typedScreen(), 'query heads are put in groups that share the K/V');
    expect(lines).toContain('  ✓ Groups of query heads share one K/V head');
    expect(lines).toContain('  ✗ Llama 3 8B: 32 query heads, 8 KV heads, 4× smaller cache');
    expect(lines.join('\n')).toMatch(/1\/2 · suggested grade 2 Hard/);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
  });

  it('suggests Easy when every point is covered and Again when none is', () => {
    const all = typedBody(
      typedScreen(),
      'query heads in groups share K/V; Llama 3 8B has 32 query heads and 8 KV heads, 4x smaller cache',
    );
    expect(all.join('\n')).toMatch(/2\/2 · suggested grade 4 Easy/);
    const none = typedBody(typedScreen(), 'no idea');
    expect(none.filter((l) => l.startsWith('  ✗'))).toHaveLength(2);
    expect(none.join('\n')).toMatch(/0\/2 · suggested grade 1 Again/);
  });

  it('leaves the bullets plain without --type', () => {
    const lines = typedBody(typedScreen({ typedMode: false }), '');
    expect(lines).toContain('  • Groups of query heads share one K/V head');
    expect(lines.join('\n')).not.toMatch(/suggested grade/);
  });

  it('keeps the suggested grade on screen when the key points fold on a short terminal', () => {
    const long = Array.from({ length: 16 }, (_, i) => `Answer line ${i + 1} that takes one row.`).join('\n');
    const s = typedScreen({ answer: () => long, rows: 24 });
    const out = layoutCard(s, { revealed: true, help: false, typed: 'no idea' });
    const body = out.body.map(stripVTControlCharacters).join('\n');
    expect(body).not.toContain('Groups of query heads');
    expect(body).toMatch(/0\/2 · suggested grade 1 Again/);
    expect(out.footer.map(stripVTControlCharacters).join('\n')).toContain('p key points');
  });
});
