import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/scheduler.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { runCli, tmp } from '../helpers.js';

describe('config reset', () => {
  it('puts a setting back to its default, and fsrs_params back to the default parameters', () => {
    const home = tmp();
    expect(runCli(['config', 'set', 'new_per_day', '5'], { home }).code).toBe(0);
    const store = ProgressStore.open(join(home, 'data'), 'default');
    store.saveSettings({
      ...store.settings,
      fsrs_params: DEFAULT_SETTINGS.fsrs_params ?? Array.from({ length: 21 }, (_, i) => 0.1 + i / 10),
    });
    const fitted = ProgressStore.open(join(home, 'data'), 'default').settings;
    expect(fitted.new_per_day).toBe(5);
    expect(fitted.fsrs_params).toHaveLength(21);

    expect(runCli(['config', 'reset', 'new_per_day'], { home }).code).toBe(0);
    const r = runCli(['config', 'reset', 'fsrs_params'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fsrs_params/);
    const after = ProgressStore.open(join(home, 'data'), 'default').settings;
    expect(after.new_per_day).toBe(DEFAULT_SETTINGS.new_per_day);
    expect(after.fsrs_params).toBeNull();
    expect(runCli(['config', 'reset', 'no_such_key'], { home }).code).toBe(1);
  });
});
