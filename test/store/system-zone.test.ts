// The system zone's name, cached under what ICU reads (TZ, the /etc/localtime link).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemZone } from '../../src/store/system-zone.js';
import { tmp } from '../helpers.js';

const intl = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const linked = existsSync('/etc/localtime');

describe('systemZone', () => {
  it('is what Intl says, with or without a cache folder', () => {
    expect(systemZone(undefined)).toBe(intl());
    expect(systemZone(tmp())).toBe(intl());
  });

  it.runIf(linked)('answers from the cache while TZ and the link are unchanged, and asks again when they change', () => {
    const dir = tmp();
    const env = { TZ: 'Europe/Berlin' };
    systemZone(dir, env);
    const file = join(dir, 'zone.json');
    const cached = JSON.parse(readFileSync(file, 'utf8'));
    expect(cached.name).toBe(intl());
    // A name only the cache holds shows the answer came from it.
    writeFileSync(file, JSON.stringify({ ...cached, name: 'Test/Cached' }));
    expect(systemZone(dir, env)).toBe('Test/Cached');
    expect(systemZone(dir, { TZ: 'Asia/Shanghai' })).toBe(intl());
    expect(JSON.parse(readFileSync(file, 'utf8')).name).toBe(intl());
  });

  it('a damaged cache is asked again and rewritten', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'zone.json'), '{"key":');
    expect(systemZone(dir, {})).toBe(intl());
    if (linked) expect(JSON.parse(readFileSync(join(dir, 'zone.json'), 'utf8')).name).toBe(intl());
  });
});
