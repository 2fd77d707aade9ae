// Obsidian Spaced Repetition notes read as the plugin reads them (st3v3nmw/obsidian-spaced-repetition:
// its peggy grammar src/generateParser.ts and docs/en/flashcards/cards-with-blank-lines.md,
// cloze-cards.md): the end marker lets multi-line cards and clozes hold blank lines, and `**bold**`
// is a cloze deletion only when the vault's plugin settings turn it on.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uncoveredLines } from '../../src/core/import/model.js';
import { convertObsidian, OBSIDIAN_PLUGIN_DATA, obsidianSettingsFromData } from '../../src/core/import/obsidian.js';
import { runCli, tmp } from '../helpers.js';
import { listCards, roundTrip } from './helpers.js';

const read = (text: string, obsidian?: Parameters<typeof obsidianSettingsFromData>[0]) => {
  const r = convertObsidian(text, 'note.md', obsidian === undefined ? {} : { obsidian: obsidianSettingsFromData(obsidian) });
  const cards = r.decks.flatMap((d) => d.cards);
  return { ...r, cards, qa: cards.map((c) => [c.question, c.answer]) };
};

const TABLE = ['| Name | Use |', '| --- | --- |', '| GuardDuty | threat detection |', '| Shield | DDoS protection |'];

describe('the end marker (`+++`)', () => {
  const note = [
    '#flashcards/aws',
    '',
    'List two AWS security services',
    '?',
    '',
    ...TABLE,
    '',
    'Both are managed.',
    '+++',
    '',
    'Capital of France::Paris',
    '',
    'The ==mitochondria== is the powerhouse',
    '',
    'of the ==cell==.',
    '+++',
  ].join('\n');

  it('runs a multi-line answer and a cloze note over blank lines to the marker', () => {
    const { qa, problems, ledger } = read(note);
    expect(problems).toEqual([]);
    expect(qa).toEqual([
      ['List two AWS security services', [...TABLE, '', 'Both are managed.'].join('\n')],
      ['Capital of France', 'Paris'],
      ['The {{c1::mitochondria}} is the powerhouse\n\nof the {{c2::cell}}.', ''],
    ]);
    expect(uncoveredLines(note, ledger ?? [])).toEqual([]);
    // The marker lines are separators, not card text.
    expect(ledger?.filter((e) => e.reason === 'separator').map((e) => e.from)).toEqual([12, 19]);
  });

  it('without a marker in the note, a blank line ends the answer and the cloze paragraph (the plugin default)', () => {
    const { qa } = read(note.replace(/\+\+\+/g, ''));
    expect(qa[0]).toEqual(['List two AWS security services', TABLE.join('\n')]);
    expect(qa[2]).toEqual(['The {{c1::mitochondria}} is the powerhouse', '']);
    expect(qa[3]).toEqual(['of the {{c1::cell}}.', '']);
  });

  it("takes the vault's own marker, and a vault without one ends cards at a blank line even with `+++` lines", () => {
    const own = read(note.replace(/\+\+\+/g, '%%end%%'), { settings: { multilineCardEndMarker: '%%end%%' } });
    expect(own.qa[0]?.[1]).toContain('Both are managed.');
    const none = read(note, { settings: {} });
    expect(none.qa[0]).toEqual(['List two AWS security services', TABLE.join('\n')]);
  });

  it('does not run past a heading to a later card’s marker', () => {
    const { qa } = read(
      ['What is RAG?', '?', 'Retrieval, then generation.', '', '## Next', '', 'Why chunk?', '?', 'Fit the window.', '+++'].join(
        '\n',
      ),
    );
    expect(qa).toEqual([
      ['What is RAG?', 'Retrieval, then generation.'],
      ['Why chunk?', 'Fit the window.'],
    ]);
  });
});

describe('**bold** clozes', () => {
  const text = [
    '#flashcards',
    '',
    'The **KV cache** stores ==keys and values== of **past tokens**.',
    '',
    '**Note:** prose, not a card.',
  ].join('\n');

  it('are ordinary emphasis by default, as in the plugin', () => {
    const { qa, ledger } = read(text);
    expect(qa).toEqual([['The **KV cache** stores {{c1::keys and values}} of **past tokens**.', '']]);
    expect(ledger?.find((e) => e.from === 5)).toMatchObject({ kind: 'left', reason: 'textOutside' });
  });

  it('are deletions, numbered in reading order with the highlights, when the vault turns them on', () => {
    const { qa, cards } = read(text, { settings: { convertBoldTextToClozes: true } });
    expect(qa).toEqual([
      ['The {{c1::KV cache}} stores {{c2::keys and values}} of {{c3::past tokens}}.', ''],
      ['{{c1::Note:}} prose, not a card.', ''],
    ]);
    for (const d of read(text, { settings: { convertBoldTextToClozes: true } }).decks) expect(roundTrip(d)).toHaveLength(4);
    expect(cards).toHaveLength(2);
  });

  it('nested in a highlight are one deletion, and newer `clozePatterns` settings decide', () => {
    const { qa } = read('#flashcards\n\nAttention is **==all you need==**.', {
      settings: { clozePatterns: ['**[123;;]answer[;;hint]**'] },
    });
    expect(qa).toEqual([['Attention is {{c1::all you need}}.', '']]);
    // Only bold listed: a highlight is left as it is.
    expect(read('#flashcards\n\n==a== and **b**', { settings: { clozePatterns: ['**[123;;]answer[;;hint]**'] } }).qa).toEqual([
      ['==a== and {{c1::b}}', ''],
    ]);
  });
});

// A real vault (test/fixtures/real/obsidian-sr/allanhechen-vault) sets `multilineCardSeparator` to
// `___`: the plugin then splits multi-line cards at `___` lines, and `?` is ordinary text.
describe("the vault's own card separators", () => {
  const note = [
    'What are the parts of problem specifications? (2)',
    '___',
    '1. The allowed inputs',
    '2. The required outputs',
    '',
    'Is this a card?',
    '?',
    'Not in this vault.',
    '',
    'Capital of France;;Paris',
    'The capital of Italy;;;Rome',
    '',
    'Largest planet',
    '%%rev%%',
    'Jupiter',
  ].join('\n');
  const vault = {
    settings: {
      multilineCardSeparator: '___',
      multilineReversedCardSeparator: '%%rev%%',
      singleLineCardSeparator: ';;',
      singleLineReversedCardSeparator: ';;;',
    },
  };

  it('split multi-line, reversed and single-line cards where the vault says', () => {
    const { qa, problems, ledger } = read(note, vault);
    expect(problems).toEqual([]);
    expect(qa).toEqual([
      ['What are the parts of problem specifications? (2)', '1. The allowed inputs\n2. The required outputs'],
      ['Capital of France', 'Paris'],
      ['The capital of Italy', 'Rome'],
      ['Rome', 'The capital of Italy'],
      ['Largest planet', 'Jupiter'],
      ['Jupiter', 'Largest planet'],
    ]);
    // `Is this a card?` / `?` is note text in this vault, and says so in the ledger.
    expect(ledger?.find((e) => e.from === 6)).toMatchObject({ kind: 'left', reason: 'textOutside' });
    expect(uncoveredLines(note, ledger ?? [])).toEqual([]);
  });

  it('are the defaults (`::`, `:::`, `?`, `??`) without vault settings', () => {
    const { qa } = read(note);
    expect(qa).toEqual([['Is this a card?', 'Not in this vault.']]);
  });
});

describe('schedule comments', () => {
  it('after a multi-line answer are left out of it (listed in the ledger): the plugin writes them there', () => {
    const note = [
      '#flashcards',
      '',
      'What are the parts of a mathematical proof? (3)',
      '?',
      '1. A statement',
      '2. Assumptions',
      '<!--SR:!2024-12-18,1,230-->',
      '',
      'Both ways',
      '??',
      'Reversed card',
      '<!--SR:!2024-12-18,1,230!2024-12-19,3,250-->',
    ].join('\n');
    const { qa, ledger } = read(note);
    expect(qa).toEqual([
      ['What are the parts of a mathematical proof? (3)', '1. A statement\n2. Assumptions'],
      ['Both ways', 'Reversed card'],
      ['Reversed card', 'Both ways'],
    ]);
    expect(ledger?.filter((e) => e.reason === 'schedule').map((e) => e.from)).toEqual([7, 12]);
    expect(uncoveredLines(note, ledger ?? [])).toEqual([]);
  });
});

// Obsidian renders its own markup in a card: callouts (`> [!type] title`), HTML such as `<audio>`,
// and a single line break as a line break. A real vocabulary note (currently-coding/vocabulary,
// in the corpus) has all three in every answer; read as plain Markdown they showed as
// `[!vocab] augment(verb) Translations: … Forms: …` run together, with the raw `<audio>` tags.
describe('Obsidian markup in cards', () => {
  const note = [
    'to make greater or more intense',
    '?',
    '>[!vocab] augment(verb)',
    '>**Forms**: augmented, augmented',
    '>**Audio british**: <audio controls><source src=https://example.com/a.mp3 type="audio/mpeg">Unsupported.</audio>',
    '>>[!Example]- Examples',
    '>>- We augmented the range.',
    '>>- She augmented her savings.',
    '',
    'Which note has no title?',
    '?',
    '> [!note]',
    '> Plain text, then a list:',
    '> - one',
    '> - two',
    '',
    'Two lines?',
    '?',
    'First line',
    'second line <audio src="b.ogg" controls></audio>',
    '| a | b |',
    '| - | - |',
  ].join('\n');

  it('callout titles become bold lines, <audio> a link to its file, and lines keep their breaks', () => {
    const { qa } = read(note);
    expect(qa).toEqual([
      [
        'to make greater or more intense',
        [
          '>**augment(verb)**\\',
          '>**Forms**: augmented, augmented\\',
          '>**Audio british**: [audio](https://example.com/a.mp3)',
          '>>**Examples**',
          '>>- We augmented the range.',
          '>>- She augmented her savings.',
        ].join('\n'),
      ],
      ['Which note has no title?', ['> **Note**\\', '> Plain text, then a list:', '> - one', '> - two'].join('\n')],
      ['Two lines?', ['First line\\', 'second line [audio](b.ogg)', '| a | b |', '| - | - |'].join('\n')],
    ]);
  });

  it('leaves display math and code as they are', () => {
    const answer = ['Softmax:', '$$', '\\sigma(z)_i =', '\\frac{e^{z_i}}{\\sum_j e^{z_j}}', '$$', '```', 'a', 'b', '```'];
    expect(read(['What is softmax?', '?', ...answer].join('\n')).qa).toEqual([['What is softmax?', answer.join('\n')]]);
  });
});

describe('a tag below the cards', () => {
  it('gives the cards above it its topics, as the plugin falls back to the first tag of the note', () => {
    const { cards } = read('Why chunk?\n?\nFit the window.\n\nDefine RAG::retrieval, then generation\n\n#flashcards/rag/basics');
    expect(cards.map((c) => [c.question, c.topics])).toEqual([
      ['Why chunk?', ['rag', 'basics']],
      ['Define RAG', ['rag', 'basics']],
    ]);
  });

  it('leaves the cards between two tags under the first one', () => {
    const { cards } = read('Card A::one\n\n#flashcards/x\n\nCard B::two\n\n#flashcards/y\n\nCard C::three');
    expect(cards.map((c) => [c.question, c.topics])).toEqual([
      ['Card A', ['x']],
      ['Card B', ['x']],
      ['Card C', ['y']],
    ]);
  });
});

describe('llm-quiz import reads the settings of the vault the note is in', () => {
  it('bold clozes and the end marker from .obsidian/plugins/obsidian-spaced-repetition/data.json', () => {
    const vault = tmp();
    mkdirSync(join(vault, '.obsidian/plugins/obsidian-spaced-repetition'), { recursive: true });
    writeFileSync(
      join(vault, OBSIDIAN_PLUGIN_DATA),
      JSON.stringify({ settings: { convertBoldTextToClozes: true, multilineCardEndMarker: '---end' }, buryList: [] }),
    );
    mkdirSync(join(vault, 'ML'));
    const note = join(vault, 'ML', 'scaling-notes.md');
    writeFileSync(
      note,
      '#flashcards/ml\n\nAttention weights sum to **one**.\n\nWhy scale by √d?\n?\nKeeps logits small.\n\nSoftmax saturates otherwise.\n---end\n',
    );
    const home = tmp();
    const r = runCli(['import', note], { home });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = listCards(home, 'scaling-notes');
    expect(rows.map((c) => [c.question, c.hasAnswer])).toEqual([
      ['Attention weights sum to […].', true],
      ['Why scale by √d?', true],
    ]);
    // The answer ran over the blank line to the vault's marker.
    const deck = readFileSync(join(home, 'data', 'decks', 'scaling-notes.md'), 'utf8');
    expect(deck).toMatch(/Keeps logits small\.\n\nSoftmax saturates otherwise\./);
    expect(deck).not.toContain('---end');
  });
});
