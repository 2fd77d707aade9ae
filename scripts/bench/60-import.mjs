// Issue 12: import of a 20,000-note Anki package (with review history) and of a 5 MB Markdown
// post, each < 5 s; 1 MB pathological Markdown (runs of `*`, `_`, `<`, nested brackets) < 2 s each.
// Each run imports into a fresh data directory, so every run does the whole work.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApkg } from '../../test/fixtures/apkg-builder.mjs';
import { median } from '../synth.mjs';

/** Median wall time (ms) of `llm-quiz import FILE` into a fresh home each run; any exit code. */
function timeImport(b, file, runs, expectCode) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const home = join(b.work, `import-${Date.now()}-${i}`);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [b.bin, 'import', file], {
      env: { ...process.env, LLM_QUIZ_HOME: home, LLM_QUIZ_DEVICE: 'bench', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== expectCode) throw new Error(`import ${file} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

/** A long interview post: numbered questions with paragraph, list and code answers, in sections. */
function bigPost(bytes) {
  const parts = [];
  let n = 0;
  let size = 0;
  for (let s = 1; size < bytes; s++) {
    const section = `## Section ${s}: attention and decoding\n\n`;
    parts.push(section);
    size += section.length;
    for (let q = 1; q <= 40 && size < bytes; q++) {
      n++;
      const block = [
        `${q}. Question ${n}: why does the KV cache of layer ${n % 48} grow linearly with the sequence length?`,
        '',
        `Each generated token appends one key and one value per head and layer; ${'the cache holds them for reuse, '.repeat(6)}`,
        '',
        '- memory: 2 · layers · heads · d_head · tokens',
        '- bandwidth: read once per step',
        '',
        '```python',
        `def kv_bytes(layers=${n % 80}, heads=32, d=128, tokens=4096):`,
        '    return 2 * layers * heads * d * tokens * 2',
        '```',
        '',
      ].join('\n');
      parts.push(block);
      size += block.length;
    }
  }
  return parts.join('');
}

export default async function (b) {
  const dir = join(b.work, 'import');
  mkdirSync(dir, { recursive: true });

  const notes = [];
  const t0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < 20_000; i++) {
    notes.push({
      guid: `bench-${i}`,
      type: i % 10 === 0 ? 'cloze' : 'basic',
      fields:
        i % 10 === 0
          ? [`Note ${i}: {{c1::FlashAttention}} tiles {{c2::Q, K and V}} in SRAM.`, 'Extra']
          : [
              `What does note ${i} say about <b>attention</b>?`,
              `Answer ${i}: softmax(QK<sup>T</sup>/&radic;d)V<br>${'detail '.repeat(12)}`,
            ],
      tags: ['bench', `group${i % 20}`],
      deck: `Bench::Part ${i % 5}`,
      reviews:
        i % 2 === 0
          ? [
              { at: t0 + i * 1000, ease: 3 },
              { at: t0 + i * 1000 + 3 * 86_400_000, ease: 3 },
            ]
          : [],
    });
  }
  const apkg = join(dir, 'bench-20k.apkg');
  writeFileSync(apkg, await buildApkg({ notes, modern: true }));
  const a = timeImport(b, apkg, 3, 0);
  b.report('llm-quiz import (20,000-note .apkg, 20,000 reviews)', a, '< 5 s', a < 5000);

  const post = join(dir, 'big-post.md');
  writeFileSync(post, bigPost(5 * 1024 * 1024));
  const m = timeImport(b, post, 3, 0);
  b.report('llm-quiz import (5 MB Markdown post)', m, '< 5 s', m < 5000);

  const MB = 1024 * 1024;
  const hostile = {
    'runs of *': '*'.repeat(MB),
    'runs of _': `${'_'.repeat(MB / 2)}\n${'a_'.repeat(MB / 4)}`,
    'runs of <': `${'<'.repeat(MB / 2)}\n${'<a '.repeat(MB / 6)}`,
    'nested brackets': `${'['.repeat(MB / 2)}${']'.repeat(MB / 2)}`,
    'brackets and parens': '[a]('.repeat(MB / 4),
    // A label, then spaces: adjacent whitespace patterns and trailing-space trims were cubic and quadratic here.
    'a Q label and spaces': `Q${' '.repeat(MB)}z\n`,
  };
  for (const [name, text] of Object.entries(hostile)) {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.md`);
    writeFileSync(file, text);
    // None of them holds a question: the import is refused (exit 1), and fast.
    const ms = timeImport(b, file, 3, 1);
    b.report(`llm-quiz import (1 MB of ${name})`, ms, '< 2 s', ms < 2000);
  }
}
