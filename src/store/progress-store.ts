/**
 * One user's progress: append-only JSON Lines logs (one per device) are the source of truth;
 * `snapshot.json` caches what is derived from them (derived.ts). This class ties the pieces
 * together: log-format (reading), log-writer (appending), snapshot, settings-file, backups.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyEvent, compareEvents, eventKey, type ProgressEvent, type ProgressMap, type Replay } from '../core/progress.js';
import type { ReviewDays } from '../core/review-days.js';
import type { Settings } from '../core/scheduler.js';
import { dayKey } from '../core/time.js';
import type { Problem } from '../errors.js';
import { backupDaily } from './backups.js';
import { addToDays, daysFor, deriveMore, replayFor } from './derived.js';
import { rebuildLogs } from './log-fold.js';
import { type LogPosition, listLogs, logsShrank, readLogs } from './log-format.js';
import { LogWriter } from './log-writer.js';
import { checkUserName, userDir } from './paths.js';
import { appendRecent } from './recent.js';
import { readSettings, writeSettings } from './settings-file.js';
import { readSnapshot, SNAPSHOT_PROBLEMS_KEPT, type StoredSnapshot, writeSnapshot } from './snapshot.js';
import { loadOnto } from './snapshot-load.js';
import { systemZone } from './system-zone.js';
import { deviceName } from './users.js';

export interface StoreOptions {
  device?: string;
  /** Create the user folder if missing (writing commands). */
  create?: boolean;
  /** The clock: events dated more than a day after it are bounded (log-format.ts boundFuture). */
  now?: Date;
}

export class ProgressStore {
  readonly dir: string;
  readonly logsDir: string;
  private readonly snapshotFile: string;
  readonly device: string;
  private readonly now: Date | undefined;
  settings: Settings;
  private states: ProgressMap = new Map();
  /** The recent window, or how to get it: a snapshot's is parsed only when asked for. */
  private recentOrLater: ProgressEvent[] | (() => ProgressEvent[]) = [];
  /** Review totals per study day; undefined until counted (see reviewDays()). */
  private days: ReviewDays | undefined;
  /** Set when an append was older than what its card reflected: rebuild before the next read. */
  private stale = false;
  problems: Problem[] = [];
  tornLines = 0;
  /** How the states were obtained on the last load. */
  loadedFrom: 'snapshot' | 'rebuild' | 'empty' = 'empty';
  /** Log events read after the snapshot on open (0: the states are the snapshot's alone). */
  readAfterSnapshot = 0;
  private positions: Record<string, LogPosition> = {};
  private writer: LogWriter;
  private ownIds = new Set<string>();
  private dirty = false;

  /** Recomputes reviews merged out of their writer's order (core/progress.ts), with the current settings. */
  get replay(): Replay {
    return replayFor(this.settings);
  }

  private constructor(
    readonly data: string,
    readonly user: string,
    opts: StoreOptions,
  ) {
    this.dir = userDir(data, user);
    this.logsDir = join(this.dir, 'logs');
    this.snapshotFile = join(this.dir, 'snapshot.json');
    this.device = opts.device ?? deviceName();
    // A log of schema 1 is rewritten in schema 2 before its first append; the old one is kept here.
    this.writer = new LogWriter(this.logsDir, this.device, join(data, 'backups', user, 'schema-1'));
    this.settings = readSettings(this.dir, this.problems);
    this.now = opts.now;
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

  /** Events of roughly the last two days, for today's counts. */
  get recent(): ProgressEvent[] {
    this.catchUp();
    return this.recentEvents;
  }

  private get recentEvents(): ProgressEvent[] {
    if (typeof this.recentOrLater === 'function') this.recentOrLater = this.recentOrLater();
    return this.recentOrLater;
  }
  private set recentEvents(events: ProgressEvent[]) {
    this.recentOrLater = events;
  }

  /** Rebuilds lazily, so a batch of old events (an import) costs one rebuild, not one per append. */
  private catchUp(): void {
    if (!this.stale) return;
    this.stale = false;
    this.rebuild(listLogs(this.logsDir));
  }

  /** Review totals per study day (in the set zone, else the system's: system-zone.ts), from the cache when it holds them. */
  reviewDays(): ReviewDays {
    this.catchUp();
    const timezone = this.settings.timezone || systemZone(join(this.data, 'cache'));
    const days = daysFor(this.days, { ...this.settings, timezone }, () => this.readAllEvents());
    if (days !== this.days) this.dirty = true;
    this.days = days;
    return days;
  }
  get exists(): boolean {
    return existsSync(this.dir);
  }
  /** Writes the settings atomically. */
  saveSettings(settings: Settings): void {
    writeSettings(this.dir, settings);
    this.settings = settings;
  }

  private rebuilt(): this {
    this.rebuild(listLogs(this.logsDir));
    return this;
  }
  /** Loads states: snapshot plus newer log lines, or a full rebuild when that is not possible. */
  private load(): void {
    const files = listLogs(this.logsDir);
    const snap = readSnapshot(this.snapshotFile, this.problems);
    if (snap && this.tryIncremental(snap, files)) return;
    this.rebuild(files);
  }

  private tryIncremental(snap: StoredSnapshot, files: string[]): boolean {
    const d = loadOnto(snap, this.logsDir, files, this.replay, this.now);
    if (!d) return false;
    ({ states: this.states, days: this.days, positions: this.positions, torn: this.tornLines } = d);
    // A window that cannot be read (the snapshot damaged after its first line): rebuild (sets dirty).
    this.recentOrLater = () => d.recent() ?? this.rebuilt().recentEvents;
    this.problems = this.problems.concat(d.problems);
    this.loadedFrom = 'snapshot';
    this.readAfterSnapshot = d.read;
    this.dirty = d.read > 0;
    return true;
  }

  private rebuild(files: string[]): void {
    // Skipped-line reports are recomputed below; keep the others (e.g. a snapshot set aside).
    this.problems = this.problems.filter((p) => !p.file.startsWith(this.logsDir));
    const r = rebuildLogs(this.logsDir, files, this.problems, this.settings, this.replay, this.now);
    ({ states: this.states, recent: this.recentEvents, days: this.days } = r.derived);
    this.positions = r.positions;
    this.tornLines = r.torn;
    this.loadedFrom = files.length ? 'rebuild' : 'empty';
    this.dirty = files.length > 0;
  }

  /** Reads every event in every log (for stats and export). */
  readAllEvents(): ProgressEvent[] {
    return readLogs(this.logsDir, listLogs(this.logsDir), {}, [], this.now).events;
  }

  /** Reads log lines written since the last load (by other processes too). */
  refresh(): void {
    const files = listLogs(this.logsDir);
    if (this.stale) {
      this.catchUp();
      return;
    }
    if (logsShrank(this.logsDir, files, this.positions)) {
      this.rebuild(files);
      this.dirty = true;
      return;
    }
    const r = readLogs(this.logsDir, files, this.positions, this.problems, this.now);
    this.positions = r.positions;
    const fresh = r.events.filter((e) => !this.ownIds.has(e.id));
    if (fresh.length === 0) return;
    this.dirty = true;
    const d = deriveMore({ states: this.progress, recent: this.recent, days: this.days }, fresh, this.replay);
    if (d) ({ states: this.states, recent: this.recentEvents, days: this.days } = d);
    else this.rebuild(files);
  }

  /** Writes the snapshot atomically (temp file, fsync, rename) after reading any newer lines. */
  saveSnapshot(force = false): void {
    this.refresh();
    if (!this.dirty && !force) return;
    if (!existsSync(this.dir)) return;
    writeSnapshot(this.snapshotFile, {
      logs: this.positions,
      cards: this.progress,
      recent: this.recent,
      problems: this.problems.filter((p) => p.file.startsWith(this.logsDir)).slice(0, SNAPSHOT_PROBLEMS_KEPT),
      ...(this.days ? { days: this.days } : {}),
    });
    this.dirty = false;
  }
  /** A new unique event id for this device. */
  newEventId(now: Date): string {
    return this.writer.newEventId(now);
  }

  /**
   * Appends events durably (on disk before this returns) and applies them to the states.
   * Concurrent writers on one device each append whole lines.
   */
  append(...events: ProgressEvent[]): void {
    if (events.length === 0) return;
    this.writer.append(events);
    // Usually our own events are the newest we know of and apply directly, in (time, id) order.
    // One older than what its card already reflects (another device's clock ahead, an import of
    // old history) must be folded in its place: the states are rebuilt from the logs.
    this.dirty = true;
    for (const e of events) this.ownIds.add(e.id);
    if (this.stale) return;
    this.days = addToDays(this.days, events, this.recentEvents);
    for (const e of [...events].sort(compareEvents)) {
      const cur = this.states.get(e.card);
      const key = eventKey(e);
      if (cur && key === cur.lastKey) continue;
      if (cur && key < cur.lastKey) {
        this.stale = true;
        return;
      }
      this.states.set(e.card, applyEvent(cur, e, this.replay));
    }
    this.recentEvents = appendRecent(this.recentEvents, events);
  }

  close(): void {
    this.writer.close();
  }

  /** Copies logs and settings to backups/<user>/<day>/ once a day; keeps the newest seven. */
  backupDaily(now: Date): string | undefined {
    return backupDaily(this.data, this.user, this.dir, dayKey(now, this.settings.day_starts_at));
  }
}
