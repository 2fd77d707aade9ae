// `npm run bench`: start-up and throughput budgets, each quoted as a median against `node -e 0`
// measured in the same run (machines here are noisy). Sections live in scripts/bench/*.mjs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './synth.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'llm-quiz.js');
const work = mkdtempSync(join(tmpdir(), 'llmq-bench-'));
const only = process.argv[2];

/** Runs a command `runs` times (after one warm-up) and returns the median wall time in ms. */
function timeCommand(cmd, args, { runs = 15, env = {}, cwd = root } = {}) {
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) times.push(ms);
  }
  return median(times);
}

const rows = [];
const baseline = timeCommand(process.execPath, ['-e', '0']);
rows.push({ what: 'node -e 0 (baseline)', ms: baseline });

/** What each section gets. */
const bench = {
  root,
  bin,
  work,
  baseline,
  timeCommand,
  /** Times `llm-quiz ARGS` with a private data directory. */
  timeCli(args, opts = {}) {
    return timeCommand(process.execPath, [bin, ...args], {
      ...opts,
      env: { LLM_QUIZ_HOME: opts.home ?? join(work, 'home'), LLM_QUIZ_DEVICE: 'bench', NO_COLOR: '1', ...opts.env },
    });
  },
  /** Records a result; `budget` is a description like '< 2x baseline' checked by `ok`. */
  report(what, ms, budget, ok) {
    rows.push({ what, ms, budget, ok });
  },
};

const sections = readdirSync(join(root, 'scripts', 'bench'))
  .filter((f) => f.endsWith('.mjs'))
  .sort();
for (const f of sections) {
  if (only && !f.includes(only)) continue;
  const mod = await import(pathToFileURL(join(root, 'scripts', 'bench', f)).href);
  await mod.default(bench);
}
rmSync(work, { recursive: true, force: true });

let failed = 0;
console.log(`\n${'measurement'.padEnd(62)} ${'median'.padStart(10)}  ${'vs node'.padStart(7)}  budget`);
for (const r of rows) {
  const ratio = (r.ms / baseline).toFixed(2);
  const verdict = r.budget ? `${r.budget} ${r.ok ? 'ok' : 'OVER'}` : '';
  if (r.budget && !r.ok) failed++;
  console.log(
    `${r.what.padEnd(62)} ${`${r.ms.toFixed(r.ms < 10 ? 3 : 1)} ms`.padStart(10)}  ${`${ratio}x`.padStart(7)}  ${verdict}`,
  );
}
console.log(failed ? `\n${failed} budget(s) exceeded` : '\nall budgets met');
process.exitCode = failed ? 1 : 0;
