/** Checks of a command's selection flags shared by several commands (list, study, stats, export). */
import type { Card } from '../../core/deck.js';
import type { ProgressMap } from '../../core/progress.js';
import { hasTopic, knownTopics, suggest, unknownTopics } from '../../core/select.js';
import { expandTopicFilter, resolveTopic } from '../../core/topic-map.js';
import { UserError } from '../../errors.js';
import type { Collection } from '../../store/decks.js';
import { loadTopicMap } from '../../store/topic-map-file.js';
import { t } from '../../ui/messages.js';
import type { Context } from './context.js';

/**
 * Checks `--topic` names (each must be a topic of the map, an alias, or a topic some card has) and
 * resolves them through the topic map: aliases to their topic, a topic to it and its sub-topics.
 */
export function resolveTopics(ctx: Context, wanted: string[] | undefined, cards: Card[]): string[] | undefined {
  if (!wanted?.length) return wanted;
  const { map } = loadTopicMap(ctx.sources);
  assertTopicsKnown(
    wanted.filter((w) => !map || resolveTopic(map, w) === undefined),
    cards,
  );
  return expandTopicFilter(map, wanted);
}

/** Raises the "unknown topic" user error with the closest known topics. */
export function assertTopicsKnown(wanted: string[] | undefined, cards: Card[]): void {
  if (!wanted?.length) return;
  const bad = unknownTopics(wanted, cards);
  if (bad.length === 0) return;
  const topic = bad[0] as string;
  const close = suggest(topic, knownTopics(cards));
  throw new UserError(t('topic.unknown', { topic, suggest: close.length ? t('topic.suggest', { list: close.join(', ') }) : '' }));
}

export function assertDecksKnown(wanted: string[] | undefined, cards: Card[]): void {
  if (!wanted?.length) return;
  const known = [...new Set(cards.map((c) => c.deckId))].sort();
  for (const d of wanted) {
    if (!known.includes(d.toLowerCase())) throw new UserError(t('deck.unknown', { deck: d, list: known.join(', ') }));
  }
}

/** The card with this id, or the "unknown card id" user error with the closest ids. */
export function requireCard(byId: ReadonlyMap<string, Card>, id: string): Card {
  const card = byId.get(id);
  if (card) return card;
  const close = suggest(id, [...byId.keys()]);
  throw new UserError(t('card.unknown', { id, suggest: close.length ? t('topic.suggest', { list: close.join(', ') }) : '' }));
}

/** Cards of the chosen topics and decks; `leech` is a topic too (as in `list`), so leeches can be studied. */
export function selectCards(
  col: Collection,
  o: { topic?: string[]; deck?: string[] },
  progress: ProgressMap,
  leechThreshold: number,
): Card[] {
  const topics = o.topic?.map((x) => x.toLowerCase());
  const decks = o.deck?.map((x) => x.toLowerCase());
  return col.cards.filter(
    (c) =>
      (!topics?.length || hasTopic(c, topics, progress.get(c.id), leechThreshold)) &&
      (!decks?.length || decks.includes(c.deckId)),
  );
}
