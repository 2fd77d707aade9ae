import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { UserError } from '../../src/errors.js';
import { readSettings, writeSettings } from '../../src/store/settings-file.js';
import { tmp } from '../helpers.js';

describe('settings file', () => {
  it('gives the defaults when there is no file', () => {
    expect(readSettings(join(tmp(), 'users', 'u'))).toEqual(DEFAULT_SETTINGS);
  });

  it('round-trips what it writes, with its schema, creating the user folder', () => {
    const dir = join(tmp(), 'users', 'u');
    writeSettings(dir, { ...DEFAULT_SETTINGS, new_per_day: 7 });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ schema: 1, new_per_day: 7 });
    expect(readSettings(dir)).toEqual({ ...DEFAULT_SETTINGS, new_per_day: 7 });
  });

  it('refuses a file that is not a JSON object, naming it', () => {
    const dir = tmp();
    for (const junk of ['{"new_per_day":', '[1,2]', 'null']) {
      writeFileSync(join(dir, 'settings.json'), junk);
      expect(() => readSettings(dir)).toThrow(UserError);
      expect(() => readSettings(dir)).toThrow(join(dir, 'settings.json'));
    }
  });

  it('refuses a file from a newer llm-quiz', () => {
    const dir = tmp();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schema: 9, new_per_day: 5 }));
    expect(() => readSettings(dir)).toThrow(/newer llm-quiz \(schema 9/);
  });
});
