/** Calendar arithmetic for study days. Pure: `now` and the time zone are arguments. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of local wall-clock time from UTC at `date`, in ms (+8h for Asia/Shanghai). */
export function tzOffset(date: Date, timeZone?: string): number {
  if (!timeZone) return -date.getTimezoneOffset() * 60_000;
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

/** Whole study days from `a` to `b` (b later → positive). */
export function daysBetween(a: Date, b: Date, hour: number, timeZone?: string): number {
  const ka = Date.parse(dayKey(a, hour, timeZone));
  const kb = Date.parse(dayKey(b, hour, timeZone));
  return Math.round((kb - ka) / DAY);
}
