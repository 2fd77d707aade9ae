// Issue: stats, config and optimize. `stats` (text and --json) over 10,000 cards with 200,000
// past reviews, with and without the snapshot that `study` leaves behind, and `config get`
// start-up (it must not load the optimizer binding).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { writeDecks, writeHistory } from '../synth.mjs';

export default async function (b) {
  const home = join(b.work, 'stats-home');
  const decks = join(b.work, 'stats-decks');
  const ids = writeDecks(decks, 10_000, 100);
  writeHistory(home, 'default', ids, 200_000);
  const env = { LLM_QUIZ_NOW: '2026-11-01T12:00:00Z', COLUMNS: '80' };
  const snapshot = join(home, 'users', 'default', 'snapshot.json');
  rmSync(snapshot, { force: true });
  const cold = b.timeCli(['stats', '--decks', decks], { home, env, runs: 3 });
  // No budget: without a snapshot the store folds every log on open, then stats reads them again.
  b.report('llm-quiz stats (10,000 cards, 200,000 reviews, no snapshot)', cold);
  // What a user has after any study session: card states cached in snapshot.json.
  const { ProgressStore } = await tsImport('../../src/store/progress-store.ts', import.meta.url);
  ProgressStore.open(home, 'default').saveSnapshot(true);
  const text = b.timeCli(['stats', '--decks', decks], { home, env, runs: 5 });
  b.report('llm-quiz stats (same, with snapshot)', text, '< 2000 ms', text < 2000);
  const json = b.timeCli(['stats', '--json', '--decks', decks], { home, env, runs: 5 });
  b.report('llm-quiz stats --json (same)', json, '< 2000 ms', json < 2000);
  const zone = b.timeCli(['stats', '--json', '--decks', decks], { home, env: { ...env, TZ: 'Asia/Shanghai' }, runs: 5 });
  b.report('  same, TZ=Asia/Shanghai', zone, '< 2000 ms', zone < 2000);
  const get = b.timeCli(['config', 'get', 'desired_retention'], { home: join(b.work, 'config-home') });
  b.report('llm-quiz config get desired_retention', get, '< 2x node', get < 2 * b.baseline);
}
