import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceName, listUsers } from '../../src/store/users.js';
import { tmp } from '../helpers.js';

describe('users', () => {
  it('lists only folders with valid user names', () => {
    const data = tmp();
    for (const d of ['alice', 'bob.smith', '.stversions', 'A_1']) mkdirSync(join(data, 'users', d), { recursive: true });
    expect(listUsers(data)).toEqual(['A_1', 'alice', 'bob.smith']);
  });

  it('lists no users in a data directory without users/', () => {
    expect(listUsers(tmp())).toEqual([]);
  });
});

describe('deviceName', () => {
  it('takes LLM_QUIZ_DEVICE, made safe as a file name', () => {
    expect(deviceName({ LLM_QUIZ_DEVICE: 'lap top/../x' })).toBe('lap_top_.._x');
    expect(deviceName({ LLM_QUIZ_DEVICE: 'y'.repeat(100) })).toHaveLength(64);
  });

  it('is otherwise the host name plus a stable six-digit hash', () => {
    const name = deviceName({});
    expect(name).toMatch(/^[A-Za-z0-9-]{1,32}-[0-9a-f]{6}$/);
    expect(deviceName({})).toBe(name);
  });
});
