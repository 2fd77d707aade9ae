import { describe, expect, it } from 'vitest';
import { uncoveredLines } from '../../src/core/import/model.js';
import { convertOrgDrill } from '../../src/core/import/orgdrill.js';

const FILE = '/notes/drill.org';

describe('convertOrgDrill: drill headlines without a title', () => {
  const text = [
    '* Section',
    '*  :drill:',
    '',
    '*  :drill:',
    'What does a KV cache store?',
    '* Q2 :drill:',
    'Why?',
    '** Answer',
    'Because.',
    '',
  ].join('\n');
  const r = convertOrgDrill(text, FILE, {});

  it('makes the body of a tags-only headline its question, a draft to answer (it made an empty heading that failed import)', () => {
    const cards = r.decks[0]?.cards ?? [];
    expect(cards.map((c) => [c.question, c.answer])).toEqual([
      ['What does a KV cache store?', ''],
      ['Q2\n\nWhy?', 'Because.'],
    ]);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('leaves out a headline with neither title nor body, and the ledger says so', () => {
    expect(r.ledger).toContainEqual({ from: 2, to: 2, kind: 'left', reason: 'emptyNote' });
    expect(uncoveredLines(text, r.ledger ?? [])).toEqual([]);
  });
});
