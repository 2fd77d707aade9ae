// Issue: foundation. `--version`, `list` on the bundled decks, `list --json` on 10,000 cards in 100 files.
import { join } from 'node:path';
import { writeDecks } from '../synth.mjs';

export default async function (b) {
  const v = b.timeCli(['--version']);
  b.report('llm-quiz --version', v);
  const list = b.timeCli(['list']);
  b.report('llm-quiz list (bundled decks)', list, '< 2x node', list < 2 * b.baseline);
  const decks = join(b.work, 'synth-10k');
  writeDecks(decks, 10_000, 100);
  const big = b.timeCli(['list', '--json', '--decks', decks], { runs: 7 });
  b.report('llm-quiz list --json (10,000 cards, 100 files)', big, '< 600 ms', big < 600);
  const cold = b.timeCli(['list', '--json', '--decks', decks], { runs: 5, env: { LLM_QUIZ_NO_CACHE: '1' } });
  b.report('  same, parse cache off (every file parsed)', cold, '< 600 ms', cold < 600);
}
