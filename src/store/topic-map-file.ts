/** Loading the topic maps (`topics.yaml`) that sit at the top of deck folders. */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTopicMap, type TopicMap } from '../core/topic-map.js';
import type { Problem } from '../errors.js';
import { displayPath } from './decks.js';

/** The name of a deck folder's topic map file. */
export const TOPIC_MAP_FILE = 'topics.yaml';

/**
 * The topic maps of the deck sources (a `topics.yaml` at the top of a deck folder), merged in
 * source order (the bundled map first; a later map adds topics and aliases, never overrides).
 * `dirs` says which folder each map governs, for `check`.
 */
export function loadTopicMap(sources: string[]): {
  map?: TopicMap;
  dirs: Array<{ dir: string; map: TopicMap }>;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const dirs: Array<{ dir: string; map: TopicMap }> = [];
  for (const src of sources) {
    const file = join(src, TOPIC_MAP_FILE);
    let text: string;
    try {
      if (!statSync(src).isDirectory()) continue;
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const res = parseTopicMap(text, displayPath(file));
    problems.push(...res.problems);
    if (res.map) dirs.push({ dir: resolve(src), map: res.map });
  }
  const first = dirs[0]?.map;
  if (!first) return { dirs, problems };
  const map: TopicMap = { file: first.file, topics: new Map(first.topics), aliases: new Map(first.aliases) };
  for (const { map: m } of dirs.slice(1)) {
    for (const [id, t] of m.topics) if (!map.topics.has(id) && !map.aliases.has(id)) map.topics.set(id, t);
    for (const [a, id] of m.aliases) if (!map.topics.has(a) && !map.aliases.has(a)) map.aliases.set(a, id);
  }
  return { map, dirs, problems };
}
