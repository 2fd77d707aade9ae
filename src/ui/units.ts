/** Intervals and durations in the interface language (`6d` → `6天` in Chinese). */
import { t } from './messages.js';

const UNIT = /^(\d+(?:\.\d+)?)(s|m|h|d|mo|y)$/;

/** An interval as core writes it (`10m`, `6d`, `2.5mo`) in the current language; other text unchanged. */
export function localInterval(s: string): string {
  const m = UNIT.exec(s);
  if (!m) return s;
  return t(`unit.${m[2] as 's' | 'm' | 'h' | 'd' | 'mo' | 'y'}`, { n: m[1] as string });
}

/** A duration for people: `45 s`, `6 min`, `1 h 5 min` (rounded to what matters). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('duration.s', { n: s });
  const min = Math.round(s / 60);
  if (min < 60) return t('duration.m', { n: min });
  return t('duration.hm', { h: Math.floor(min / 60), m: min % 60 });
}

/** `today`, `tomorrow` or another date, and the time of day, of `at` as seen in `timeZone` from `now`. */
export function dayAndTime(
  at: Date,
  now: Date,
  timeZone?: string,
): { day: 'today' | 'tomorrow' | 'date'; date: string; time: string } {
  const date = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone });
  const time = at.toLocaleTimeString('sv-SE', { timeZone, hour: '2-digit', minute: '2-digit' });
  const d = date(at);
  const day = d === date(now) ? 'today' : d === date(new Date(now.getTime() + 86_400_000)) ? 'tomorrow' : 'date';
  return { day, date: d, time };
}
