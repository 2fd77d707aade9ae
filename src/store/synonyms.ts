/**
 * Reads the bilingual synonym list (decks/synonyms.yaml) for the key-point check. The file ships
 * with the bank; a missing or malformed file gives no synonyms rather than stopping a study session.
 */
import { readFileSync } from 'node:fs';
import { MATTER_OPTIONS, matter } from '../core/deck.js';
import type { Synonyms } from '../core/keypoints.js';

const MAX_BYTES = 256 * 1024;

/** Parses the YAML text; keeps only groups that are lists of non-empty strings. */
export function parseSynonyms(text: string): Synonyms {
  if (text.length > MAX_BYTES) return [];
  // The same YAML reader (and safety options) as deck front matter and the topic map.
  const doc = matter()(`---\n${text}\n---\n`, MATTER_OPTIONS as never).data as { groups?: unknown } | null;
  const groups = Array.isArray(doc?.groups) ? doc.groups : [];
  return groups
    .filter((g): g is unknown[] => Array.isArray(g))
    .map((g) => g.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map(String))
    .filter((g) => g.length > 0);
}

export function readSynonyms(file: string): Synonyms {
  try {
    return parseSynonyms(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}
