/**
 * hashcards decks (eudoxia0/hashcards): `Q:` / `A:` cards and `C:` cloze cards whose deletions
 * are written in square brackets (`C: The [order] of a group is [its cardinality].`). A card
 * runs until the next `Q:` or `C:` line, or a `---` line; each bracket of a cloze card is its own
 * deletion. Images (`![](...)`) and `[text](url)` links are not deletions. Linear, line by line.
 */
import type { Problem } from '../../errors.js';
import { hasCloze } from '../cloze.js';
import { type Fence, updateFence } from '../deck.js';
import { problem } from '../problems.js';
import { type ConvertOptions, type ConvertResult, fileDeck, type ImportCard, type LedgerEntry } from './model.js';

const Q = /^Q:\s?(.*)$/;
const A = /^A:\s?(.*)$/;
const C = /^C:\s?(.*)$/;

/** True when a file reads as a hashcards deck: `C:` cloze lines, or `Q:`/`A:` lines at the margin with nothing else structured around them. */
export function looksLikeHashcards(text: string): boolean {
  const lines = text.slice(0, 200_000).split(/\r?\n/);
  const qs = lines.filter((l) => Q.test(l)).length;
  const as = lines.filter((l) => A.test(l)).length;
  const cs = lines.filter((l) => C.test(l)).length;
  const headings = lines.filter((l) => /^#{1,6}\s/.test(l)).length;
  // Q:/A: alone is also how blog posts write pairs: without C: lines, a post's front matter,
  // headings or 问/答 pairs make it a Markdown question list.
  const post = /^(---|\+\+\+)\s*$/.test(lines[0] ?? '') || lines.some((l) => /^\s*(问|答)[:：]/.test(l));
  return cs > 0 ? qs + cs >= 1 : qs > 0 && as > 0 && headings === 0 && !post;
}

/** `[x]` deletions (not images, links or footnotes) as numbered cloze deletions; linear scan. */
export function bracketsToCloze(text: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('[', i);
    if (open < 0) break;
    const close = text.indexOf(']', open + 1);
    if (close < 0) break;
    const inner = text.slice(open + 1, close);
    const image = open > 0 && text[open - 1] === '!';
    const link = text[close + 1] === '(' || text[close + 1] === '[' || inner.startsWith('^');
    if (image || link || inner.includes('[') || inner.trim() === '') {
      out += text.slice(i, close + 1);
    } else {
      out += `${text.slice(i, open)}{{c${++n}::${inner}}}`;
    }
    i = close + 1;
  }
  return out + text.slice(i);
}

export function convertHashcards(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  const ledger: LedgerEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const cards: ImportCard[] = [];
  let cur: { from: number; to: number; kind: 'qa' | 'c'; q: string[]; a: string[] | undefined } | undefined;
  let fence: Fence | undefined;
  const close = () => {
    if (!cur) return;
    const question = cur.kind === 'c' ? bracketsToCloze(cur.q.join('\n').trim()) : cur.q.join('\n').trim();
    const answer = (cur.a ?? []).join('\n').trim();
    cards.push({ id: '', question, answer, keyPoints: [], topics: [], line: cur.from });
    // A `C:` line without a [deletion] asks nothing yet: a draft, like a question without an answer.
    ledger.push({ from: cur.from, to: cur.to, kind: answer || hasCloze(question) ? 'card' : 'draft' });
    cur = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!fence) {
      const q = Q.exec(line);
      const c = q ? null : C.exec(line);
      if (q || c) {
        close();
        cur = { from: i + 1, to: i + 1, kind: q ? 'qa' : 'c', q: [(q ?? c)?.[1] ?? ''], a: undefined };
        continue;
      }
      const a = A.exec(line);
      if (a && cur && cur.kind === 'qa' && !cur.a) {
        cur.a = [a[1] ?? ''];
        cur.to = i + 1;
        continue;
      }
      if (/^\s*-{3,}\s*$/.test(line)) {
        close();
        ledger.push({ from: i + 1, to: i + 1, kind: 'meta', reason: 'separator' });
        continue;
      }
    }
    fence = updateFence(line, fence);
    if (cur) {
      (cur.a ?? cur.q).push(line);
      if (line.trim()) cur.to = i + 1;
    } else if (line.trim()) ledger.push({ from: i + 1, to: i + 1, kind: 'left', reason: 'textOutside' });
  }
  close();
  if (cards.length === 0) {
    problems.push(problem(file, 1, 'error', 'problem.qa.none'));
    return { decks: [], problems, ledger };
  }
  return { decks: [fileDeck(file, opts, cards, problems)], problems, ledger };
}
