/**
 * English text of every problem the parsers and the store report, keyed for translation.
 * Core stays pure and English: a problem carries this text (for `--json`, logs and tests) plus
 * its key and params, and the ui edge (`localizeProblem` in src/ui/messages.ts) swaps in the
 * Chinese catalogue entry of the same key. `<key>.hint` is the hint that goes with `<key>`.
 *
 * Placeholders are `{name}`. A param `nameKey` holding another key of this table fills `{name}`
 * with that message (same params): used where one message quotes another's reason.
 */
import type { Problem, ProblemParams } from '../errors.js';

export const PROBLEM_EN = {
  // Deck files (core/deck.ts, store/decks.ts)
  'problem.deck.tooBig': 'deck is larger than {max} MiB',
  'problem.deck.tooBig.hint': 'split it into several deck files',
  'problem.deck.tooBigBytes': 'deck is larger than {max} MiB ({size} bytes)',
  'problem.deck.tooBigBytes.hint': 'split it into several deck files',
  // Limits on untrusted text (core/limits.ts, docs/limits.md)
  'problem.limit.nesting': 'lists or quotes nested {n} levels deep; the limit is {max}',
  'problem.limit.nesting.hint': 'flatten the list (deeper levels cannot be shown on a terminal line anyway)',
  'problem.limit.line': 'a line of {n} characters; the limit is {max}',
  'problem.limit.line.hint': 'break the line (or put long data in a file and refer to it)',
  'problem.limit.paragraph': 'a paragraph of {n} characters; the limit is {max}',
  'problem.limit.paragraph.hint': 'split it with blank lines, or split the card',
  'problem.limit.lines': 'a question or answer of {n} lines; the limit is {max}',
  'problem.limit.lines.hint': 'split the card into smaller ones',
  'problem.limit.metaKeys': 'the metadata comment has {n} keys; the limit is {max}',
  'problem.limit.metaKeys.hint': 'keep only id, topics, level, seed, group, runnable and draft',
  'problem.limit.metaOpen': 'the metadata comment is not closed within {max} lines',
  'problem.limit.metaOpen.hint': 'end it with `-->` on the same line or soon after',
  'problem.deck.notFile': 'not a regular file (a pipe, socket or device), so it is not read',
  'problem.deck.notFile.hint': 'decks are plain files; remove it or rename it so it does not end in .md',
  'problem.deck.notUtf8': 'the file is not UTF-8 (Latin-1 or another encoding?); bad bytes show as �',
  'problem.deck.notUtf8.hint': 'convert it, e.g. `iconv -f latin1 -t utf-8 FILE > NEW`; `check --fix` leaves it unchanged',
  'problem.deck.unreadable': 'cannot read this deck: {reason}',
  'problem.deck.unreadable.hint': 'check the file (a deck is a regular UTF-8 text file)',
  'problem.deck.noFrontMatter': 'expected YAML front matter starting with `---` on the first line',
  'problem.deck.noFrontMatter.hint':
    'add a `---` block with id, title, language, topics and description (see docs/deck-format.md)',
  'problem.deck.fmLanguage': "front matter in '{lang}' is not supported; only YAML is",
  'problem.deck.fmLanguage.hint': 'write the front matter as YAML between `---` lines; deck files never run code',
  'problem.deck.fmNotClosed': 'front matter is not closed',
  'problem.deck.fmNotClosed.hint': 'end the front matter with a line `---`',
  'problem.deck.fmYaml': 'front matter is not valid YAML: {reason}',
  'problem.deck.fmYaml.hint': 'fix the YAML syntax (indentation, quotes, `key: value`)',
  'problem.deck.fmNotMapping': 'front matter must be a YAML mapping of keys to values',
  'problem.deck.fmNotMapping.hint': 'write `id: ...`, `title: ...` on separate lines',
  'problem.deck.fmForbiddenKey': "front matter key '{name}' is not allowed",
  'problem.deck.fmForbiddenKey.hint': 'remove it',
  'problem.deck.fmUnknownKey': "unknown front matter key '{name}'",
  'problem.deck.fmUnknownKey.hint': 'known keys: {known}',
  'problem.deck.fmMissing': "front matter needs '{name}' as a non-empty string",
  'problem.deck.fmMissing.hint': 'add `{name}: ...`',
  'problem.deck.badId': "deck id '{id}' is not a lowercase slug",
  'problem.deck.badId.hint': "use letters a-z, digits and '-', e.g. '{suggest}'",
  'problem.deck.noTopics': "front matter needs 'topics' as a list of slugs",
  'problem.deck.noTopics.hint': 'add `topics: [my-topic]`',
  'problem.deck.badTopic': "topic '{topic}' is not a lowercase slug",
  'problem.deck.badTopic.hint': "write it as '{suggest}'",
  'problem.deck.badVersion': "'version' must be a whole number",
  'problem.deck.badVersion.hint': 'write e.g. `version: 2`',
  'problem.deck.tooManyCards': 'deck has {n} cards, more than the limit of {max}',
  'problem.deck.tooManyCards.hint': 'split it into several deck files',
  'problem.deck.noCards': 'deck has no cards',
  'problem.deck.noCards.hint': 'start each card with a `## question` heading',
  'problem.deck.dupCard': "duplicate card id '{id}' (also at {where})",
  'problem.deck.dupCard.hint': 'give each card its own id',
  // Language editions of one deck (store/decks.ts, core/editions.ts)
  'problem.edition.deckTopics': 'deck topics differ from the other edition {other}: {a} vs {b}',
  'problem.edition.deckTopics.hint': 'both editions of a deck list the same topics',
  'problem.edition.missingCard': "card '{id}' of {other} is missing from this edition",
  'problem.edition.missingCard.hint': 'translate the card into this file, with the same id and metadata',
  'problem.edition.extraCard': "card '{id}' is not in the other edition {other}",
  'problem.edition.extraCard.hint': 'add it to the other edition too, or remove it here',
  'problem.edition.order': "card '{id}' is out of order: the other edition {other} has '{expected}' here",
  'problem.edition.order.hint': 'keep the cards of both editions in the same order',
  'problem.edition.mismatch': "card '{id}': {field} differ from the other edition {other} ({a} vs {b})",
  'problem.edition.mismatch.hint':
    'editions share ids, topics, key-point count, group, level, follow-ups and seeds; only prose differs',
  'problem.edition.sameLanguage': "deck id '{id}' is used by {other} in the same language ({lang})",
  'problem.edition.sameLanguage.hint': 'give this deck another id; two files share an id only as editions in different languages',
  // Topic maps (core/topic-map.ts)
  'problem.topics.yaml': 'topic map is not valid YAML: {reason}',
  'problem.topics.yaml.hint': 'fix the YAML syntax (indentation, quotes, `key: value`)',
  'problem.topics.noTopics': 'topic map has no `topics:` mapping',
  'problem.topics.noTopics.hint': 'write `topics:` followed by one indented entry per topic',
  'problem.topics.badTopic': "topic '{id}' is not a lowercase slug with fields",
  'problem.topics.badTopic.hint': 'write e.g. `attention:` with `en:`, `zh:` and optional `parent:`, `aliases:` under it',
  'problem.topics.noDescription': "topic '{id}' needs a one-line description in both languages",
  'problem.topics.noDescription.hint': 'add `en:` and `zh:` lines under it',
  'problem.topics.badParent': "topic '{id}' has parent '{parent}', which is not a topic of the map",
  'problem.topics.badParent.hint': 'use the id of another topic, or remove `parent:`',
  'problem.topics.badAlias': "alias '{alias}' of '{id}' is not a slug or is already taken {other}",
  'problem.topics.badAlias.hint': 'each alias is a lowercase slug that names one topic only',
  'problem.topics.cycle': "topic '{id}' is its own ancestor",
  'problem.topics.cycle.hint': 'fix the `parent:` chain so that it ends at a topic without a parent',
  'problem.topics.deckNotTopic': "deck id '{id}' is not a topic of {map}",
  'problem.topics.deckNotTopic.hint': 'add the deck id to the topic map, or rename the deck',
  'problem.topics.unknown': "topic '{topic}' is not in the topic map {map}",
  'problem.topics.unknown.hint': 'use a topic of the map (`llm-quiz topics` shows it), or add it there with a description',
  'problem.topics.aliasUsed': "topic '{topic}' is an alias; cards use the topic id '{use}'",
  'problem.topics.aliasUsed.hint': 'write the topic id in the card',
  'problem.deck.dupDeckId': "deck id '{id}' is already used by {other}",
  'problem.deck.dupDeckId.hint': 'give this deck another id, or remove one of the copies',
  'problem.deck.dupCardAcross': "duplicate card id '{id}': also at {where}",
  'problem.deck.dupCardAcross.hint': 'card ids must be unique across all decks; rename one of them',
  // Overrides: the user's copies of bundled and imported cards (commands/shared/overrides.ts)
  'problem.override.stale': "your copy of '{id}' overrides a card that changed since it was copied ({where})",
  'problem.override.stale.hint':
    'compare the two and bring the change into your copy (or delete the card from this file to use the original), then run `llm-quiz check --fix` to mark it merged',
  'problem.override.unknown': "your copy of '{id}' overrides no card: no deck has this id any more",
  'problem.override.unknown.hint': 'delete the card from this file, or move it into a deck of your own',
  'problem.card.noQuestion': 'card heading has no question text',
  'problem.card.noQuestion.hint': 'write the question after `## `',
  'problem.card.forbiddenKey': "metadata key '{name}' is not allowed",
  'problem.card.forbiddenKey.hint': 'remove it',
  'problem.card.unknownKey': "unknown card metadata key '{name}'",
  'problem.card.unknownKey.hint': 'known keys: {known}',
  'problem.card.noId': "card has no id; using derived id '{id}', which changes if the question is edited",
  'problem.card.noId.hint': 'run `llm-quiz check --fix` to write ids into the file',
  'problem.card.badId': "card id '{id}' is not valid",
  'problem.card.badId.hint': "use lowercase letters, digits, '-', '_' or '.', at most 64 characters",
  'problem.card.badLevel': "level '{level}' must be 1, 2 or 3",
  'problem.card.badLevel.hint': 'use 1 basic, 2 intermediate, 3 advanced',
  'problem.card.badSeed': "seed '{seed}' is not a positive whole number",
  'problem.card.badSeed.hint': 'write e.g. `seed: 1, 14`',
  'problem.card.badFollowUp': "follow-up '{id}' is not a card id",
  'problem.card.badFollowUp.hint': 'write card ids separated by commas, e.g. `follow-up: attn-gqa, kv-size`',
  'problem.card.badGroup': "group '{group}' is not a lowercase slug",
  'problem.card.badGroup.hint': 'write e.g. `group: rlhf`',
  'problem.card.badRunnable': "runnable '{value}' is not supported",
  'problem.card.badRunnable.hint': 'the only value is `python`',
  'problem.card.badDraft': "draft '{value}' must be true or false",
  'problem.card.badDraft.hint': 'write `draft: true`',
  'problem.card.emptyAnswer': 'card has an empty answer',
  'problem.card.emptyAnswer.hint': 'add a `### Answer` heading followed by the answer (or mark the card `draft: true`)',
  'problem.card.noAnswer': 'card has no answer',
  'problem.card.noAnswer.hint': 'add a `### Answer` heading followed by the answer (or mark the card `draft: true`)',

  // Progress logs, snapshot and settings (store/log-format.ts, snapshot.ts, settings-file.ts); event reasons (core/progress.ts)
  'problem.log.badEvent': '{log}: {reason}; event skipped',
  'problem.store.settingsIgnored': 'values not valid here, defaults used instead: {keys}',
  'problem.store.settingsIgnored.hint': 'fix them with `llm-quiz config set KEY VALUE` (`config list` shows the allowed values)',
  'problem.log.future': '{log}: event dated {t}, in the future (a wrong clock?); counted at {at}, after the event before it',
  'problem.log.future.hint': "check that machine's clock; the event is kept as it is in the file",
  'problem.log.badJson': '{log}: line is not valid JSON; skipped (kept in the file)',
  'problem.log.badJson.hint': 'a torn or hand-edited line; it can be removed by hand once inspected',
  'problem.snapshot.movedAside': 'snapshot could not be parsed; moved to {aside} and rebuilt from the logs',
  'problem.snapshot.corrupt': 'snapshot could not be parsed (nor moved aside); rebuilt from the logs',
  'problem.store.newerSchema':
    '{file} was written by a newer llm-quiz (schema {found}; this version reads up to {max}). Upgrade llm-quiz; the file was not changed.',
  'problem.store.badSettings': 'cannot read {file}: {reason}. Fix or remove the file; it was not changed.',
  'problem.event.notObject': 'not a JSON object',
  'problem.event.badRow': 'not a review row of schema 2 ([id, card, t, rating, ms, after, before])',
  'problem.event.badId': "missing or invalid 'id'",
  'problem.event.badTime': "missing or invalid time 't' (want e.g. 2025-01-31T08:00:00.000Z)",
  'problem.event.badCard': "missing or invalid 'card'",
  'problem.event.badType': "unknown event type '{type}'",
  'problem.event.badRating': "review 'rating' must be 1-4",
  'problem.event.badAfter': "review 'after' is not a card state",
  'problem.event.badBefore': "review 'before' is not a card state",
  'problem.event.badMs': "review 'ms' must be a number",
  'problem.event.badTyped': "review 'typed' must be a string",
  'problem.event.badCram': "review 'cram' must be true or false",
  'problem.event.noTarget': "undo needs 'target'",
  'problem.event.noRestore': "undo needs 'restore' (fsrs and suspended)",
  'problem.event.badBuried': "undo 'restore.buriedUntil' is not a time",
  'problem.event.noUntil': "bury needs 'until'",
  'problem.event.badReason': "set needs 'reason' (reschedule, set-due or forget)",

  // Importers (core/import/*.ts)
  'problem.deckId.notSlug': "deck id '{id}' is not a lowercase slug of a-z, 0-9 and '-'",
  'problem.deckId.tooLong': "deck id '{id}…' is longer than {max} characters",
  'problem.import.deckFileId': '{reason}',
  'problem.import.deckFileId.hint': 'use a shorter id, or pass --deck-id',
  'problem.import.repeat': "question repeats the one at line {prev}; this copy gets id '{id}'",
  'problem.import.repeat.hint': 'remove one copy if they are the same question',
  'problem.anki.badColumn': "'#{name}' needs a column number, not '{value}'",
  'problem.anki.badColumn.hint': 'columns are counted from 1, e.g. `#tags column:3`',
  'problem.anki.badSeparator': "unknown separator '{value}'",
  'problem.anki.badSeparator.hint': 'use tab, comma, semicolon, pipe, space, colon or a single character',
  'problem.anki.emptyFirst': 'note has an empty first field; skipped',
  'problem.anki.emptyFirst.hint': 'the first field is used as the question',
  'problem.anki.dupGuid': "guid '{guid}' is used by two notes (also at line {prev})",
  'problem.anki.dupGuid.hint': 'export the deck again from Anki, or remove the repeated note',
  'problem.anki.droppedTags': 'tags without ASCII letters or digits were not made topics: {list}',
  'problem.anki.droppedTags.hint': 'rename the tags in Anki, or add topics with --topic',
  'problem.anki.noNotes': 'no notes found',
  'problem.anki.noNotes.hint': 'export from Anki with File › Export › "Notes in Plain Text", or check the separator',
  'problem.anki.deckIdMany': '--deck-id names one deck, but this export holds {n} Anki decks ({list})',
  'problem.anki.deckIdMany.hint': 'leave out --deck-id to import each Anki deck as its own deck, or export one deck at a time',
  'problem.anki.sameId': "Anki decks '{a}' and '{b}' both become deck id '{id}'",
  'problem.anki.sameId.hint': 'rename one of the decks in Anki so their names differ in letters or digits',
  'problem.csv.empty': 'the file is empty',
  'problem.csv.empty.hint': 'add a header row `question,answer`',
  'problem.csv.unusedColumn': "column '{name}' is not used",
  'problem.csv.unusedColumn.hint': 'known columns: question, answer, topics, id, key_points',
  'problem.csv.noQuestionColumn': 'the header row has no `question` column',
  'problem.csv.noQuestionColumn.hint': 'start the file with a header row such as `question,answer,topics,id,key_points`',
  'problem.csv.noQuestion': 'row has no question; skipped',
  'problem.csv.noQuestion.hint': 'fill in the question cell or delete the row',
  'problem.csv.badId': "id '{id}' is not a valid card id",
  'problem.csv.badId.hint': "use lowercase letters, digits, '-', '_' or '.' (at most 64), or leave the cell empty",
  'problem.csv.droppedTopics': 'topics without ASCII letters or digits were dropped: {list}',
  'problem.csv.droppedTopics.hint': 'topics are slugs of a-z, 0-9 and -; write them in ASCII or use --topic',
  'problem.csv.dupId': "id '{id}' is used twice (also at line {prev})",
  'problem.csv.dupId.hint': 'give each row its own id',
  'problem.delimited.unclosed': 'a quoted field is never closed',
  'problem.delimited.unclosed.hint': 'end the field with `"`, and write a quote inside a field as `""`',
  'problem.post.fmLanguage': "front matter in '{lang}' was skipped (it is never run)",
  'problem.post.fmLanguage.hint': 'write the front matter as YAML to have its title and tags read',
  'problem.post.fmYaml': 'front matter is not valid YAML and was skipped: {reason}',
  'problem.post.fmYaml.hint': 'fix the YAML to have the title and tags read',
  'problem.qa.none': 'no questions found',
  'problem.qa.none.hint':
    'write questions as `1. question`, `**1. question**`, `## question` headings or `Q:`/`A:` pairs (see docs/import.md), or pass --format',
  'problem.qa.skippedLine':
    'text between questions that is not a `>` blockquote was left out (answers in this file are blockquotes): line {lines}',
  'problem.qa.skippedLine.hint': 'quote the text with `>` if it belongs to the answer above it',
  'problem.qa.skippedLines':
    'text between questions that is not a `>` blockquote was left out (answers in this file are blockquotes): lines {lines}',
  'problem.qa.skippedLines.hint': 'quote the text with `>` if it belongs to the answer above it',
  'problem.qa.numberedTopics': 'section headings without ASCII letters got numbered topics: {list}',
  'problem.qa.numberedTopics.hint':
    'topics are slugs of a-z, 0-9 and -; add an English word to the heading (e.g. `## 注意力 (attention)`) to choose the topic',
  'problem.apkg.notCollection': 'the package holds no Anki collection (no notes and cards tables)',
  'problem.apkg.notCollection.hint': 'export the deck again from Anki (File › Export › Anki Deck Package)',
  'problem.apkg.templates': '{n} card(s) of note types with more than two templates were left out',
  'problem.apkg.templates.hint': 'only the first two templates of a note type (front, and reversed) are imported',
  'problem.apkg.emptyFront': '{n} card(s) with an empty front were left out',
  'problem.apkg.emptyFront.hint':
    'give the note a front in Anki (text, or a picture or sound kept in the package) and export again',
  'problem.apkg.unreadable': 'cannot read this Anki package: {reason}',
  'problem.apkg.unreadable.hint': 'export it again from Anki (File › Export › Anki Deck Package), or as "Notes in Plain Text"',
  'problem.crowdanki.json': 'not valid JSON: {reason}',
  'problem.crowdanki.json.hint': 'export the deck again with CrowdAnki, or fix the JSON',
  'problem.qa.tooDeep': 'Markdown lists or quotes nested more than {max} levels deep (the limit of a deck card)',
  'problem.qa.tooDeep.hint':
    'no real document nests this deep; flatten the nesting or import the file as plain text with --format csv',
  'problem.qa.droppedTags': 'front matter tags without ASCII letters were not made topics: {list}',
  'problem.qa.droppedTags.hint': 'use --topic to add topics',
  'problem.plan.badDeckId': '{reason}',
  'problem.plan.badDeckId.hint': 'pass --deck-id with a lowercase slug such as `my-deck`',
  'problem.plan.twice': "deck id '{id}' is also produced by {where}",
  'problem.plan.twice.hint': 'import them separately with different --deck-id values',
  'problem.plan.taken': "deck id '{id}' is already used by {file}, which import does not replace",
  'problem.plan.taken.hint': 'pass --deck-id to import it under another id',
  'problem.plan.outside': "deck id '{id}' would place a file outside {dir}",
  'problem.plan.outside.hint': 'use a plain slug as deck id',
  'problem.plan.symlink': '{file} is a symbolic link; import does not write through links',
  'problem.plan.symlink.hint': 'remove the link, or pass --deck-id',
  'problem.plan.existsDeck': "{file} already exists and holds deck '{other}'",
  'problem.plan.existsDeck.hint': 'fix or move that file, or pass --deck-id',
  'problem.plan.existsInvalid': '{file} already exists and is not a valid deck',
  'problem.plan.existsInvalid.hint': 'fix or move that file, or pass --deck-id',
  'problem.plan.tooBig': "deck '{id}' would be larger than {max} MiB",
  'problem.plan.tooBig.hint': 'split the input into smaller files (or smaller Anki decks)',
  'problem.plan.tooManyCards': "deck '{id}' would have more than {max} cards",
  'problem.plan.tooManyCards.hint': 'split the input into smaller files',
  'problem.plan.readBack': 'the converted deck does not read back: {detail}',
  'problem.plan.readBack.hint': 'this is a bug in llm-quiz import; please report it with the input file',
  'problem.plan.cardTaken': "card id '{id}' (deck '{deck}') is already used at {where}",
  'problem.plan.cardTaken.hint': 'card ids must be unique across all decks; change the id in the input',
} as const;

export type ProblemTextKey = keyof typeof PROBLEM_EN;
/** Keys of problem messages (not of their hints). */
export type ProblemKey = Exclude<ProblemTextKey, `${string}.hint`>;

/** A message not yet worded: its key and params (a reason returned by a validator). */
export interface ProblemMessage {
  key: ProblemKey;
  params?: ProblemParams;
}

/**
 * Fills `{name}` placeholders from params; `{name}` with a `nameKey` param is filled with that
 * message, looked up by `lookup` (so the ui can do the same with its own catalogue).
 */
export function fillTemplate(
  template: string,
  params: ProblemParams,
  lookup: (key: string) => string | undefined,
  depth = 0,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (Object.hasOwn(params, name)) return String(params[name]);
    const nested = params[`${name}Key`];
    const text = typeof nested === 'string' && depth < 2 ? lookup(nested) : undefined;
    return text === undefined ? whole : fillTemplate(text, params, lookup, depth + 1);
  });
}

function english(key: string): string | undefined {
  return Object.hasOwn(PROBLEM_EN, key) ? PROBLEM_EN[key as ProblemTextKey] : undefined;
}

/** The English text of a problem message (or hint) key. */
export function problemText(key: ProblemTextKey, params: ProblemParams = {}): string {
  return fillTemplate(PROBLEM_EN[key], params, english);
}

/** A problem with its English message and hint, and the key and params to translate them. */
export function problem(
  file: string,
  line: number,
  severity: Problem['severity'],
  key: ProblemKey,
  params: ProblemParams = {},
): Problem {
  const hintKey = `${key}.hint`;
  const hint = Object.hasOwn(PROBLEM_EN, hintKey) ? problemText(hintKey as ProblemTextKey, params) : undefined;
  return {
    file,
    line,
    severity,
    message: problemText(key, params),
    ...(hint !== undefined ? { hint } : {}),
    key,
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
}
