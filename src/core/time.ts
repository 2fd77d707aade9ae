/** Calendar arithmetic for study days. Pure: `now` and the time zone are arguments. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * IANA names of UTC itself (what servers, containers and CI machines are set to): their offset
 * is always 0, so asking Intl (ICU start-up, then microseconds per call) is not needed.
 */
const UTC_NAMES = new Set(
  ['UTC', 'UCT', 'Universal', 'Zulu', 'GMT', 'GMT0', 'GMT+0', 'GMT-0', 'Greenwich'].flatMap((n) => [n, `Etc/${n}`]),
);

/** Offset of local wall-clock time from UTC at `date`, in ms (+8h for Asia/Shanghai). */
export function tzOffset(date: Date, timeZone?: string): number {
  if (!timeZone) return -date.getTimezoneOffset() * 60_000;
  if (UTC_NAMES.has(timeZone)) return 0;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year as number, (p.month as number) - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(date.getTime() / 1000) * 1000;
}

/** Start of the study day that contains `now`: the last `hour`:00 local time at or before it. */
export function dayStart(now: Date, hour: number, timeZone?: string): Date {
  const off = tzOffset(now, timeZone);
  const wall = now.getTime() + off - hour * HOUR;
  const wallStart = Math.floor(wall / DAY) * DAY + hour * HOUR;
  // Convert the wall-clock start back to an instant, using the offset in force then (DST).
  const guess = wallStart - off;
  const off2 = tzOffset(new Date(guess), timeZone);
  return new Date(wallStart - off2);
}

/** Start of the next study day. */
export function nextDayStart(now: Date, hour: number, timeZone?: string): Date {
  const start = dayStart(now, hour, timeZone);
  return dayStart(new Date(start.getTime() + DAY + 2 * HOUR), hour, timeZone);
}

/** A study day's label `YYYY-MM-DD` (the local date on which it starts). */
export function dayKey(now: Date, hour: number, timeZone?: string): string {
  const start = dayStart(now, hour, timeZone);
  const wall = new Date(start.getTime() + tzOffset(start, timeZone));
  return wall.toISOString().slice(0, 10);
}

/**
 * The study day containing `ms`, as a day number (days since 1970-01-01 of the local date on
 * which the study day starts). Every scheduling decision counts days with this number.
 */
export function studyDay(ms: number, hour: number, timeZone?: string): number {
  return Math.floor((ms + tzOffset(new Date(ms), timeZone) - hour * HOUR) / DAY);
}

/** The instant study day `day` starts (`hour`:00 local time on that date, in force after DST). */
export function studyDayStart(day: number, hour: number, timeZone?: string): Date {
  const wall = day * DAY + hour * HOUR;
  // The offset at the start itself; a second pass settles the one case where the first guess
  // lands on the other side of a DST change.
  const off1 = tzOffset(new Date(wall), timeZone);
  const off2 = tzOffset(new Date(wall - off1), timeZone);
  return new Date(wall - off2);
}

/** A time zone setting ('' = the system's) as the optional argument the helpers take. */
export function zoneOf(setting: string | undefined): string | undefined {
  return setting ? setting : undefined;
}

/** True for an IANA time zone name this runtime knows (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const BLOCK = 6 * HOUR;

/**
 * Maps an instant (ms) to its study day as a day number (days since 1970-01-01 of the local
 * date on which the study day starts): floor((ms + UTC offset - hour) / 1 day).
 *
 * Asking Intl for the offset of each of 200,000 reviews is slow, so offsets are memoised per
 * six-hour block: when the offset is the same at both ends of a block there is no DST change
 * inside it (changes are months apart) and it holds for the whole block; otherwise the offset is
 * looked up for the instant itself.
 */
export function studyDayOf(hour: number, timeZone?: string): (ms: number) => number {
  const memo = new Map<number, number | null>();
  const offsetAt = (ms: number) => tzOffset(new Date(ms), timeZone);
  return (ms) => {
    const block = Math.floor(ms / BLOCK);
    let off = memo.get(block);
    if (off === undefined) {
      const a = offsetAt(block * BLOCK);
      off = a === offsetAt((block + 1) * BLOCK - 1) ? a : null;
      memo.set(block, off);
    }
    return Math.floor((ms + (off ?? offsetAt(ms)) - hour * HOUR) / DAY);
  };
}
