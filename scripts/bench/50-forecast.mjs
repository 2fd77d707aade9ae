// Issue 11: `forecast` (reviews per day for 30 days at three retentions, simulated over the
// user's cards) on 10,000 cards with 200,000 past reviews, from the snapshot study leaves.
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { writeDecks, writeHistory } from '../synth.mjs';

export default async function (b) {
  const home = join(b.work, 'forecast-home');
  const decks = join(b.work, 'forecast-decks');
  const ids = writeDecks(decks, 10_000, 100);
  writeHistory(home, 'default', ids, 200_000);
  const { ProgressStore } = await tsImport('../../src/store/progress-store.ts', import.meta.url);
  ProgressStore.open(home, 'default').saveSnapshot(true);
  const env = { LLM_QUIZ_NOW: '2026-11-01T12:00:00Z', COLUMNS: '80' };
  const ms = b.timeCli(['forecast', '--retention', '0.85,0.9,0.95', '--decks', decks], { home, env, runs: 5 });
  b.report('llm-quiz forecast --retention 0.85,0.9,0.95 (10,000 cards)', ms, '< 2000 ms', ms < 2000);
}
