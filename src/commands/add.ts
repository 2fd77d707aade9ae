/**
 * `llm-quiz add "Q" "A" --topic t`: a card into the user's personal deck (`<data>/decks/personal.md`,
 * created on first use). Without Q and A, a template opens in $EDITOR and its cards are added.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSlug, parseDeck } from '../core/deck.js';
import { cardText, newCardId, newCardProblem, PERSONAL_DECK, personalDeckHead } from '../core/personal.js';
import { UsageError, UserError } from '../errors.js';
import { atomicWrite } from '../store/atomic.js';
import { displayPath } from '../store/decks.js';
import { userDecksDir } from '../store/paths.js';
import { getLang, problemLine, t } from '../ui/messages.js';
import { type GlobalOptions, loadDecks, makeContext } from './shared/context.js';
import { runEditor } from './shared/overrides.js';

export interface AddOptions extends GlobalOptions {
  topic?: string[];
}

interface NewCard {
  question: string;
  answer: string;
  topics: string[];
}

/** The cards written in the editor template (a deck body: `## question`, `### Answer`). */
function fromTemplate(dir: string, topics: string[]): NewCard[] {
  const file = join(dir, `.add-${process.pid}.md`);
  const head = personalDeckHead('new cards', getLang(), 'new cards');
  const meta = topics.length > 0 ? `<!-- topics: ${topics.join(', ')} -->\n` : '';
  writeFileSync(file, `${head}\n<!-- ${t('add.template')} -->\n\n## \n${meta}\n### Answer\n\n`);
  try {
    const lines = head.split('\n').length + 3;
    const run = runEditor(file, lines);
    if (!run.ran) throw new UserError(run.message ?? '');
    const parsed = parseDeck(readFileSync(file, 'utf8'), displayPath(file));
    const error = parsed.problems.find((p) => p.severity === 'error');
    if (error) throw new UserError(problemLine(error));
    const cards = (parsed.deck?.cards ?? []).filter((c) => c.question.trim() && c.answer.trim());
    if (cards.length === 0) throw new UserError(t('add.nothing'));
    return cards.map((c) => ({ question: c.question, answer: c.answer, topics: c.topics.filter((x) => x !== PERSONAL_DECK) }));
  } finally {
    rmSync(file, { force: true });
  }
}

export async function runAdd(question: string | undefined, answer: string | undefined, o: AddOptions): Promise<number> {
  const topics = (o.topic ?? [])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  for (const topic of topics) if (!isSlug(topic)) throw new UsageError(t('add.badTopic', { topic }));
  if (question !== undefined && answer === undefined) throw new UsageError(t('add.needAnswer'));
  if (question !== undefined && answer !== undefined) {
    const bad = newCardProblem(question, answer);
    if (bad) throw new UsageError(t(bad));
  }
  const ctx = makeContext(o);
  const dir = userDecksDir(ctx.data);
  mkdirSync(dir, { recursive: true });
  const cards = question !== undefined && answer !== undefined ? [{ question, answer, topics }] : fromTemplate(dir, topics);
  const col = loadDecks(ctx, true);
  const file = join(dir, `${PERSONAL_DECK}.md`);
  let text = existsSync(file)
    ? readFileSync(file, 'utf8').trimEnd()
    : personalDeckHead(t('add.deckTitle'), getLang(), t('add.deckDescription'));
  const ids: string[] = [];
  for (const c of cards) {
    const id = newCardId(c.question, (x) => col.byId.has(x) || ids.includes(x));
    ids.push(id);
    text += `\n\n${cardText({ id, ...c })}`;
  }
  // Written whole and atomically: a crash leaves the deck as it was or with every new card.
  atomicWrite(file, `${text.trimEnd()}\n`);
  for (const id of ids) process.stdout.write(`${t('add.done', { id, file: displayPath(file) })}\n`);
  return 0;
}
