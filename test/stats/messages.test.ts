import { describe, expect, it } from 'vitest';
import { rangeText } from '../../src/commands/config.js';
import { SETTING_KEYS, type SettingKey } from '../../src/core/settings.js';
import { en, zh } from '../../src/ui/messages/stats.js';
import { setLang } from '../../src/ui/messages.js';

describe('stats/config/optimize messages', () => {
  it('state every valid range in English exactly as core/settings does', () => {
    setLang('en');
    for (const key of Object.keys(SETTING_KEYS) as SettingKey[]) expect(rangeText(key)).toBe(SETTING_KEYS[key]);
  });

  it('have a Chinese text for every key, with the same placeholders', () => {
    // A plural block `{n, plural, one {# day} other {# days}}` is the placeholder `n`.
    const holes = (s: string) => [...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key], key).toBeTruthy();
      expect(holes(zh[key]), key).toEqual(holes(en[key]));
    }
  });
});
