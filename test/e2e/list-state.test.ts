// `list --state` takes the states `list` prints: suspended, buried and leech as well as the
// memory states and draft (it used to refuse `--state suspended`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deckText, runCli, tmp } from '../helpers.js';

describe('list --state', () => {
  it('suspended lists the suspended cards only; an unknown state names every valid one', () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    writeFileSync(
      join(decks, 'd.md'),
      deckText('d', [
        { id: 'd-one', q: 'One?', a: 'one' },
        { id: 'd-two', q: 'Two?', a: 'two' },
      ]),
    );
    const list = (...state: string[]) =>
      runCli(['list', '--decks', decks, '--deck', 'd', '--json', ...state.flatMap((s) => ['--state', s])], { home });
    expect(runCli(['suspend', 'd-two', '--decks', decks], { home }).code).toBe(0);
    const ids = (r: { stdout: string }) => (JSON.parse(r.stdout) as { id: string }[]).map((c) => c.id);
    expect(ids(list('suspended'))).toEqual(['d-two']);
    expect(ids(list('buried'))).toEqual([]);
    expect(ids(list('leech'))).toEqual([]);
    expect(ids(list('new'))).toEqual(['d-one', 'd-two']);
    const bad = list('frozen');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('suspended, buried, leech or draft');
  });
});
