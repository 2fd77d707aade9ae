// An Anki package with review history, imported with the built CLI: decks, media beside them,
// and the history in the progress log so that `list --json` shows review states and due dates.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ankiCardId } from '../../src/core/import/anki.js';
import { ankiReviewEvents } from '../../src/core/import/history.js';
import { createScheduler } from '../../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
// @ts-expect-error: a plain ES module shared with scripts/bench.mjs
import { buildApkg } from '../fixtures/apkg-builder.mjs';
import { FIXTURES, runCli, tmp } from '../helpers.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const NOW = '2026-01-20T12:00:00.000Z';

const notes = [
  {
    guid: 'nlp_74a3c6e971e06',
    type: 'basic',
    fields: ['What is the difference between precision and recall?', '<b>Precision:</b> TP/(TP+FP)<br><b>Recall:</b> TP/(TP+FN)'],
    tags: ['evaluation__metrics'],
    deck: 'NLP::Metrics',
    reviews: [
      { at: T0, ease: 3 },
      { at: T0 + 3 * DAY, ease: 3 },
      { at: T0 + 12 * DAY, ease: 3 },
    ],
  },
  {
    guid: 'nlp_442b37da4cbf8',
    type: 'basic',
    fields: ['What is BLEU score?', 'N-gram overlap with reference translations <img src="bleu.png">'],
    tags: ['evaluation__metrics'],
    deck: 'NLP::Metrics',
  },
];

describe('llm-quiz import of an .apkg with review history', () => {
  it('writes the deck and its media, and the reviews continue in the progress log', async () => {
    const home = tmp();
    const pkg = join(home, 'metrics.apkg');
    writeFileSync(pkg, await buildApkg({ notes, media: { 'bleu.png': Uint8Array.from([137, 80, 78, 71]) }, modern: true }));
    const env = { LLM_QUIZ_NOW: NOW };
    const r = runCli(['import', pkg], { home, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 of 3 Anki reviews added to the progress of user');
    const decks = join(home, 'data', 'decks');
    expect(readdirSync(decks).sort()).toEqual(['nlp-metrics.md', 'nlp-metrics.media']);
    expect(readFileSync(join(decks, 'nlp-metrics.media', 'bleu.png'))).toEqual(Buffer.from([137, 80, 78, 71]));
    expect(readFileSync(join(decks, 'nlp-metrics.md'), 'utf8')).toContain('![bleu.png](nlp-metrics.media/bleu.png)');

    const list = runCli(['list', '--json'], { home, env });
    const rows = JSON.parse(list.stdout) as { id: string; state: string; due: string | null }[];
    const reviewed = rows.find((x) => x.id === ankiCardId('nlp_74a3c6e971e06'));
    const fresh = rows.find((x) => x.id === ankiCardId('nlp_442b37da4cbf8'));
    // The due date is the one our scheduler gives after replaying Anki's three Good reviews.
    const history = [T0, T0 + 3 * DAY, T0 + 12 * DAY].map((at) => ({
      card: ankiCardId('nlp_74a3c6e971e06'),
      id: at,
      ease: 3 as const,
      kind: 1,
      ms: 8000,
    }));
    const replayed = ankiReviewEvents(history, createScheduler({ ...DEFAULT_SETTINGS }, null, { timeZone: 'UTC' }));
    expect(reviewed).toMatchObject({ state: 'review', due: replayed[2]?.after.due });
    expect(Date.parse(reviewed?.due ?? '')).toBeGreaterThan(T0 + 12 * DAY + 5 * DAY);
    expect(fresh).toMatchObject({ state: 'new', due: null });

    // Importing the same package again changes nothing.
    const again = runCli(['import', pkg], { home, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no changes');
    expect(again.stdout).toContain('0 of 3 Anki reviews added');
  });

  it("a real package made by Anki (Mnemosyne's test data): cards in the states Anki left them, media beside the deck", () => {
    const home = tmp();
    const pkg = join(FIXTURES, 'real', 'apkg', 'mnemosyne-anki1.apkg');
    const r = runCli(['import', pkg], { home, env: { LLM_QUIZ_NOW: NOW } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('10 of 10 Anki reviews added');
    const media = join(home, 'data', 'decks', 'deck-1.media');
    expect(readdirSync(media).sort()).toEqual(['1.mp3', 'al.png']);
    expect(readFileSync(join(media, 'al.png')).subarray(1, 4).toString()).toBe('PNG');
    const rows = JSON.parse(runCli(['list', '--deck', 'deck-1', '--deck', 'deck-1-subdeck', '--json'], { home }).stdout) as {
      question: string;
      state: string;
      due: string | null;
      memory: { lastReview: string } | null;
    }[];
    // Anki's cards table in the file: four in review, one learning (type answer), two new.
    expect(rows.map((x) => [x.question, x.state])).toEqual([
      ['subdeck card', 'new'],
      ['![al.png](deck-1.media/al.png)aoeu', 'review'],
      ['[sound: 1.mp3](deck-1.media/1.mp3)', 'review'],
      ['$$x$$ $$x^2$$ $x^3$', 'review'],
      ['aa […] cc', 'review'],
      ['aa bbb […]', 'new'],
      ['type answer', 'learning'],
    ]);
    for (const x of rows.filter((y) => y.memory))
      expect(Date.parse(x.due ?? '')).toBeGreaterThan(Date.parse(x.memory?.lastReview ?? ''));
  });

  it('refuses a file named .apkg that is not a package, saying why', () => {
    const home = tmp();
    const bad = join(home, 'deck.apkg');
    writeFileSync(bad, 'PK');
    const r = runCli(['import', bad], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deck.apkg: error: cannot read this Anki package: not a zip file');
  });
});
