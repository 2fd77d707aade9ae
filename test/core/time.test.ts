// core/time.ts: the UTC offset of a zone at an instant, which every study-day number rests on.
import { describe, expect, it } from 'vitest';
import { studyDay, studyDayOf, tzOffset } from '../../src/core/time.js';

// Instants across a year, both DST changes of 2026 and both sides of 00:00 UTC.
const INSTANTS = [
  '2026-01-01T00:00:00Z',
  '2026-03-08T06:59:59Z',
  '2026-03-29T01:00:00Z',
  '2026-07-01T23:30:00Z',
  '2026-11-01T12:00:00Z',
].map((s) => new Date(s));

describe('tzOffset', () => {
  it('the names of UTC (answered without Intl) agree with a zone Intl answers that is always UTC+0', () => {
    // Africa/Abidjan has been UTC+0 without DST since 1912, and is not one of the shortcut names.
    for (const zone of ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/Universal', 'Zulu']) {
      for (const d of INSTANTS) expect(tzOffset(d, zone), `${zone} ${d.toISOString()}`).toBe(tzOffset(d, 'Africa/Abidjan'));
    }
    expect(tzOffset(new Date('2026-07-01T00:00:00Z'), 'Africa/Abidjan')).toBe(0);
  });

  it('zones with DST still go through Intl', () => {
    expect(tzOffset(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(tzOffset(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(tzOffset(new Date('2026-07-01T00:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
  });

  it('study days in UTC start at the day start hour UTC', () => {
    const dayOf = studyDayOf(4, 'Etc/UTC');
    const day = Date.parse('2026-11-01T00:00:00Z') / 86_400_000;
    expect(dayOf(Date.parse('2026-11-01T03:59:59Z'))).toBe(day - 1);
    expect(dayOf(Date.parse('2026-11-01T04:00:00Z'))).toBe(day);
  });

  it('the memoised study day agrees with the offset looked up per instant, across DST changes and day starts', () => {
    // Every 29 minutes (so each day start is crossed at another minute) for 60 days around both
    // 2026 DST changes of each zone (a 30-minute one, a +5:45 zone), and the system zone.
    const starts = ['2026-02-20T00:00:00Z', '2026-09-20T00:00:00Z'].map((s) => Date.parse(s));
    for (const zone of [undefined, 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      for (const hour of [0, 4]) {
        const dayOf = studyDayOf(hour, zone);
        for (const start of starts) {
          for (let ms = start; ms < start + 60 * 86_400_000; ms += 29 * 60_000) {
            if (dayOf(ms) !== studyDay(ms, hour, zone))
              expect(dayOf(ms), `${zone} ${hour} ${new Date(ms).toISOString()}`).toBe(studyDay(ms, hour, zone));
          }
        }
      }
    }
  });
});
