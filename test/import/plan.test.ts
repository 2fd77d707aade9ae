import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';
import { detectFormat } from '../../src/core/import/detect.js';
import {
  diffCards,
  type ExistingDeck,
  isInside,
  type PreparedDeck,
  planImport,
  type TargetInfo,
} from '../../src/core/import/plan.js';
import { deckText } from '../helpers.js';
import { fixture } from './helpers.js';

describe('detectFormat', () => {
  it.each([
    ['deck-v1.md', fixture('deck-v1.md'), 'deck'],
    ['post.md', fixture('qa-numbered-quote.md'), 'qa'],
    ['post.markdown', '# Notes\n\n1. Q?\n', 'qa'],
    ['anki-notes.txt', fixture('anki-notes.txt'), 'anki'],
    ['anki-plain.txt', fixture('anki-plain.txt'), 'anki'],
    ['seed.txt', '---\ntitle: x\n---\n\n1. Q?\n> A\n', 'qa'],
    ['cards.tsv', 'q\ta\n', 'anki'],
    ['questions.csv', fixture('questions.csv'), 'csv'],
    ['progress.json', '{ "format": "llm-quiz-progress", "version": 1 }', 'progress'],
    ['other.json', '{ "name": "x" }', undefined],
    ['deck.apkg', 'PK...', undefined],
  ])('%s → %s', (name, text, want) => {
    expect(detectFormat(name, text)).toBe(want);
  });
});

describe('diffCards', () => {
  it('reports added, changed (question, answer or key points) and removed cards by id', () => {
    const before = parseDeck(fixture('deck-v1.md'), 'v1.md').deck?.cards ?? [];
    const after = parseDeck(fixture('deck-v2.md'), 'v2.md').deck?.cards ?? [];
    expect(diffCards(before, after)).toEqual({
      added: ['shared-gqa'],
      changed: ['shared-softmax-axis'],
      removed: ['shared-cross-attn'],
    });
    expect(diffCards(before, before)).toEqual({ added: [], changed: [], removed: [] });
  });
});

describe('isInside', () => {
  const dir = join('/data', 'decks');
  it.each([
    [join(dir, 'a.md'), true],
    [join(dir, 'sub', 'a.md'), true],
    [join(dir, '..', 'x.md'), false],
    [join(dir, '..', '..', 'x.md'), false],
    ['/etc/passwd', false],
    [dir, false],
    [join(dir, '..decks.md'), true],
  ])('%s → %s', (target, want) => {
    expect(isInside(dir, target)).toBe(want);
  });
});

describe('planImport', () => {
  const userDecks = '/data/decks';
  const nothing = (): TargetInfo => ({ exists: false, symlink: false });
  const prep = (id: string, text = deckText(id, [{ id: `${id}-1`, q: 'Q?', a: 'A.' }])): PreparedDeck => ({
    id,
    title: id,
    format: 'deck',
    source: `${id}.src`,
    line: 1,
    text,
  });
  const existing = (id: string, abs: string, inUserFolder: boolean, cardId = `${id}-1`): ExistingDeck => {
    const deck = parseDeck(deckText(id, [{ id: cardId, q: 'Old?', a: 'Old.' }]), abs).deck;
    if (!deck) throw new Error('bad test deck');
    return { deck, abs, inUserFolder };
  };
  const errors = (p: ReturnType<typeof planImport>) => p.problems.filter((x) => x.severity === 'error').map((x) => x.message);

  it('creates <id>.md in the user deck folder, and updates a deck already there in place', () => {
    const plan = planImport(
      [prep('fresh'), prep('old')],
      [existing('old', '/data/decks/sub/old-file.md', true)],
      userDecks,
      nothing,
      (a) => a,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.decks.map((d) => [d.prepared.id, d.action, d.target, d.changed])).toEqual([
      ['fresh', 'create', '/data/decks/fresh.md', []],
      ['old', 'update', '/data/decks/sub/old-file.md', ['old-1']],
    ]);
  });

  it.each(['../../x', '..', '/abs', 'a/b', 'x\u0000y', 'Upper', 'a'.repeat(65)])('refuses deck id %j', (id) => {
    const plan = planImport([prep(id, deckText('placeholder', []))], [], userDecks, nothing, (a) => a);
    expect(plan.decks).toEqual([]);
    expect(errors(plan)).toHaveLength(1);
  });

  it('refuses a deck id used by a bundled deck, a file holding another deck, and a symlink', () => {
    const plan = planImport(
      [prep('bundled'), prep('taken'), prep('linked')],
      [existing('bundled', '/pkg/decks/bundled.md', false)],
      userDecks,
      (abs) =>
        abs.endsWith('taken.md')
          ? { exists: true, symlink: false, deckId: 'something-else' }
          : abs.endsWith('linked.md')
            ? { exists: true, symlink: true }
            : { exists: false, symlink: false },
      (a) => a,
    );
    expect(plan.decks).toEqual([]);
    expect(errors(plan)).toEqual([
      "deck id 'bundled' is already used by /pkg/decks/bundled.md, which import does not replace",
      "/data/decks/taken.md already exists and holds deck 'something-else'",
      '/data/decks/linked.md is a symbolic link; import does not write through links',
    ]);
  });

  it('takes our own Anki export of a bundled deck as the deck itself: nothing to write', () => {
    const exported = { ...prep('bundled'), format: 'anki' as const };
    const plan = planImport(
      [exported],
      [existing('bundled', '/pkg/decks/bundled.md', false)],
      userDecks,
      () => ({ exists: false, symlink: false }),
      (a) => a,
    );
    expect(errors(plan)).toEqual([]);
    expect(plan.decks.map((d) => [d.prepared.id, d.action, d.target])).toEqual([
      ['bundled', 'unchanged', '/pkg/decks/bundled.md'],
    ]);
    // A card the bundled deck does not have: that would replace the bundle, so it is refused.
    const more = { ...prep('bundled', deckText('bundled', [{ id: 'bundled-9', q: 'Q?', a: 'A.' }])), format: 'anki' as const };
    const refused = planImport(
      [more],
      [existing('bundled', '/pkg/decks/bundled.md', false)],
      userDecks,
      () => ({ exists: false, symlink: false }),
      (a) => a,
    );
    expect(errors(refused)).toEqual([
      "deck id 'bundled' is already used by /pkg/decks/bundled.md, which import does not replace",
    ]);
  });

  it('refuses card ids taken by another deck, and the same deck id twice in one import', () => {
    const plan = planImport(
      [prep('mine', deckText('mine', [{ id: 'their-1', q: 'Q?', a: 'A.' }])), prep('twice'), prep('twice')],
      [existing('theirs', '/pkg/decks/theirs.md', false, 'their-1')],
      userDecks,
      nothing,
      (a) => a,
    );
    expect(errors(plan)).toEqual([
      "deck id 'twice' is also produced by twice.src:1",
      "card id 'their-1' (deck 'mine') is already used at /pkg/decks/theirs.md:9",
    ]);
  });
});
