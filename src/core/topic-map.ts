import type { Problem } from '../errors.js';
import type { Deck } from './deck.js';
import { isSlug, MATTER_OPTIONS, matter } from './deck.js';
import { problem } from './problems.js';

/** One topic of a topic map (decks/topics.yaml). */
export interface TopicInfo {
  id: string;
  parent?: string;
  en: string;
  zh: string;
  aliases: string[];
  /** 1-based line of the topic's key in its file. */
  line: number;
}

/** A controlled vocabulary of topics: a tree (by `parent`) with aliases. */
export interface TopicMap {
  file: string;
  topics: Map<string, TopicInfo>;
  /** alias → topic id */
  aliases: Map<string, string>;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses a topic map's YAML text. Pure; problems carry the file and line. */
export function parseTopicMap(text: string, file: string): { map?: TopicMap; problems: Problem[] } {
  const problems: Problem[] = [];
  const lines = text.split(/\r?\n/);
  const lineOf = (id: string) => Math.max(1, lines.findIndex((l) => new RegExp(`^\\s+${id}:\\s*$`).test(l)) + 1);
  let data: unknown;
  try {
    data = matter()(`---\n${text}\n---\n`, MATTER_OPTIONS as never).data;
  } catch (e) {
    const err = e as { mark?: { line?: number }; reason?: string; message?: string };
    const line = typeof err.mark?.line === 'number' ? err.mark.line : 1;
    problems.push(
      problem(file, line, 'error', 'problem.topics.yaml', { reason: (err.reason ?? err.message ?? '').split('\n')[0] ?? '' }),
    );
    return { problems };
  }
  const raw = (data as { topics?: unknown } | null)?.topics;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(problem(file, 1, 'error', 'problem.topics.noTopics'));
    return { problems };
  }
  const topics = new Map<string, TopicInfo>();
  const aliases = new Map<string, string>();
  for (const id of Object.getOwnPropertyNames(raw)) {
    const line = lineOf(id);
    const v = (raw as Record<string, unknown>)[id] as Record<string, unknown> | null;
    if (FORBIDDEN.has(id) || !isSlug(id) || !v || typeof v !== 'object') {
      problems.push(problem(file, line, 'error', 'problem.topics.badTopic', { id }));
      continue;
    }
    const str = (k: string) => (Object.hasOwn(v, k) && typeof v[k] === 'string' ? (v[k] as string) : '');
    const list = Object.hasOwn(v, 'aliases') && Array.isArray(v.aliases) ? v.aliases.map(String) : [];
    const info: TopicInfo = { id, en: str('en'), zh: str('zh'), aliases: list, line };
    if (str('parent')) info.parent = str('parent');
    if (!info.en || !info.zh) problems.push(problem(file, line, 'error', 'problem.topics.noDescription', { id }));
    topics.set(id, info);
  }
  for (const t of topics.values()) {
    if (t.parent !== undefined && !topics.has(t.parent)) {
      problems.push(problem(file, t.line, 'error', 'problem.topics.badParent', { id: t.id, parent: t.parent }));
      delete t.parent;
    }
    for (const a of t.aliases) {
      const other = topics.has(a) ? a : aliases.get(a);
      if (!isSlug(a) || FORBIDDEN.has(a) || other !== undefined) {
        problems.push(problem(file, t.line, 'error', 'problem.topics.badAlias', { alias: a, id: t.id, other: other ?? '' }));
      } else aliases.set(a, t.id);
    }
  }
  // A parent chain that loops would make ancestors() spin: cut it where it closes.
  for (const t of topics.values()) {
    const seen = new Set([t.id]);
    let p = t.parent;
    while (p !== undefined) {
      if (seen.has(p)) {
        problems.push(problem(file, t.line, 'error', 'problem.topics.cycle', { id: t.id }));
        delete t.parent;
        break;
      }
      seen.add(p);
      p = topics.get(p)?.parent;
    }
  }
  return { map: { file, topics, aliases }, problems };
}

/** The topic id a name stands for (itself, or the topic it is an alias of); undefined if unknown. */
export function resolveTopic(map: TopicMap, name: string): string | undefined {
  const n = name.toLowerCase();
  return map.topics.has(n) ? n : map.aliases.get(n);
}

/** A topic and every topic below it in the tree. */
export function withDescendants(map: TopicMap, id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) {
    for (const t of map.topics.values()) if (t.parent === out[i] && !out.includes(t.id)) out.push(t.id);
  }
  return out;
}

/**
 * What a `--topic` filter means under a map: each name resolved through the aliases and widened to
 * its sub-topics (`--topic alignment` includes `peft`). Names the map does not know stay as they are.
 */
export function expandTopicFilter(map: TopicMap | undefined, wanted: string[]): string[] {
  if (!map) return wanted;
  const out = new Set<string>();
  for (const w of wanted) {
    const id = resolveTopic(map, w);
    if (id === undefined) out.add(w.toLowerCase());
    else for (const t of withDescendants(map, id)) out.add(t);
  }
  return [...out];
}

/**
 * Problems of decks governed by a map: a card topic or deck id outside the vocabulary (an alias
 * is named with the id to use instead).
 */
export function checkTopics(map: TopicMap, decks: Deck[]): Problem[] {
  const out: Problem[] = [];
  for (const d of decks) {
    if (!map.topics.has(d.meta.id))
      out.push(problem(d.file, 2, 'error', 'problem.topics.deckNotTopic', { id: d.meta.id, map: map.file }));
    const reported = new Set<string>();
    for (const c of d.cards) {
      for (const t of c.topics) {
        if (map.topics.has(t)) continue;
        // A deck-level topic would be reported once per card: once per deck is enough.
        if (d.meta.topics.includes(t)) {
          if (reported.has(t)) continue;
          reported.add(t);
        }
        const alias = map.aliases.get(t);
        const at = d.meta.topics.includes(t) ? { file: d.file, line: 2 } : { file: c.file, line: c.line };
        const params = { topic: t, map: map.file, use: alias ?? '' };
        out.push(problem(at.file, at.line, 'error', alias ? 'problem.topics.aliasUsed' : 'problem.topics.unknown', params));
      }
    }
  }
  return out;
}

/** How many cards carry each topic of the map (directly; sub-topics are not added to parents). */
export function cardsPerTopic(map: TopicMap, decks: Deck[]): Map<string, number> {
  const count = new Map<string, number>([...map.topics.keys()].map((k) => [k, 0]));
  for (const d of decks)
    for (const c of d.cards) for (const t of c.topics) if (count.has(t)) count.set(t, (count.get(t) ?? 0) + 1);
  return count;
}

/** The map as a tree for display: each topic with its depth, parents before children, in file order. */
export function topicTree(map: TopicMap): Array<{ topic: TopicInfo; depth: number }> {
  const out: Array<{ topic: TopicInfo; depth: number }> = [];
  const visit = (t: TopicInfo, depth: number) => {
    out.push({ topic: t, depth });
    for (const c of map.topics.values()) if (c.parent === t.id) visit(c, depth + 1);
  };
  for (const t of map.topics.values()) if (t.parent === undefined) visit(t, 0);
  return out;
}
