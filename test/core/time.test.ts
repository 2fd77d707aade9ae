// core/time.ts: the UTC offset of a zone at an instant, which every study-day number rests on.
import { describe, expect, it } from 'vitest';
import { studyDayOf, tzOffset } from '../../src/core/time.js';

// Instants across a year, both DST changes of 2026 and both sides of 00:00 UTC.
const INSTANTS = [
  '2026-01-01T00:00:00Z',
  '2026-03-08T06:59:59Z',
  '2026-03-29T01:00:00Z',
  '2026-07-01T23:30:00Z',
  '2026-11-01T12:00:00Z',
].map((s) => new Date(s));

/** The offset as Intl gives it (what tzOffset computes for any zone it has no shortcut for). */
function intlOffset(date: Date, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return (
    Date.UTC(p.year as number, (p.month as number) - 1, p.day, p.hour, p.minute, p.second) -
    Math.floor(date.getTime() / 1000) * 1000
  );
}

describe('tzOffset', () => {
  it('gives what Intl gives, for the names of UTC (answered without Intl) and for zones with DST', () => {
    for (const zone of [
      'UTC',
      'Etc/UTC',
      'GMT',
      'Etc/GMT',
      'Etc/Universal',
      'Zulu',
      'Asia/Shanghai',
      'America/New_York',
      'Europe/Berlin',
    ]) {
      for (const d of INSTANTS) expect(tzOffset(d, zone), `${zone} ${d.toISOString()}`).toBe(intlOffset(d, zone));
    }
    expect(tzOffset(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
  });

  it('study days in UTC start at the day start hour UTC', () => {
    const dayOf = studyDayOf(4, 'Etc/UTC');
    const day = Date.parse('2026-11-01T00:00:00Z') / 86_400_000;
    expect(dayOf(Date.parse('2026-11-01T03:59:59Z'))).toBe(day - 1);
    expect(dayOf(Date.parse('2026-11-01T04:00:00Z'))).toBe(day);
  });
});
