// Real Anki packages of the corpus (test/fixtures/real/apkg, sources and licences in the README
// there): each is opened and converted as `import` does, and checked against what Anki itself
// shows of it (read by hand from the package with sqlite3): decks, cards, tags, media and, for the
// package with a review history, the state each card is left in.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApkgResult, convertApkg } from '../../src/core/import/apkg.js';
import { ankiReviewEvents } from '../../src/core/import/history.js';
import { createScheduler } from '../../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { openApkg } from '../../src/store/apkg-file.js';
import { FIXTURES } from '../helpers.js';
import { roundTrip } from './helpers.js';

const DIR = join(FIXTURES, 'real', 'apkg');

interface Expected {
  /** [deck id, title, notes] in the order the package gives them. */
  decks: [string, string, number][];
  /** [question, a piece of its answer, topics] read from the package. */
  samples: [string, string, string[]][];
  /** Media copied beside a deck: [file name, deck]. */
  media: [string, string][];
  reviews: number;
}

const EXPECTED: Record<string, Expected> = {
  // Made with Anki 2.0/2.1 (scheduler v1) for Mnemosyne's importer tests: Basic, Cloze (two
  // deletions), Basic with type answer, a subdeck, a picture, a sound, LaTeX, and ten reviews.
  'mnemosyne-anki1.apkg': {
    decks: [
      ['deck-1', 'Deck 1', 5],
      ['deck-1-subdeck', 'Deck 1 / subdeck', 1],
    ],
    samples: [
      ['![al.png](deck-1.media/al.png)aoeu', 'al', []],
      ['[sound: 1.mp3](deck-1.media/1.mp3)', '1', []],
      ['$$x$$ $$x^2$$ $x^3$', 'x', []],
      ['aa {{c1::bbb}} {{c2::cc}}', '', []],
      ['type answer', 'answer', []],
      ['subdeck card', 'answer', []],
    ],
    media: [
      ['al.png', 'deck-1'],
      ['1.mp3', 'deck-1'],
    ],
    reviews: 10,
  },
  // Exported from Anki by the author of the anki.js package for its tests: a deck with a subdeck, a tag.
  'anki-js-example.apkg': {
    decks: [
      ['example-test-level1', 'example-test / Level1', 2],
      ['example-test', 'example-test', 1],
    ],
    samples: [
      ['Test it', 'It works', ['yes']],
      ['Another', 'Test', []],
      ['TopLevel', 'Test', []],
    ],
    media: [],
    reviews: 0,
  },
  // Written by anki-apkg-export (its test fixture): tags, and a picture in a question.
  'anki-apkg-export-output.apkg': {
    decks: [['deck-name', 'deck-name', 3]],
    samples: [
      ['card #1 front', 'card #1 back', ['food', 'fruit']],
      ['card #2 front', 'card #2 back', []],
      ['card #3 with image ![anki.png](deck-name.media/anki.png)', 'card #3 back', []],
    ],
    media: [['anki.png', 'deck-name']],
    reviews: 0,
  },
};

async function open(name: string) {
  const opened = await openApkg(new Uint8Array(readFileSync(join(DIR, name))));
  if (typeof opened === 'string') throw new Error(opened);
  return opened;
}

describe('the real Anki packages of the corpus', () => {
  it('each has its expectations below', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.keys(EXPECTED))('%s', (name) => {
    const want = EXPECTED[name] as Expected;
    let r: ApkgResult;
    let mediaBytes: (key: string) => Uint8Array | undefined;
    beforeAll(async () => {
      const opened = await open(name);
      r = convertApkg(opened.data, name, {});
      mediaBytes = opened.mediaBytes;
    });

    it(`gives ${want.decks.length} deck(s) with the notes of each, and no problem`, () => {
      expect(r.problems).toEqual([]);
      expect(r.decks.map((d) => [d.id, d.title, d.cards.length])).toEqual(want.decks);
    });

    it('has the questions, answers and tags a reader sees in Anki', () => {
      const cards = r.decks.flatMap((d) => d.cards);
      expect(want.samples.length).toBeGreaterThanOrEqual(Math.min(5, cards.length));
      for (const [q, a, topics] of want.samples) {
        const card = cards.find((c) => c.question === q);
        expect(card, q).toBeDefined();
        if (a) expect(card?.answer, q).toBe(a);
        else expect(card?.answer, q).toBe('');
        expect(card?.topics, q).toEqual(topics);
      }
      for (const d of r.decks) roundTrip(d);
    });

    it('copies the media its fields use, with their bytes', () => {
      expect(r.media.map((m) => [m.name, m.deck]).sort()).toEqual([...want.media].sort());
      for (const m of r.media) expect(mediaBytes(m.key)?.length ?? 0, m.name).toBeGreaterThan(100);
      expect(r.reviews).toHaveLength(want.reviews);
    });
  });

  describe('the review history of a v1-scheduler collection (mnemosyne-anki1.apkg)', () => {
    let r: ApkgResult;
    let ankiTypes: number[];
    beforeAll(async () => {
      const opened = await open('mnemosyne-anki1.apkg');
      r = convertApkg(opened.data, 'mnemosyne-anki1.apkg', {});
      ankiTypes = (opened.data.query('SELECT type FROM cards ORDER BY type')[0]?.values ?? []).map((v) => Number(v[0]));
    });
    const gradesOf = (question: string, suffix = '') => {
      const card = r.decks.flatMap((d) => d.cards).find((c) => c.question === question);
      return r.reviews.filter((x) => x.card === `${card?.id}${suffix}`).map((x) => x.ease);
    };

    it("reads v1 learning answers on Anki's three-button scale (2 Good, 3 Easy), review answers on the four-button one", () => {
      // revlog of the sound card: learning 1, 2, 3 (Again; Good to the 10-minute step; Easy, 5 days).
      expect(gradesOf('[sound: 1.mp3](deck-1.media/1.mp3)')).toEqual([1, 3, 4]);
      // The cloze's first deletion: learning 2, 2 (Good, then graduated to 1 day), review 2 (Hard: ease 2500 → 2350).
      expect(gradesOf('aa {{c1::bbb}} {{c2::cc}}', '.c1')).toEqual([3, 3, 2]);
      // aoeu: one learning answer 3 that graduated it at once (3 days): Easy.
      expect(gradesOf('![al.png](deck-1.media/al.png)aoeu')).toEqual([4]);
    });

    it('leaves every card in the state Anki has it in: 4 in review, 1 learning, 2 new', () => {
      expect(ankiTypes).toEqual([0, 0, 1, 2, 2, 2, 2]);
      const events = ankiReviewEvents(r.reviews, createScheduler(DEFAULT_SETTINGS, null, { timeZone: 'UTC' }));
      const last = new Map(events.map((e) => [e.card, e]));
      const all = r.decks.flatMap((d) => roundTrip(d)).map((c) => c.id);
      expect(all).toHaveLength(7);
      // Our states: 0 new, 1 learning, 2 review, 3 relearning — the numbers of Anki's `cards.type`.
      const ours = all.map((id) => last.get(id)?.after.state ?? 0).sort();
      expect(ours).toEqual(ankiTypes);
      for (const e of last.values()) expect(Date.parse(e.after.due)).toBeGreaterThan(Date.parse(e.t));
    });
  });
});
