// Plurals come from the message catalogue through Intl.PluralRules: "1 card", never "1 cards" or
// "card(s)"; Chinese has one form. Intervals and durations are in the interface language.
import { afterEach, describe, expect, it } from 'vitest';
import { setLang, t } from '../../src/ui/messages.js';
import { selectPlurals } from '../../src/ui/plural.js';
import { dayAndTime, duration, localInterval } from '../../src/ui/units.js';

afterEach(() => setLang('en'));

describe('plural forms', () => {
  it('pick one/other by the number, each parameter on its own', () => {
    setLang('en');
    expect(t('list.count', { n: 1 })).toBe('1 card');
    expect(t('list.count', { n: 0 })).toBe('0 cards');
    expect(t('list.count', { n: 2 })).toBe('2 cards');
    expect(t('check.summary', { decks: 1, cards: 12, errors: 1, warnings: 0 })).toBe('1 deck, 12 cards: 1 error, 0 warnings.');
    expect(t('stats.streak', { n: 1 })).toBe('Streak: 1 day in a row');
    expect(t('study.end.answers', { answers: 2, cards: 1, time: '1 min' })).toBe('Answered 2 times on 1 card in 1 min.');
  });

  it('no English message is left with a "(s)" plural', () => {
    setLang('en');
    for (const key of ['decks.problems', 'check.torn', 'import.summary', 'reschedule.bucket', 'setdue.done'] as const) {
      expect(t(key, { n: 1, decks: 1, cards: 1, days: 1, card: 'x', due: 'd', file: 'f', earlier: 0, later: 1 })).not.toMatch(
        /\(s\)|\b1 \w+s\b/,
      );
    }
  });

  it('Chinese has one form', () => {
    setLang('zh');
    expect(t('list.count', { n: 1 })).toBe('共 1 张卡片');
    expect(t('list.count', { n: 5 })).toBe('共 5 张卡片');
  });

  it('exact matches (=0) win over the category; a range takes the general form; a missing parameter leaves the block', () => {
    const tpl = '{n, plural, =0 {none} one {# item} other {# items}}';
    expect(selectPlurals(tpl, { n: 0 }, 'en')).toBe('none');
    expect(selectPlurals(tpl, { n: 1 }, 'en')).toBe('{n} item');
    expect(selectPlurals(tpl, { n: '2-3' }, 'en')).toBe('{n} items');
    expect(selectPlurals(tpl, {}, 'en')).toBe(tpl);
  });
});

describe('units in the interface language', () => {
  it('intervals: 10m stays in English, becomes 10分钟 in Chinese', () => {
    setLang('en');
    expect(localInterval('10m')).toBe('10m');
    setLang('zh');
    expect(['1m', '6d', '2.5mo', '1.2y', '3h'].map(localInterval)).toEqual(['1分钟', '6天', '2.5个月', '1.2年', '3小时']);
  });

  it('durations round to what matters', () => {
    setLang('en');
    expect([45_000, 6 * 60_000 + 20_000, 65 * 60_000].map(duration)).toEqual(['45 s', '6 min', '1 h 5 min']);
    setLang('zh');
    expect(duration(6 * 60_000)).toBe('6 分钟');
  });

  it('today, tomorrow or a date in the user’s zone', () => {
    const now = new Date('2026-03-10T22:00:00Z');
    expect(dayAndTime(new Date('2026-03-10T23:30:00Z'), now, 'UTC')).toEqual({ day: 'today', date: '2026-03-10', time: '23:30' });
    // In Shanghai it is already 06:00 on the 11th: 04:00 on the 12th there is tomorrow.
    expect(dayAndTime(new Date('2026-03-11T20:00:00Z'), now, 'Asia/Shanghai').day).toBe('tomorrow');
    expect(dayAndTime(new Date('2026-03-14T04:00:00Z'), now, 'UTC')).toMatchObject({ day: 'date', date: '2026-03-14' });
  });
});

describe('daily-use messages', () => {
  it('have a Chinese text for every key, with the same placeholders (a plural block counts as its parameter)', async () => {
    const { en, zh } = await import('../../src/ui/messages/daily.js');
    const holes = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(holes(zh[key]), key).toEqual(holes(en[key]));
  });
});
