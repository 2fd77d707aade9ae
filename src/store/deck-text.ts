/** Reading one deck file: the size limit before reading, UTF-8 checked, only regular files; a cached card's body read again from it. */
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { type Card, MAX_DECK_BYTES, parseDeck } from '../core/deck.js';
import { problem } from '../core/problems.js';
import type { Problem } from '../errors.js';
import type { Body } from './card-rows.js';

/** A display name for a file: relative to the current directory when that is shorter. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

/** 1-based line of the first byte sequence that is not UTF-8, or 0 when the text is valid UTF-8. */
export function invalidUtf8Line(buf: Buffer): number {
  // isUtf8 checks without decoding: a valid file (nearly every one) is decoded once, by the caller.
  if (isUtf8(buf)) return 0;
  // Find the line: check line by line (linear; only for files that are not UTF-8).
  let line = 1;
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i < buf.length && buf[i] !== 0x0a) continue;
    if (!isUtf8(buf.subarray(start, i))) return line;
    line++;
    start = i + 1;
  }
  return 1;
}

/**
 * Reads a deck file with the size limit applied before reading it all. Only regular files are
 * read: opening a FIFO would wait for a writer forever. Text that is not UTF-8 (a Latin-1 file)
 * is read with U+FFFD in place of the bad bytes and reported as a warning in `problems`.
 */
export function readDeckText(file: string, problems: Problem[] = []): string | Problem {
  const st = statSync(file);
  if (!st.isFile()) return problem(displayPath(file), 0, 'error', 'problem.deck.notFile');
  const size = st.size;
  if (size > MAX_DECK_BYTES) {
    return problem(displayPath(file), 0, 'error', 'problem.deck.tooBigBytes', { max: MAX_DECK_BYTES / 1024 / 1024, size });
  }
  const buf = readFileSync(file);
  const bad = invalidUtf8Line(buf);
  if (bad > 0) problems.push(problem(displayPath(file), bad, 'warning', 'problem.deck.notUtf8'));
  return buf.toString('utf8');
}

/**
 * A card's body read from its deck file, for a cached card whose body line cannot be read (a
 * cache edited by hand); empty when the file no longer has the card.
 */
export function bodyFromDeck(card: Card): Body {
  try {
    const text = readDeckText(card.file);
    const found = typeof text === 'string' ? parseDeck(text, card.file).deck?.cards.find((c) => c.id === card.id) : undefined;
    if (found)
      return { questionBody: found.questionBody, answer: found.answer, keyPoints: found.keyPoints, details: found.details };
  } catch {}
  return { questionBody: '', answer: '', keyPoints: [] };
}
