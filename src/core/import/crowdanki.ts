/**
 * CrowdAnki JSON (the Anki add-on's export, `deck.json`): a deck with `note_models` and `notes`,
 * and child decks under `children`. Each note's fields follow its note model: the first field is
 * the question, the others the answer; Cloze models keep their `{{c1::...}}` deletions (one card
 * per deletion); models with two templates ("Basic (and reversed card)") give a reversed card too.
 * Tags become topics; ids come from the note guid, as for Anki's text export, so the same notes
 * imported either way are the same cards. Child decks are walked with a stack, not recursion.
 */
import type { Problem } from '../../errors.js';
import { problem } from '../problems.js';
import { ANKI_STATE_TAGS, ankiCardId, ankiDeckId } from './anki.js';
import { htmlToMarkdown } from './html.js';
import {
  type ConvertOptions,
  type ConvertResult,
  deckCountProblems,
  deckTopics,
  dedupeIds,
  detectLanguage,
  type ImportCard,
  type ImportDeck,
  type LedgerEntry,
  tagsToTopics,
  textCardId,
} from './model.js';

interface Model {
  cloze: boolean;
  reversed: boolean;
  fields: string[];
}

export function looksLikeCrowdAnki(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*\{/.test(head) && /"__type__"\s*:\s*"Deck"/.test(head);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function convertCrowdAnki(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    problems.push(problem(file, 1, 'error', 'problem.crowdanki.json', { reason: (e as Error).message.slice(0, 100) }));
    return { decks: [], problems };
  }
  const models = new Map<string, Model>();
  const decks: ImportDeck[] = [];
  // Line of each guid in the file, for the ledger and for messages.
  const lines = text.split(/\r?\n/);
  const guidLine = new Map<string, number>();
  lines.forEach((l, i) => {
    const m = /"guid"\s*:\s*"([^"]*)"/.exec(l);
    if (m) guidLine.set(m[1] as string, i + 1);
  });
  const stack: { deck: Record<string, unknown>; parent: string }[] = [{ deck: obj(root), parent: '' }];
  const ledgerCards: { line: number; kind: 'card' | 'draft' }[] = [];
  while (stack.length > 0) {
    const { deck, parent } = stack.pop() as { deck: Record<string, unknown>; parent: string };
    const name = parent ? `${parent}::${str(deck.name)}` : str(deck.name);
    for (const m of arr(deck.note_models)) {
      const mo = obj(m);
      const tmpls = arr(mo.tmpls);
      models.set(str(mo.crowdanki_uuid), {
        cloze: mo.type === 1 || /cloze/i.test(str(mo.name)),
        reversed: tmpls.length >= 2 && /revers/i.test(`${str(mo.name)} ${str(obj(tmpls[1]).name)}`),
        fields: arr(mo.flds).map((f) => str(obj(f).name)),
      });
    }
    const cards: ImportCard[] = [];
    const deckId = opts.deckId ?? ankiDeckId(name || 'crowdanki');
    for (const n of arr(deck.notes)) {
      const note = obj(n);
      const model = models.get(str(note.note_model_uuid)) ?? { cloze: false, reversed: false, fields: [] };
      const fields = arr(note.fields).map((f) => htmlToMarkdown(str(f)));
      const guid = str(note.guid);
      const line = guidLine.get(guid) ?? 1;
      const { topics } = tagsToTopics(
        arr(note.tags)
          .map(str)
          .filter((t) => t && !ANKI_STATE_TAGS.has(t.toLowerCase())),
      );
      const question = (fields[0] ?? '').trim();
      const answer = fields
        .slice(1)
        .filter((f) => f.trim())
        .join('\n\n');
      if (!question) {
        problems.push(problem(file, line, 'warning', 'problem.anki.emptyFirst'));
        ledgerCards.push({ line, kind: 'draft' });
        continue;
      }
      const id = guid ? ankiCardId(guid) : '';
      const group = model.reversed ? `anki-${(id || textCardId(deckId, question)).replace(/[^a-z0-9-]/g, '-')}` : undefined;
      cards.push({ id, question, answer, keyPoints: [], topics, line, ...(group ? { group } : {}) });
      if (model.reversed && answer.trim()) {
        cards.push({
          id: id ? `${id}-r` : '',
          question: answer,
          answer: question,
          keyPoints: [],
          topics,
          line,
          ...(group ? { group } : {}),
        });
      }
      ledgerCards.push({ line, kind: answer.trim() || model.cloze ? 'card' : 'draft' });
    }
    for (const c of arr(deck.children)) stack.push({ deck: obj(c), parent: name });
    if (cards.length === 0) continue;
    for (const c of cards) if (!c.id) c.id = textCardId(deckId, c.question);
    dedupeIds(cards, file, problems);
    decks.push({
      id: deckId,
      title: name ? name.split('::').join(' / ') : deckId,
      language: detectLanguage(cards.slice(0, 50).map((c) => c.question + c.answer)),
      topics: deckTopics([], opts, deckId),
      description: str(deck.desc).trim()
        ? htmlToMarkdown(str(deck.desc)).replace(/\s+/g, ' ').slice(0, 300)
        : `CrowdAnki deck ${name}.`,
      source: file,
      line: cards[0]?.line ?? 1,
      cards,
    });
  }
  if (deckCountProblems(decks, file, 1, opts, problems) && decks.length > 1) return { decks: [], problems };
  // Ledger: each note from the line after the previous note's guid to its own guid line; the rest is the deck's structure.
  const ledger: LedgerEntry[] = [];
  const sorted = ledgerCards.sort((a, b) => a.line - b.line);
  let prev = 0;
  const firstNote = lines.findIndex((l) => /"notes"\s*:/.test(l)) + 1;
  for (const c of sorted) {
    const from = prev > 0 ? prev + 1 : Math.max(1, firstNote + 1);
    ledger.push({ from: Math.min(from, c.line), to: c.line, kind: c.kind });
    prev = c.line;
  }
  const first = ledger[0]?.from ?? lines.length + 1;
  if (first > 1) ledger.push({ from: 1, to: first - 1, kind: 'meta', reason: 'header' });
  if (prev < lines.length) ledger.push({ from: prev + 1, to: lines.length, kind: 'meta', reason: 'header' });
  return { decks, problems, ledger };
}
