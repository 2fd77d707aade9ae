// Issue: progress store. Load with 200,000 reviews (snapshot up to date, and rebuilt from the
// logs), and the durable append (write + fdatasync) per review at 1,000 and 200,000 reviews.
// Measured in-process on the store itself, bundled from src/ with esbuild (dist/ is one bundle
// with hashed chunks, so the store cannot be imported from there).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median, writeHistory } from '../synth.mjs';

async function loadStore(b) {
  const outfile = join(b.work, 'store-bench.mjs');
  await build({
    entryPoints: [join(b.root, 'src', 'store', 'progress-store.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url);",
    },
  });
  return import(pathToFileURL(outfile).href);
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Median time of `fn` over `runs` runs after one warm-up. */
function medianOf(runs, fn) {
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const ms = time(fn);
    if (i > 0) times.push(ms);
  }
  return median(times);
}

/** Median time of one durable append of one review, over `n` appends. */
function appendMedian(ProgressStore, data, user, n) {
  const store = ProgressStore.open(data, user, { create: true, device: 'bench-append' });
  const times = [];
  for (let i = 0; i < n; i++) {
    const now = new Date(Date.parse('2026-11-02T00:00:00Z') + i * 1000);
    const card = `s0-${i % 50}`;
    const before = store.progress.get(card)?.fsrs ?? null;
    const ev = {
      id: store.newEventId(now),
      t: now.toISOString(),
      type: 'review',
      card,
      rating: 3,
      before,
      after: { due: now.toISOString(), s: 3.2, d: 5.1, reps: 1, lapses: 0, state: 2, step: 0, sched: 3, last: now.toISOString() },
      ms: 4000,
    };
    times.push(time(() => store.append(ev)));
  }
  store.close();
  return median(times.slice(5));
}

export default async function (b) {
  const { ProgressStore } = await loadStore(b);
  const data = join(b.work, 'store-data');
  const ids = Array.from({ length: 5000 }, (_, i) => `s${Math.floor(i / 50)}-${i % 50}`);

  writeHistory(data, 'big', ids, 200_000);
  const snapshot = join(data, 'users', 'big', 'snapshot.json');
  const rebuild = medianOf(5, () => {
    rmSync(snapshot, { force: true });
    ProgressStore.open(data, 'big');
  });
  b.report('store: rebuild from logs, 200,000 reviews (no snapshot)', rebuild, '< 3 s', rebuild < 3000);

  ProgressStore.open(data, 'big').saveSnapshot(true);
  const load = medianOf(15, () => {
    const s = ProgressStore.open(data, 'big');
    if (s.loadedFrom !== 'snapshot') throw new Error(`expected a snapshot load, got ${s.loadedFrom}`);
  });
  b.report('store: load, 200,000 reviews, snapshot up to date', load, '< 300 ms', load < 300);
  const cli = b.timeCli(['list', '--json'], { home: data, env: { LLM_QUIZ_USER: 'big' }, runs: 7 });
  b.report('  llm-quiz list --json with that store (whole command)', cli);

  writeHistory(data, 'small', ids, 1_000);
  const small = appendMedian(ProgressStore, data, 'small', 200);
  b.report('store: append 1 review (write + fdatasync), 1,000 reviews', small, '< 5 ms', small < 5);
  const big = appendMedian(ProgressStore, data, 'big', 200);
  const ratio = big / small;
  b.report(
    `store: append 1 review, 200,000 reviews (${ratio.toFixed(2)}x the 1,000 case)`,
    big,
    '< 5 ms, < 2x',
    big < 5 && ratio < 2,
  );
}
