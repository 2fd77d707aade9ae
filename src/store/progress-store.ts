import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { problem, problemText } from '../core/problems.js';
import {
  applyEvent,
  type CardProgress,
  compareEvents,
  eventKey,
  eventProblem,
  foldEvents,
  foldIncrement,
  type ProgressEvent,
  type ProgressMap,
} from '../core/progress.js';
import type { Settings } from '../core/scheduler.js';
import { normalizeSettings } from '../core/settings.js';
import { dayKey } from '../core/time.js';
import { type Problem, UserError } from '../errors.js';
import { atomicWrite } from './atomic.js';
import { checkUserName, userDir } from './paths.js';

/** Version of every file this module writes. */
export const SCHEMA = 1;
/** Events kept in memory for "today" counts: those within this long of the newest event. */
const RECENT_MS = 48 * 3_600_000;
const BACKUPS_KEPT = 7;

interface LogPosition {
  /** Bytes read: always the end of a complete line. */
  offset: number;
  /** Lines read, for line numbers in messages. */
  lines: number;
}

interface Snapshot {
  schema: number;
  logs: Record<string, LogPosition>;
  cards: Record<string, CardProgress>;
  recent: ProgressEvent[];
  /** Log lines skipped so far (unparseable or invalid), so they are reported on every load. */
  problems?: Problem[];
}

/** Log lines parsed per JSON.parse call (see readLogFrom). */
const PARSE_BATCH = 2000;
/** Skipped-line reports kept in the snapshot; beyond this many, `check` shows the first ones. */
const SNAPSHOT_PROBLEMS_KEPT = 200;

/** True when a parsed snapshot has the shape this version writes. */
function isSnapshot(x: Record<string, unknown>): x is Record<string, unknown> & Snapshot {
  const logs = x.logs as Record<string, unknown> | null;
  const cards = x.cards as Record<string, unknown> | null;
  if (!logs || typeof logs !== 'object' || !cards || typeof cards !== 'object' || !Array.isArray(x.recent)) return false;
  for (const p of Object.values(logs) as Array<Partial<LogPosition> | null>) {
    if (!p || !Number.isSafeInteger(p.offset) || (p.offset as number) < 0 || !Number.isSafeInteger(p.lines)) return false;
  }
  for (const c of Object.values(cards) as Array<Partial<CardProgress> | null>) {
    if (!c || typeof c !== 'object' || typeof c.lastKey !== 'string' || typeof c.suspended !== 'boolean') return false;
  }
  return true;
}

function isProblem(x: unknown): x is Problem {
  const p = x as Partial<Problem> | null;
  return !!p && typeof p.file === 'string' && typeof p.line === 'number' && typeof p.message === 'string';
}

/** Writes a whole buffer (a short write is retried for the rest rather than leaving half a line). */
function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

export interface StoreOptions {
  device?: string;
  /** Create the user folder if missing (writing commands). */
  create?: boolean;
}

/** This machine's device name: hostname plus a short hash, so two machines never share a log. */
export function deviceName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LLM_QUIZ_DEVICE) return env.LLM_QUIZ_DEVICE.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  let machine = '';
  try {
    machine = readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {}
  const host = hostname() || 'host';
  const slug = host.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 32);
  return `${slug}-${createHash('sha1').update(`${machine}|${host}`).digest('hex').slice(0, 6)}`;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {}
}

function newerSchema(file: string, found: number): UserError {
  const params = { file, found, max: SCHEMA };
  return new UserError(problemText('problem.store.newerSchema', params), 1, { key: 'problem.store.newerSchema', params });
}

/** Reads the complete lines of a log file from a byte offset. */
function readLogFrom(
  file: string,
  pos: LogPosition,
  problems: Problem[],
): { events: ProgressEvent[]; pos: LogPosition; torn: boolean } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < pos.offset) throw new Error('log shrank');
    const len = size - pos.offset;
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, pos.offset + got);
      if (n === 0) break;
      got += n;
    }
    const lastNl = buf.lastIndexOf(10, got - 1);
    const complete = lastNl >= 0 ? buf.toString('utf8', 0, lastNl + 1) : '';
    const torn = got > 0 && lastNl !== got - 1;
    const events: ProgressEvent[] = [];
    const name = basename(file);
    const parts = complete.split('\n');
    const take = (obj: unknown, lineNo: number) => {
      const o = obj as Record<string, unknown> | null;
      if (o && o.type === 'header') {
        if (typeof o.schema === 'number' && o.schema > SCHEMA) throw newerSchema(file, o.schema);
        return;
      }
      const why = eventProblem(obj);
      if (why) {
        // The reason is a message of its own: `reasonKey` lets the ui translate it inside this one.
        const params = { log: name, reasonKey: why.key, ...why.params };
        problems.push(problem(file, lineNo, 'warning', 'problem.log.badEvent', params));
        return;
      }
      events.push(obj as ProgressEvent);
    };
    const parseLine = (line: string, lineNo: number) => {
      try {
        take(JSON.parse(line), lineNo);
      } catch (e) {
        if (e instanceof UserError) throw e;
        problems.push(problem(file, lineNo, 'warning', 'problem.log.badJson', { log: name }));
      }
    };
    // Lines are parsed a batch at a time as one JSON array: half the time of one JSON.parse per
    // line, and most of a rebuild. A batch where any line is not a single object (or that fails
    // to parse) is parsed again line by line, so each bad line is found and named.
    for (let start = 0; start < parts.length; start += PARSE_BATCH) {
      const end = Math.min(parts.length, start + PARSE_BATCH);
      const idx: number[] = [];
      let simple = true;
      for (let i = start; i < end; i++) {
        const line = parts[i] as string;
        if (line === '') continue;
        if (line.charCodeAt(0) !== 123 || line.charCodeAt(line.length - 1) !== 125) simple = false;
        idx.push(i);
      }
      let batch: unknown[] | undefined;
      if (simple && idx.length > 0) {
        try {
          batch = JSON.parse(`[${idx.map((i) => parts[i]).join(',')}]`) as unknown[];
          if (batch.length !== idx.length) batch = undefined;
        } catch {
          batch = undefined;
        }
      }
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k] as number;
        if (batch) take(batch[k], pos.lines + i + 1);
        else parseLine(parts[i] as string, pos.lines + i + 1);
      }
    }
    const lines = pos.lines + parts.length - 1;
    return { events, pos: { offset: pos.offset + (lastNl + 1), lines }, torn };
  } finally {
    closeSync(fd);
  }
}

/**
 * One user's progress: append-only JSON Lines logs (one per device) are the source of truth;
 * `snapshot.json` caches the folded card states and how far into each log it has read.
 */
export class ProgressStore {
  readonly dir: string;
  readonly logsDir: string;
  readonly device: string;
  settings: Settings;
  private states: ProgressMap = new Map();
  private recentEvents: ProgressEvent[] = [];
  /** Set when an append was older than what its card reflected: rebuild before the next read. */
  private stale = false;
  problems: Problem[] = [];
  tornLines = 0;
  /** How the states were obtained on the last load. */
  loadedFrom: 'snapshot' | 'rebuild' | 'empty' = 'empty';
  private positions: Record<string, LogPosition> = {};
  private fd: number | undefined;
  private ownIds = new Set<string>();
  private dirty = false;

  private constructor(
    readonly data: string,
    readonly user: string,
    opts: StoreOptions,
  ) {
    this.dir = userDir(data, user);
    this.logsDir = join(this.dir, 'logs');
    this.device = opts.device ?? deviceName();
    this.settings = this.readSettings();
  }

  /** Opens a user's store and brings the card states up to date with every log. */
  static open(data: string, user: string, opts: StoreOptions = {}): ProgressStore {
    checkUserName(user);
    const s = new ProgressStore(data, user, opts);
    if (opts.create) mkdirSync(s.logsDir, { recursive: true });
    s.load();
    return s;
  }

  /** Card states (cardId → progress), current with every log line read so far. */
  get progress(): ProgressMap {
    this.catchUp();
    return this.states;
  }

  set progress(map: ProgressMap) {
    this.states = map;
  }

  /** Events of roughly the last two days, for today's counts. */
  get recent(): ProgressEvent[] {
    this.catchUp();
    return this.recentEvents;
  }

  set recent(events: ProgressEvent[]) {
    this.recentEvents = events;
  }

  /** Rebuilds lazily, so a batch of old events (an import) costs one rebuild, not one per append. */
  private catchUp(): void {
    if (!this.stale) return;
    this.stale = false;
    this.rebuild(this.logFiles());
  }

  get exists(): boolean {
    return existsSync(this.dir);
  }

  private readSettings(): Settings {
    const file = join(this.dir, 'settings.json');
    let raw: Record<string, unknown> = {};
    if (existsSync(file)) {
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object');
      } catch (e) {
        const params = { file, reason: (e as Error).message };
        throw new UserError(problemText('problem.store.badSettings', params), 1, { key: 'problem.store.badSettings', params });
      }
      if (typeof raw.schema === 'number' && raw.schema > SCHEMA) throw newerSchema(file, raw.schema);
    }
    return normalizeSettings(raw).settings;
  }

  /** Writes the settings atomically. */
  saveSettings(settings: Settings): void {
    mkdirSync(this.dir, { recursive: true });
    atomicWrite(join(this.dir, 'settings.json'), `${JSON.stringify({ schema: SCHEMA, ...settings }, null, 2)}\n`);
    this.settings = settings;
  }

  private logFiles(): string[] {
    if (!existsSync(this.logsDir)) return [];
    return readdirSync(this.logsDir)
      .filter((n) => n.endsWith('.jsonl'))
      .sort();
  }

  private snapshotFile(): string {
    return join(this.dir, 'snapshot.json');
  }

  private readSnapshot(): Snapshot | undefined {
    const file = this.snapshotFile();
    if (!existsSync(file)) return undefined;
    let snap: Snapshot;
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a snapshot');
      // A newer program's snapshot is refused before its shape is judged: it may differ legitimately.
      if (typeof raw.schema === 'number' && raw.schema > SCHEMA) throw newerSchema(file, raw.schema);
      if (!isSnapshot(raw)) throw new Error('not a snapshot');
      snap = raw;
    } catch (e) {
      if (e instanceof UserError) throw e;
      // A cache that fails to parse is set aside (never deleted) and rebuilt from the logs.
      const aside = `${file}.corrupt-${Date.now()}`;
      let moved = true;
      try {
        renameSync(file, aside);
      } catch {
        moved = false; // read-only folder: still rebuild in memory, and say so
      }
      this.problems.push(
        moved
          ? problem(file, 0, 'warning', 'problem.snapshot.movedAside', { aside: basename(aside) })
          : problem(file, 0, 'warning', 'problem.snapshot.corrupt'),
      );
      return undefined;
    }
    // An older snapshot is only a cache: rebuilding from the logs is its migration.
    if (snap.schema !== SCHEMA) return undefined;
    return snap;
  }

  /** Loads states: snapshot plus newer log lines, or a full rebuild when that is not possible. */
  private load(): void {
    const files = this.logFiles();
    const snap = this.readSnapshot();
    if (snap && this.tryIncremental(snap, files)) return;
    this.rebuild(files);
  }

  private tryIncremental(snap: Snapshot, files: string[]): boolean {
    for (const name of Object.keys(snap.logs)) if (!files.includes(name)) return false;
    const map: ProgressMap = new Map(Object.entries(snap.cards));
    const fresh: ProgressEvent[] = [];
    const positions: Record<string, LogPosition> = {};
    const problems: Problem[] = [];
    let torn = 0;
    for (const name of files) {
      const pos = snap.logs[name] ?? { offset: 0, lines: 0 };
      const file = join(this.logsDir, name);
      if (statSync(file).size < pos.offset) return false;
      const r = readLogFrom(file, pos, problems);
      for (const e of r.events) fresh.push(e);
      positions[name] = r.pos;
      if (r.torn) torn++;
    }
    if (!foldIncrement(map, fresh)) return false;
    this.progress = map;
    this.positions = positions;
    // concat, not push(...): a log of garbage can yield more problems than a call takes arguments.
    this.problems = this.problems.concat(Array.isArray(snap.problems) ? snap.problems.filter(isProblem) : [], problems);
    this.tornLines = torn;
    this.recent = trimRecent([...snap.recent, ...fresh]);
    this.loadedFrom = 'snapshot';
    this.dirty = fresh.length > 0;
    return true;
  }

  private rebuild(files: string[]): void {
    // Skipped-line reports are recomputed below; keep the others (e.g. a snapshot set aside).
    this.problems = this.problems.filter((p) => !p.file.startsWith(this.logsDir));
    const all: ProgressEvent[] = [];
    const positions: Record<string, LogPosition> = {};
    let torn = 0;
    for (const name of files) {
      const r = readLogFrom(join(this.logsDir, name), { offset: 0, lines: 0 }, this.problems);
      for (const e of r.events) all.push(e);
      positions[name] = r.pos;
      if (r.torn) torn++;
    }
    this.progress = foldEvents(all);
    this.positions = positions;
    this.tornLines = torn;
    this.recent = trimRecent(all);
    this.loadedFrom = files.length ? 'rebuild' : 'empty';
    this.dirty = files.length > 0;
  }

  /** Reads every event in every log (for stats and export). */
  readAllEvents(): ProgressEvent[] {
    const out: ProgressEvent[] = [];
    const sink: Problem[] = [];
    for (const name of this.logFiles()) {
      // A loop, not push(...events): spreading 200,000 arguments overflows the stack.
      for (const e of readLogFrom(join(this.logsDir, name), { offset: 0, lines: 0 }, sink).events) out.push(e);
    }
    return out;
  }

  /** Reads log lines written since the last load (by other processes too). */
  refresh(): void {
    const files = this.logFiles();
    if (this.stale) {
      this.catchUp();
      return;
    }
    // A log that vanished or shrank (deleted by hand, replaced by a sync tool) invalidates
    // everything folded from it: start again from the logs as they are now.
    const changed =
      Object.keys(this.positions).some((name) => !files.includes(name)) ||
      files.some((name) => statSync(join(this.logsDir, name)).size < (this.positions[name]?.offset ?? 0));
    if (changed) {
      this.rebuild(files);
      this.dirty = true;
      return;
    }
    const fresh: ProgressEvent[] = [];
    for (const name of files) {
      const pos = this.positions[name] ?? { offset: 0, lines: 0 };
      const r = readLogFrom(join(this.logsDir, name), pos, this.problems);
      this.positions[name] = r.pos;
      for (const e of r.events) if (!this.ownIds.has(e.id)) fresh.push(e);
    }
    if (fresh.length === 0) return;
    this.dirty = true;
    if (!foldIncrement(this.progress, fresh)) {
      this.rebuild(files);
      return;
    }
    this.recent = trimRecent([...this.recent, ...fresh]);
  }

  /** Writes the snapshot atomically (temp file, fsync, rename) after reading any newer lines. */
  saveSnapshot(force = false): void {
    this.refresh();
    if (!this.dirty && !force) return;
    if (!existsSync(this.dir)) return;
    const snap: Snapshot = {
      schema: SCHEMA,
      logs: this.positions,
      cards: Object.fromEntries(this.progress),
      recent: this.recent,
      problems: this.problems.filter((p) => p.file.startsWith(this.logsDir)).slice(0, SNAPSHOT_PROBLEMS_KEPT),
    };
    atomicWrite(this.snapshotFile(), JSON.stringify(snap));
    this.dirty = false;
  }

  /** A new unique event id for this device. */
  newEventId(now: Date): string {
    return `${this.device}-${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
  }

  private openLog(): number {
    if (this.fd !== undefined) return this.fd;
    mkdirSync(this.logsDir, { recursive: true });
    const file = join(this.logsDir, `${this.device}.jsonl`);
    const fd = openSync(file, 'a+');
    const size = fstatSync(fd).size;
    if (size === 0) {
      writeSync(
        fd,
        `${JSON.stringify({ type: 'header', schema: SCHEMA, device: this.device, created: new Date().toISOString() })}\n`,
      );
      fdatasyncSync(fd);
      fsyncDir(this.logsDir);
    } else {
      // If a crash left a torn last line, start on a fresh line so the next event stays whole.
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 10) writeSync(fd, '\n');
    }
    this.fd = fd;
    return fd;
  }

  /**
   * Appends events durably: one write of whole lines with O_APPEND, then fdatasync, before
   * returning. Concurrent writers on one device each append whole lines.
   */
  append(...events: ProgressEvent[]): void {
    if (events.length === 0) return;
    const fd = this.openLog();
    writeAll(fd, Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join('')));
    fdatasyncSync(fd);
    // Usually our own events are the newest we know of and apply directly, in (time, id) order.
    // One older than what its card already reflects (another device's clock ahead, an import of
    // old history) must be folded in its place: the states are rebuilt from the logs.
    this.dirty = true;
    for (const e of events) this.ownIds.add(e.id);
    if (this.stale) return;
    for (const e of [...events].sort(compareEvents)) {
      const cur = this.states.get(e.card);
      const key = eventKey(e);
      if (cur && key === cur.lastKey) continue;
      if (cur && key < cur.lastKey) {
        this.stale = true;
        return;
      }
      this.states.set(e.card, applyEvent(cur, e));
    }
    this.recentEvents = appendRecent(this.recentEvents, events);
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** Copies logs and settings to backups/<user>/<day>/ once a day; keeps the newest seven. */
  backupDaily(now: Date): string | undefined {
    // Nothing to keep yet: an empty backup would only use up the day's one backup.
    if (this.logFiles().length === 0) return undefined;
    const root = join(this.data, 'backups', this.user);
    const day = dayKey(now, this.settings.day_starts_at);
    const target = join(root, day);
    if (existsSync(target)) return undefined;
    const tmp = join(root, `.tmp-${day}-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(join(tmp, 'logs'), { recursive: true });
    for (const name of this.logFiles()) copyFileSync(join(this.logsDir, name), join(tmp, 'logs', name));
    const settings = join(this.dir, 'settings.json');
    if (existsSync(settings)) copyFileSync(settings, join(tmp, 'settings.json'));
    try {
      renameSync(tmp, target);
    } catch {
      rmSync(tmp, { recursive: true, force: true });
      return undefined;
    }
    const days = readdirSync(root)
      .filter((n) => /^\d{4}-\d{2}-\d{2}$/.test(n))
      .sort();
    for (const old of days.slice(0, Math.max(0, days.length - BACKUPS_KEPT))) {
      rmSync(join(root, old), { recursive: true, force: true });
    }
    return target;
  }
}

/**
 * Adds new events to the recent window. Events newer than all it holds (the usual case: this
 * process's own answers) are pushed and the oldest dropped, so an append does not re-sort the
 * window; anything else falls back to a full trim.
 */
function appendRecent(recent: ProgressEvent[], events: ProgressEvent[]): ProgressEvent[] {
  const last = recent[recent.length - 1];
  const sorted = [...events].sort(compareEvents);
  const first = sorted[0];
  if (!first || (last && eventKey(first) <= eventKey(last))) return trimRecent([...recent, ...events]);
  const out = recent.concat(sorted);
  const newest = out[out.length - 1] as ProgressEvent;
  const cutoff = new Date(Date.parse(newest.t) - RECENT_MS).toISOString();
  let drop = 0;
  while (drop < out.length && (out[drop] as ProgressEvent).t < cutoff) drop++;
  return drop > 0 ? out.slice(drop) : out;
}

function trimRecent(events: ProgressEvent[]): ProgressEvent[] {
  if (events.length === 0) return [];
  let max = '';
  for (const e of events) if (e.t > max) max = e.t;
  const cutoff = new Date(Date.parse(max) - RECENT_MS).toISOString();
  const byId = new Map<string, ProgressEvent>();
  for (const e of events) if (e.t >= cutoff) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => (eventKey(a) < eventKey(b) ? -1 : 1));
}

/** Lists the users that have a folder in the data directory. */
export function listUsers(data: string): string[] {
  const dir = join(data, 'users');
  if (!existsSync(dir)) return [];
  // Folders that are not valid user names (a sync tool's `.stversions`, a stray `tmp`) are not users.
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && USER_NAME_OK(d.name))
    .map((d) => d.name)
    .sort();
}

function USER_NAME_OK(name: string): boolean {
  try {
    checkUserName(name);
    return true;
  } catch {
    return false;
  }
}
