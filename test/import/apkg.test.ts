import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ankiCardId } from '../../src/core/import/anki.js';
import { type ApkgResult, convertApkg, safeMediaName } from '../../src/core/import/apkg.js';
import { convertCrowdAnki } from '../../src/core/import/crowdanki.js';
import { ankiReviewEvents } from '../../src/core/import/history.js';
import { createScheduler } from '../../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { openApkg, parseMediaEntries } from '../../src/store/apkg-file.js';
// @ts-expect-error: a plain ES module shared with scripts/bench.mjs
import { buildApkg } from '../fixtures/apkg-builder.mjs';
import { FIXTURES } from '../helpers.js';
import { roundTrip } from './helpers.js';

// Real note content: the CrowdAnki deck of test/fixtures/real (memari-majid/NLP_Interview, MIT).
const real = JSON.parse(readFileSync(join(FIXTURES, 'real', 'crowdanki', 'NLP_Evaluation_Metrics.json'), 'utf8')) as {
  notes: { guid: string; fields: string[]; tags: string[] }[];
};
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const notes = [
  ...real.notes.map((n, i) => ({
    guid: n.guid,
    type: 'basic',
    fields: n.fields.slice(0, 2),
    tags: n.tags,
    deck: 'NLP::Evaluation & Metrics',
    // The first note was reviewed three times (Good each time), the second once and failed.
    reviews:
      i === 0
        ? [
            { at: T0, ease: 3 },
            { at: T0 + 3 * DAY, ease: 3 },
            { at: T0 + 12 * DAY, ease: 3 },
          ]
        : i === 1
          ? [{ at: T0 + 60_000, ease: 1, type: 0 }]
          : [],
  })),
  {
    guid: 'cloze-bleu',
    type: 'cloze',
    fields: ['BLEU measures {{c1::n-gram overlap}} with {{c2::reference translations::what}}.', 'Range 0-100.'],
    tags: ['evaluation__metrics'],
    deck: 'NLP::Evaluation & Metrics',
    reviews: [{ at: T0 + DAY, ease: 4, ord: 1 }],
  },
  {
    guid: 'rev-ppl',
    type: 'reversed',
    fields: ['Perplexity', 'exp of the average negative log-likelihood per token <img src="ppl.png">'],
    tags: ['language_models'],
    deck: 'NLP::Language Models',
    suspended: true,
  },
];

/** Opens a package built in memory and converts it, as `import` does. */
async function convertBytes(bytes: Uint8Array, file: string): Promise<ApkgResult> {
  const opened = await openApkg(bytes);
  if (typeof opened === 'string') throw new Error(opened);
  try {
    return convertApkg(opened.data, file, {});
  } finally {
    opened.close();
  }
}

describe.each([
  ['legacy collection.anki2', false],
  ['zstd-compressed collection.anki21b', true],
])('an .apkg with %s', (_name, modern) => {
  let result: ApkgResult;
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await buildApkg({ notes, media: { 'ppl.png': Uint8Array.from([137, 80, 78, 71]) }, modern });
    result = await convertBytes(bytes, 'deck.apkg');
  });

  it('makes one deck per Anki deck, with note types Basic, reversed and Cloze', () => {
    expect(result.problems).toEqual([]);
    expect(result.decks.map((d) => [d.id, d.title, d.cards.length])).toEqual([
      ['nlp-evaluation-metrics', 'NLP / Evaluation & Metrics', 5],
      ['nlp-language-models', 'NLP / Language Models', 2],
    ]);
    const metrics = result.decks[0]?.cards ?? [];
    expect(metrics[0]).toMatchObject({
      id: ankiCardId('nlp_74a3c6e971e06'),
      question: 'What is the difference between precision and recall?',
      topics: ['evaluation-metrics', 'concept'],
    });
    expect(metrics[0]?.answer).toContain('**Precision:** TP/(TP+FP)');
    const [front, back] = result.decks[1]?.cards ?? [];
    expect([front?.question, back?.question, back?.id]).toEqual([
      'Perplexity',
      expect.stringContaining('exp of the average'),
      `${ankiCardId('rev-ppl')}-r`,
    ]);
    expect(front?.group).toBe(back?.group);
  });

  it('keeps cloze notes as cloze notes: one card per deletion when written', () => {
    const deck = result.decks[0];
    const back = roundTrip(deck as NonNullable<typeof deck>).filter((c) => c.cloze);
    expect(back.map((c) => [c.id, c.question])).toEqual([
      [`${ankiCardId('cloze-bleu')}.c1`, 'BLEU measures […] with reference translations.'],
      [`${ankiCardId('cloze-bleu')}.c2`, 'BLEU measures n-gram overlap with [what].'],
    ]);
  });

  it('lists the media a field uses, and points the picture beside the deck', () => {
    expect(result.media).toEqual([{ key: '0', name: 'ppl.png', deck: 'nlp-language-models' }]);
    expect(result.decks[1]?.cards[0]?.answer).toContain('![ppl.png](nlp-language-models.media/ppl.png)');
  });

  it('turns the review history into reviews that continue the FSRS state', () => {
    const first = ankiCardId('nlp_74a3c6e971e06');
    expect(result.reviews.filter((r) => r.card === first).map((r) => [r.id, r.ease])).toEqual([
      [T0, 3],
      [T0 + 3 * DAY, 3],
      [T0 + 12 * DAY, 3],
    ]);
    expect(result.reviews.find((r) => r.card.endsWith('.c2'))?.ease).toBe(4);
    const events = ankiReviewEvents(result.reviews, createScheduler(DEFAULT_SETTINGS, null, { timeZone: 'UTC' }));
    const mine = events.filter((e) => e.card === first);
    expect(mine.map((e) => e.before === null)).toEqual([true, false, false]);
    const last = mine[2]?.after;
    expect(last?.state).toBe(2);
    // Due after the last review, by the interval the state says.
    expect(Date.parse(last?.due ?? '')).toBeGreaterThan(T0 + 12 * DAY);
    expect(result.suspended).toEqual([ankiCardId('rev-ppl'), `${ankiCardId('rev-ppl')}-r`]);
  });
});

describe('package parts', () => {
  it('reads the protobuf media list of newer packages', () => {
    // entries { name: "a.png" } entries { name: "b.mp3" }
    const enc = (s: string) => [...new TextEncoder().encode(s)];
    const entry = (s: string) => [0x0a, s.length, ...enc(s)];
    const b = Uint8Array.from([0x0a, 7, ...entry('a.png'), 0x0a, 7, ...entry('b.mp3')]);
    expect([...parseMediaEntries(b)]).toEqual([
      ['0', 'a.png'],
      ['1', 'b.mp3'],
    ]);
  });

  it('never lets a media name leave its folder', () => {
    expect(safeMediaName('../../etc/passwd')).toBe('passwd');
    expect(safeMediaName('..')).toBe('');
    expect(safeMediaName('a\u0000b.png')).toBe('a_b.png');
  });

  it('refuses what is not a package, saying why', async () => {
    expect(await openApkg(new TextEncoder().encode('PK'))).toMatch(/not a zip file/);
  });
});

// A package cannot be fetched as text, so one is built (both schemas) from the notes of a real
// CrowdAnki export (test/fixtures/real/crowdanki/public_anki_deck.json, KamarajuKusumanchi, MIT):
// the same notes must come out of the package as out of the CrowdAnki file.
describe.each([
  ['legacy', false],
  ['zstd', true],
])('an .apkg (%s) built from a real CrowdAnki export', (_name, modern) => {
  const file = join(FIXTURES, 'real', 'crowdanki', 'public_anki_deck.json');
  interface CrowdDeck {
    name: string;
    notes: { guid: string; fields: string[]; tags: string[]; note_model_uuid: string }[];
    children: CrowdDeck[];
    note_models?: { crowdanki_uuid: string; type: number }[];
  }
  const root = JSON.parse(readFileSync(file, 'utf8')) as CrowdDeck;
  const cloze = new Set((root.note_models ?? []).filter((m) => m.type === 1).map((m) => m.crowdanki_uuid));
  const flat = (d: CrowdDeck, path: string): { guid: string; type: string; fields: string[]; tags: string[]; deck: string }[] => [
    ...d.notes.map((n) => ({
      guid: n.guid,
      type: cloze.has(n.note_model_uuid) ? 'cloze' : 'basic',
      fields: n.fields,
      tags: n.tags,
      deck: path,
    })),
    ...d.children.flatMap((c) => flat(c, `${path}::${c.name}`)),
  ];
  let result: ApkgResult;
  beforeAll(async () => {
    // The picture's bytes are not in the export; any bytes stand in for it.
    const media = { 'gunnys_noun_004_1440.jpg': Uint8Array.from([255, 216, 255]) };
    result = await convertBytes(await buildApkg({ notes: flat(root, root.name), media, modern }), 'public_anki_deck.apkg');
  });

  it('gives one deck per Anki deck and the 29 notes, the same as the CrowdAnki file', () => {
    expect(result.problems).toEqual([]);
    expect(result.decks.map((d) => [d.title, d.cards.length])).toEqual([
      ['public_anki_deck', 3],
      ['public_anki_deck / General knowledge', 17],
      ['public_anki_deck / catch_all', 5],
      ['public_anki_deck / til_2024', 4],
    ]);
    const crowd = convertCrowdAnki(readFileSync(file, 'utf8'), file, {});
    const byId = new Map(crowd.decks.flatMap((d) => d.cards).map((c) => [c.id, c]));
    // Alike, but for the picture: the package holds it (copied beside the deck), the export did not.
    const picture = '![gunnys_noun_004_1440.jpg](public-anki-deck.media/gunnys_noun_004_1440.jpg)';
    for (const card of result.decks.flatMap((d) => d.cards)) {
      const other = byId.get(card.id);
      expect([card.question.replace(picture, '[image: picture of gunnysack]'), card.answer], card.id).toEqual([
        other?.question,
        other?.answer,
      ]);
    }
    expect(result.decks[0]?.cards[0]?.question).toContain(picture);
  });

  it('keeps the cloze notes (seven deletions in the transistor note, c2 twice) and the picture', () => {
    const rootDeck = result.decks[0];
    const cards = roundTrip(rootDeck as NonNullable<typeof rootDeck>);
    expect(cards.filter((c) => c.cloze && c.id.startsWith(ankiCardId('l7E7k,ys3q'))).map((c) => c.id.split('.').pop())).toEqual([
      'c1',
      'c2',
      'c3',
      'c4',
      'c5',
      'c6',
      'c7',
    ]);
    expect(result.media).toEqual([{ key: '0', name: 'gunnys_noun_004_1440.jpg', deck: rootDeck?.id }]);
  });
});

describe('notes with nothing on the front', () => {
  it('are left out with a warning that counts them, and their reviews with them', async () => {
    const bytes = await buildApkg({
      notes: [
        { guid: 'kept', type: 'basic', fields: ['Kept?', 'yes'], tags: [], deck: 'D' },
        // A sound the package does not hold: nothing to show on the front.
        {
          guid: 'mute',
          type: 'basic',
          fields: ['[sound:missing.mp3]', 'back'],
          tags: [],
          deck: 'D',
          reviews: [{ at: T0, ease: 3 }],
        },
        { guid: 'blank', type: 'basic', fields: ['', 'back'], tags: [], deck: 'D' },
      ],
    });
    const r = await convertBytes(bytes, 'empty.apkg');
    expect(r.decks.flatMap((d) => d.cards.map((c) => c.question))).toEqual(['Kept?']);
    expect(r.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        key: 'problem.apkg.emptyFront',
        message: '2 card(s) with an empty front were left out',
      }),
    ]);
    expect(r.reviews).toEqual([]);
  });
});
