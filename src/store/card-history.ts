/**
 * One card's events (`show ID`) without reading every event: each log is searched a megabyte at a
 * time for the card's id as JSON writes it (`"id"`), and only the lines holding it are parsed.
 * A line spelled with escapes (a backslash anywhere in it) is parsed too, since its card id may be
 * written another way. It gives what readLogs (log-format.ts) gives for the card, in the logs'
 * order, each id once (an id another card's event took first, which llm-quiz never writes, is
 * not looked for). An event from the future (counted at the time of the line before it, which
 * may be another card's) makes it read the whole history (history.ts).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ProgressEvent } from '../core/progress.js';
import { naming } from './fs-errors.js';
import { readHistory } from './history.js';
import { logDevice, parseHeader } from './log-bytes.js';
import { listLogs } from './log-format.js';
import { FUTURE_SLACK_MS, type LineContext, lineEvent } from './log-line.js';

const CHUNK = 1 << 20;

class FromTheFuture extends Error {}

/** The events of `card` in the logs of `logsDir`. */
export function cardEvents(logsDir: string, card: string, now?: Date): ProgressEvent[] {
  const limit = now ? now.getTime() + FUTURE_SLACK_MS : Number.POSITIVE_INFINITY;
  const needle = Buffer.from(JSON.stringify(card), 'utf8');
  const out: ProgressEvent[] = [];
  const ids = new Set<string>();
  try {
    for (const name of listLogs(logsDir)) {
      const file = join(logsDir, name);
      naming(file, () =>
        searchLog(file, needle, (e) => {
          if (e.card !== card || ids.has(e.id)) return;
          if (Date.parse(e.t) > limit) throw new FromTheFuture();
          ids.add(e.id);
          out.push(e);
        }),
      );
    }
  } catch (e) {
    if (!(e instanceof FromTheFuture)) throw e;
    const history = readHistory(logsDir, now);
    try {
      return history.ofCard(card);
    } finally {
      history.close();
    }
  }
  return out;
}

/** Calls `take` with the event of every complete line of `file` that holds `needle` or a backslash. */
function searchLog(file: string, needle: Buffer, take: (e: ProgressEvent) => void): void {
  const fd = openSync(file, 'r');
  const ctx: LineContext = { file, name: basename(file), device: '', problems: [] };
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let have = 0;
    let first = true;
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, buf.length - have, null);
      const end = have + n;
      // Only complete lines: a torn last line is left unread, as readLogs leaves it.
      const last = end > 0 ? buf.lastIndexOf(10, end - 1) : -1; // (a negative offset counts from the end)
      if (last >= 0) {
        if (first) {
          // The header names the device of the compact rows (readLogs reads the line as an event too).
          ctx.device = logDevice(parseHeader(buf.toString('utf8', 0, buf.indexOf(10))), file);
          first = false;
        }
        searchLines(buf.subarray(0, last + 1), needle, (from, to) => {
          let obj: unknown;
          try {
            obj = JSON.parse(buf.toString('utf8', from, to));
          } catch {
            return;
          }
          const e = lineEvent(obj, ctx, 0);
          if (e) take(e);
        });
        buf.copy(buf, 0, last + 1, end);
        have = end - (last + 1);
      } else have = end;
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
}

/** Calls `line` with the bounds of each line of `buf` (whole lines) that holds `needle` or a backslash. */
function searchLines(buf: Buffer, needle: Buffer, line: (from: number, to: number) => void): void {
  let at = 0;
  let hit = buf.indexOf(needle);
  let slash = buf.indexOf(92);
  while (at < buf.length) {
    if (hit >= 0 && hit < at) hit = buf.indexOf(needle, at);
    if (slash >= 0 && slash < at) slash = buf.indexOf(92, at);
    const next = hit < 0 ? slash : slash < 0 ? hit : Math.min(hit, slash);
    if (next < 0) return;
    const to = buf.indexOf(10, next);
    line(buf.lastIndexOf(10, next) + 1, to);
    at = to + 1;
  }
}
