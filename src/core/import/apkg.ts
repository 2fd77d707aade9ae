/**
 * Anki packages (`.apkg`, `.colpkg`): the collection inside, read through a query function (the
 * shell opens the SQLite file with sql.js), becomes decks of cards, plus the review history of
 * each card for the progress log. Both collection schemas are read: the legacy one (note types
 * and decks as JSON in `col`, Anki ≤ 2.1.49 and every `collection.anki2`) and the newer one
 * (tables `notetypes`, `fields`, `templates`, `decks`; `collection.anki21b`).
 *
 * - Note types: Basic (card = first field → other fields), "and reversed" (template 2: second
 *   field → first), Cloze (the note is a cloze note of our format; Anki card `ord` n is deletion
 *   n+1). Other templates beyond the second are left out, counted in the ledger.
 * - Tags become topics, Anki decks become decks (`A::B` → `a-b`), media referenced by a field is
 *   listed so the shell copies it beside the deck, and pictures point there.
 * - Card ids: `anki-<hash of the note guid>` as for the text export and CrowdAnki, so the same
 *   notes imported any of these ways are the same cards; `-r` for the reversed card, `.c<n>` for
 *   cloze deletions.
 * Pure: no file system, no clock.
 */
import type { Problem } from '../../errors.js';
import { clozeCardId, hasCloze } from '../cloze.js';
import { problem } from '../problems.js';
import { ANKI_STATE_TAGS, ankiCardId, ankiDeckId } from './anki.js';
import { decodeEntities, htmlToMarkdown } from './html.js';
import {
  type ConvertOptions,
  type ConvertResult,
  deckCountProblems,
  deckTopics,
  dedupeIds,
  detectLanguage,
  type ImportCard,
  type ImportDeck,
  tagsToTopics,
} from './model.js';

/** The rows of one query, as sql.js returns them. */
export interface QueryResult {
  columns: string[];
  values: unknown[][];
}
export type Query = (sql: string) => QueryResult[];

export interface ApkgData {
  query: Query;
  /** Media file names by their number in the package. */
  media: Map<string, string>;
  /** The collection's name in the package (`collection.anki2` is written by the v1 scheduler). */
  collection?: string;
}

/** One Anki review, for the progress log. */
export interface AnkiReview {
  /** Our card id. */
  card: string;
  /** Revlog id: the review time in milliseconds, unique in the collection. */
  id: number;
  /** 1 again … 4 easy. */
  ease: 1 | 2 | 3 | 4;
  /** 0 learning, 1 review, 2 relearning. */
  kind: number;
  /** Milliseconds spent. */
  ms: number;
}

export interface ApkgResult extends ConvertResult {
  reviews: AnkiReview[];
  /** Media to copy: the package's number, the safe file name, the deck it goes beside. */
  media: Array<{ key: string; name: string; deck: string }>;
  /** Our card ids suspended in Anki (queue -1). */
  suspended: string[];
}

interface NoteType {
  name: string;
  cloze: boolean;
  fields: string[];
  templates: number;
}

const rows = (q: Query, sql: string): unknown[][] => q(sql)[0]?.values ?? [];
const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(v ?? 0));
const str = (v: unknown) => (typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v ?? ''));

/** A media file name safe to write: no folders, no leading dots, printable, at most 120 characters; '' when nothing is left. */
export function safeMediaName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .slice(-120);
}

function noteTypes(q: Query, modern: boolean): Map<string, NoteType> {
  const out = new Map<string, NoteType>();
  if (modern) {
    const fields = new Map<string, string[]>();
    for (const [ntid, ord, name] of rows(q, 'SELECT ntid, ord, name FROM fields ORDER BY ntid, ord')) {
      const list = fields.get(String(ntid)) ?? [];
      list[num(ord)] = str(name);
      fields.set(String(ntid), list);
    }
    const templates = new Map<string, number>();
    for (const [ntid, n] of rows(q, 'SELECT ntid, count(*) FROM templates GROUP BY ntid')) templates.set(String(ntid), num(n));
    for (const [id, name, config] of rows(q, 'SELECT id, name, config FROM notetypes')) {
      // NotetypeConfig is a protobuf whose field 1 is the kind: `08 01` means cloze.
      const c = config instanceof Uint8Array ? config : new Uint8Array();
      out.set(String(id), {
        name: str(name),
        cloze: (c[0] === 0x08 && c[1] === 0x01) || /cloze/i.test(str(name)),
        fields: fields.get(String(id)) ?? [],
        templates: templates.get(String(id)) ?? 1,
      });
    }
    return out;
  }
  const [models] = rows(q, 'SELECT models FROM col')[0] ?? [];
  const parsed = JSON.parse(str(models) || '{}') as Record<
    string,
    { name?: string; type?: number; flds?: { name?: string }[]; tmpls?: unknown[] }
  >;
  for (const [id, m] of Object.entries(parsed)) {
    out.set(id, {
      name: String(m.name ?? ''),
      cloze: m.type === 1,
      fields: (m.flds ?? []).map((f) => String(f.name ?? '')),
      templates: Array.isArray(m.tmpls) ? m.tmpls.length : 1,
    });
  }
  return out;
}

function deckNames(q: Query, modern: boolean): Map<string, string> {
  const out = new Map<string, string>();
  if (modern) {
    // Newer collections separate deck levels with \x1f.
    for (const [id, name] of rows(q, 'SELECT id, name FROM decks')) out.set(String(id), str(name).split('\u001f').join('::'));
    return out;
  }
  const [decks] = rows(q, 'SELECT decks FROM col')[0] ?? [];
  const parsed = JSON.parse(str(decks) || '{}') as Record<string, { name?: string }>;
  for (const [id, d] of Object.entries(parsed)) out.set(id, String(d.name ?? ''));
  return out;
}

/**
 * True when the collection was scheduled by Anki's first scheduler (v1), whose learning and
 * relearning cards had three buttons: there, revlog ease 2 is Good and 3 is Easy. Anki takes the
 * version from the `schedVer` setting, missing meaning v1, and names the collection of a v1
 * package `collection.anki2` (a v2 one `collection.anki21`); a learning review graded 4 is v2.
 */
function schedulerV1(q: Query, tables: Set<string>, collection: string | undefined): boolean {
  let ver: unknown;
  try {
    if (tables.has('config')) ver = JSON.parse(str(rows(q, "SELECT val FROM config WHERE key = 'schedVer'")[0]?.[0]) || 'null');
    if (ver == null) ver = (JSON.parse(str(rows(q, 'SELECT conf FROM col')[0]?.[0]) || '{}') as { schedVer?: unknown }).schedVer;
  } catch {
    ver = undefined;
  }
  const v1 = typeof ver === 'number' ? ver === 1 : collection === undefined || collection === 'collection.anki2';
  if (!v1 || !tables.has('revlog')) return v1;
  return rows(q, 'SELECT 1 FROM revlog WHERE type IN (0, 2) AND ease = 4 LIMIT 1').length === 0;
}

/** A grade on our 1-4 scale: v1 learning cards' ease 2 and 3 are Good and Easy. */
const grade = (ease: number, kind: number, v1: boolean) => (v1 && (kind === 0 || kind === 2) && ease >= 2 ? ease + 1 : ease);

/** Anki's sound references to a file of the package, marked so that the HTML converter keeps them (it drops the others). */
const SOUND = /\[sound:([^\]]+)\]/g;
const SOUND_MARK = /\uE000(\d+)\uE000/g;

/**
 * Fields to Markdown; pictures and sounds that are in the package point to the deck's media
 * folder (a sound as a link to its file: a card whose front is a sound keeps a front).
 */
function fieldMarkdown(html: string, media: Set<string>, folder: string, used: Set<string>): string {
  const sounds: string[] = [];
  const marked = html.replace(/\uE000/g, '').replace(SOUND, (all, name: string) => {
    const file = decodeEntities(name).trim();
    if (!media.has(file) || !safeMediaName(file)) return all;
    sounds.push(file);
    return `\uE000${sounds.length - 1}\uE000`;
  });
  // A picture of the package is named by its file, even when the tag has an `alt` (which the
  // converter would show instead, losing the file): pasted HTML often puts alt before src.
  const named = marked.replace(/<img\b[^<>]*>/gi, (tag) => {
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const name = decodeEntities(src?.[1] ?? src?.[2] ?? src?.[3] ?? '').trim();
    return name && media.has(name) ? `<img src="${name.replace(/"/g, '&quot;')}">` : tag;
  });
  const md = htmlToMarkdown(named).replace(/\[image: ([^\]\n]+)\]/g, (all, name: string) => {
    const safe = safeMediaName(name.trim());
    if (!safe || !media.has(name.trim())) return all;
    used.add(name.trim());
    return `![${safe}](${folder}/${encodeURI(safe)})`;
  });
  return sounds.length === 0
    ? md
    : md.replace(SOUND_MARK, (_all, i: string) => {
        const file = sounds[Number(i)] as string;
        const safe = safeMediaName(file);
        used.add(file);
        return `[sound: ${safe.replace(/([\\[\]*_`])/g, '\\$1')}](${folder}/${encodeURI(safe)})`;
      });
}

export function convertApkg(pkg: ApkgData, file: string, opts: ConvertOptions): ApkgResult {
  const problems: Problem[] = [];
  const q = pkg.query;
  const tables = new Set(rows(q, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => str(r[0])));
  if (!tables.has('notes') || !tables.has('cards')) {
    problems.push(problem(file, 0, 'error', 'problem.apkg.notCollection'));
    return { decks: [], problems, reviews: [], media: [], suspended: [] };
  }
  const modern = tables.has('notetypes');
  const v1 = schedulerV1(q, tables, pkg.collection);
  const types = noteTypes(q, modern);
  const decksById = deckNames(q, modern);
  const mediaNames = new Set(pkg.media.values());
  const mediaKey = new Map([...pkg.media].map(([k, v]) => [v, k]));

  interface NoteRow {
    guid: string;
    mid: string;
    tags: string;
    fields: string[];
  }
  const notes = new Map<string, NoteRow>();
  for (const [id, guid, mid, tags, flds] of rows(q, 'SELECT id, guid, mid, tags, flds FROM notes ORDER BY id')) {
    notes.set(String(id), { guid: str(guid), mid: String(mid), tags: str(tags), fields: str(flds).split('\u001f') });
  }

  interface Built {
    deck: string;
    card: ImportCard;
  }
  const byDeck = new Map<string, ImportCard[]>();
  const cardIdOf = new Map<string, string>();
  const noteDone = new Map<string, Built>();
  const suspended: string[] = [];
  const usedMedia = new Map<string, Set<string>>();
  let skipped = 0;
  // Notes of one deck share its id and most share their tags: computed once each (20,000 notes).
  const deckIds = new Map<string, string>();
  const deckIdOf = (name: string) => deckIds.get(name) ?? (deckIds.set(name, ankiDeckId(name)).get(name) as string);
  const topicCache = new Map<string, string[]>();
  const topicsOf = (tags: string) => {
    let t = topicCache.get(tags);
    if (!t) {
      t = tagsToTopics(tags.split(/\s+/).filter((x) => x && !ANKI_STATE_TAGS.has(x.toLowerCase()))).topics;
      topicCache.set(tags, t);
    }
    return [...t];
  };
  const cardRows = rows(q, 'SELECT id, nid, did, ord, queue FROM cards ORDER BY nid, ord');
  for (const [cid, nid, did, ordRaw, queue] of cardRows) {
    const note = notes.get(String(nid));
    if (!note) continue;
    const type = types.get(note.mid) ?? { name: '', cloze: false, fields: [], templates: 1 };
    const deckName = decksById.get(String(did)) ?? 'Default';
    const deckId = opts.deckId ?? deckIdOf(deckName);
    const folder = `${deckId}.media`;
    const used = usedMedia.get(deckId) ?? new Set<string>();
    usedMedia.set(deckId, used);
    const fields = note.fields.map((f) => fieldMarkdown(f, mediaNames, folder, used));
    const noteId = ankiCardId(note.guid || String(nid));
    const ord = num(ordRaw);
    const topics = topicsOf(note.tags);
    let ourId: string;
    const list = byDeck.get(deckId) ?? [];
    byDeck.set(deckId, list);
    const first = (fields[0] ?? '').trim();
    const rest = fields
      .slice(1)
      .filter((f) => f.trim())
      .join('\n\n');
    if (type.cloze || hasCloze(first)) {
      ourId = clozeCardId(noteId, ord + 1);
      if (!noteDone.has(String(nid))) {
        const card: ImportCard = { id: noteId, question: first, answer: rest, keyPoints: [], topics, line: 0 };
        noteDone.set(String(nid), { deck: deckId, card });
        list.push(card);
      }
    } else if (ord === 0) {
      ourId = noteId;
      list.push({
        id: noteId,
        question: first,
        answer: rest,
        keyPoints: [],
        topics,
        line: 0,
        ...(type.templates >= 2 ? { group: `anki-${noteId}` } : {}),
      });
    } else if (ord === 1 && fields.length >= 2) {
      ourId = `${noteId}-r`;
      list.push({
        id: ourId,
        question: (fields[1] ?? '').trim(),
        answer: first,
        keyPoints: [],
        topics,
        line: 0,
        group: `anki-${noteId}`,
      });
    } else {
      skipped++;
      continue;
    }
    cardIdOf.set(String(cid), ourId);
    if (num(queue) === -1) suspended.push(ourId);
  }
  if (skipped > 0) problems.push(problem(file, 0, 'warning', 'problem.apkg.templates', { n: skipped }));

  const decks: ImportDeck[] = [];
  const nameOf = new Map([...decksById.values()].map((n) => [opts.deckId ?? ankiDeckId(n), n]));
  const dropped = new Set<string>();
  for (const [id, cards] of byDeck) {
    const keep = cards.filter((c) => c.question || !dropped.add(c.id));
    if (keep.length === 0) continue;
    dedupeIds(keep, file, problems);
    const name = nameOf.get(id) ?? id;
    decks.push({
      id,
      title: name.split('::').join(' / '),
      language: detectLanguage(keep.slice(0, 50).map((c) => c.question + c.answer)),
      topics: deckTopics([], opts, id),
      description: `Anki deck ${name.split('::').join(' / ')}, imported from ${file.split(/[\\/]/).pop()}.`,
      source: file,
      line: 0,
      cards: keep,
    });
  }
  // A cloze note's id stands for its deletions' cards.
  const left = (card: string) => dropped.has(card) || dropped.has(card.replace(/\.c\d+$/, ''));
  const emptyFronts = [...cardIdOf.values()].filter(left).length;
  if (emptyFronts > 0) problems.push(problem(file, 0, 'warning', 'problem.apkg.emptyFront', { n: emptyFronts }));
  deckCountProblems(decks, file, 0, opts, problems);

  const reviews: AnkiReview[] = [];
  if (tables.has('revlog')) {
    for (const [id, cid, ease, ms, type] of rows(q, 'SELECT id, cid, ease, time, type FROM revlog ORDER BY id')) {
      const card = cardIdOf.get(String(cid));
      const kind = num(type);
      const e = grade(num(ease), kind, v1);
      // type 3 (filtered deck without rescheduling) and 4 (manual) do not grade the card; ease 0 is a reschedule.
      if (!card || left(card) || e < 1 || e > 4 || kind > 2) continue;
      reviews.push({ card, id: num(id), ease: e as 1 | 2 | 3 | 4, kind, ms: Math.max(0, num(ms)) });
    }
  }
  const media: ApkgResult['media'] = [];
  for (const [deck, names] of usedMedia) {
    for (const name of names) {
      const key = mediaKey.get(name);
      const safe = safeMediaName(name);
      if (key !== undefined && safe) media.push({ key, name: safe, deck });
    }
  }
  return { decks, problems, reviews, media, suspended };
}
