import type { Problem } from '../errors.js';
import type { Card, Deck } from './deck.js';
import { problem } from './problems.js';

/** True when a deck's `language` tag is the wanted language (`zh` matches `zh-CN`). */
export function languageMatches(tag: string, wanted: string): boolean {
  const a = tag.toLowerCase();
  const b = wanted.toLowerCase();
  return a === b || a.startsWith(`${b}-`) || b.startsWith(`${a}-`);
}

/**
 * Of several editions of one deck (same deck id, different languages), the one to show: the
 * wanted language if present, else the first in file order.
 */
export function pickEdition(editions: Deck[], wanted: string | undefined): Deck {
  const hit = wanted ? editions.find((d) => languageMatches(d.meta.language, wanted)) : undefined;
  return hit ?? (editions[0] as Deck);
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sorted = (xs: readonly string[]) => [...xs].sort();

/** The metadata both editions of a card must share, as printable name/value pairs. */
function shared(c: Card): Array<[string, string]> {
  return [
    ['topics', sorted(c.topics).join(', ')],
    ['key points', String(c.keyPoints.length)],
    ['group', c.group ?? '-'],
    ['level', String(c.level ?? '-')],
    ['follow-up', (c.followUps ?? []).join(', ') || '-'],
    ['seed', c.seeds.join(', ') || '-'],
    ['runnable', c.runnable ?? '-'],
    ['draft', String(c.draft)],
  ];
}

/**
 * Problems that make two editions of a deck disagree, reported in `other`'s file: a card missing
 * or extra, cards in another order, or a card whose topics, key-point count, sibling group, level,
 * follow-ups, seeds or flags differ. Prose may differ; structure may not.
 */
export function compareEditions(base: Deck, other: Deck): Problem[] {
  const out: Problem[] = [];
  const file = other.file;
  const ref = `${base.file} (${base.meta.language})`;
  if (!same(sorted(base.meta.topics), sorted(other.meta.topics))) {
    const params = { other: ref, a: base.meta.topics.join(', '), b: other.meta.topics.join(', ') };
    out.push(problem(file, 2, 'error', 'problem.edition.deckTopics', params));
  }
  const mine = new Map(other.cards.map((c) => [c.id, c]));
  const theirs = new Set(base.cards.map((c) => c.id));
  for (const c of base.cards) {
    if (!mine.has(c.id)) out.push(problem(file, 1, 'error', 'problem.edition.missingCard', { id: c.id, other: ref }));
  }
  for (const c of other.cards) {
    if (!theirs.has(c.id)) out.push(problem(file, c.line, 'error', 'problem.edition.extraCard', { id: c.id, other: ref }));
  }
  const commonA = base.cards.filter((c) => mine.has(c.id)).map((c) => c.id);
  const commonB = other.cards.filter((c) => theirs.has(c.id)).map((c) => c.id);
  const firstOff = commonB.findIndex((id, i) => id !== commonA[i]);
  if (firstOff >= 0) {
    const c = mine.get(commonB[firstOff] as string) as Card;
    out.push(
      problem(file, c.line, 'error', 'problem.edition.order', { id: c.id, expected: commonA[firstOff] ?? '', other: ref }),
    );
  }
  for (const a of base.cards) {
    const b = mine.get(a.id);
    if (!b) continue;
    const sa = shared(a);
    const sb = shared(b);
    for (let i = 0; i < sa.length; i++) {
      const [field, va] = sa[i] as [string, string];
      const vb = (sb[i] as [string, string])[1];
      if (va !== vb)
        out.push(problem(file, b.line, 'error', 'problem.edition.mismatch', { id: a.id, field, a: va, b: vb, other: ref }));
    }
  }
  return out;
}
