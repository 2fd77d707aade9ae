import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import chalk from 'chalk';
import { type Deck, fixMissingIds } from '../core/deck.js';
import { checkTopics } from '../core/topic-map.js';
import { type Problem, UserError } from '../errors.js';
import { atomicWrite } from '../store/atomic.js';
import { readDeckText } from '../store/deck-text.js';
import { findDeckFiles, loadCollection } from '../store/decks.js';
import { loadTopicMap, TOPIC_MAP_FILE } from '../store/topic-map-file.js';
import { problemLine, t } from '../ui/messages.js';
import { type GlobalOptions, makeContext, openStore } from './shared/context.js';
import { overrideProblems } from './shared/overrides.js';

export interface CheckOptions extends GlobalOptions {
  fix?: boolean;
}

function show(p: Problem): string {
  const line = problemLine(p);
  return p.severity === 'error' ? chalk.red(line) : chalk.yellow(line);
}

/**
 * Topic-map problems of the checked decks: each deck folder with a topics.yaml (at the folder, or
 * up to two levels above a checked path, so `check decks/zh` still finds decks/topics.yaml)
 * governs the decks under it.
 */
function topicMapProblems(sources: string[], decks: Deck[]): Problem[] {
  const roots = sources.map((s) => {
    let dir = existsSync(s) && statSync(s).isDirectory() ? s : dirname(s);
    for (let i = 0; i < 2 && !existsSync(join(dir, TOPIC_MAP_FILE)); i++) dir = dirname(dir);
    return existsSync(join(dir, TOPIC_MAP_FILE)) ? dir : s;
  });
  const { dirs, problems } = loadTopicMap([...new Set(roots)]);
  for (const { dir, map } of dirs) {
    const governed = decks.filter((d) => resolve(d.file).startsWith(`${dir}${sep}`));
    problems.push(...checkTopics(map, governed));
  }
  return problems;
}

/** Validates decks (the given paths, or every source) and the user's store; exit 1 on any error. */
export async function runCheck(paths: string[], o: CheckOptions): Promise<number> {
  const ctx = makeContext(o);
  const explicit = paths.length > 0;
  for (const p of paths) {
    if (!existsSync(p)) throw new UserError(t('check.noPath', { path: p }));
    // Checking a .txt or an empty folder used to say "no problems", as if it had been checked.
    if (findDeckFiles(p).length === 0) throw new UserError(t('check.nothing', { path: p }));
  }
  const sources = explicit ? paths.map((p) => resolve(p)) : ctx.sources.filter((s) => existsSync(s));
  if (o.fix) {
    for (const src of sources) {
      for (const file of findDeckFiles(src)) {
        // Only files read back exactly are rewritten: a FIFO is never opened, and a file that is
        // not UTF-8 would come back with U+FFFD in place of its bytes (the load below reports both).
        const encoding: Problem[] = [];
        const text = readDeckText(file, encoding);
        if (typeof text !== 'string' || encoding.length > 0) continue;
        const fixed = fixMissingIds(text, file);
        if (fixed.added > 0) {
          atomicWrite(file, fixed.text);
          process.stdout.write(`${t('check.fixed', { file, n: fixed.added })}\n`);
        }
      }
    }
  }
  const col = loadCollection(sources);
  const problems = [...col.problems, ...topicMapProblems(sources, col.decks)];
  if (!explicit) {
    problems.push(...overrideProblems(ctx.data, col, o.fix));
    const store = openStore(ctx, {}, false);
    problems.push(...store.problems);
    if (store.tornLines > 0) process.stdout.write(`${t('check.torn', { file: store.logsDir, n: store.tornLines })}\n`);
    const orphans = [...store.progress.keys()].filter((id) => !col.byId.has(id));
    if (orphans.length > 0) {
      const list = orphans.slice(0, 10).join(', ') + (orphans.length > 10 ? ', …' : '');
      process.stdout.write(`${t('check.orphans', { user: ctx.user, n: orphans.length, list })}\n`);
    }
  }
  for (const p of problems) process.stdout.write(`${show(p)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const summary =
    problems.length === 0
      ? t('check.ok', { decks: col.decks.length, cards: col.cards.length })
      : t('check.summary', { decks: col.decks.length, cards: col.cards.length, errors, warnings });
  process.stdout.write(`${summary}\n`);
  return errors > 0 ? 1 : 0;
}
