// Generates a synthetic collection for benchmarks: N cards over M deck files, and optionally a
// review history of R reviews for one user. Deterministic (seeded), so runs are comparable.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `files` deck files holding `cards` cards in total; returns the card ids. */
export function writeDecks(dir, cards, files) {
  mkdirSync(dir, { recursive: true });
  const ids = [];
  const per = Math.ceil(cards / files);
  for (let f = 0; f < files; f++) {
    const parts = [
      `---\nid: synth-${f}\ntitle: Synthetic deck ${f}\nlanguage: zh\ntopics: [synth, topic-${f % 10}]\ndescription: generated for benchmarks\n---\n`,
    ];
    for (let i = 0; i < per && ids.length < cards; i++) {
      const id = `s${f}-${i}`;
      ids.push(id);
      parts.push(
        `## 合成问题 ${f}-${i}：注意力机制中 $QK^\\top$ 的作用是什么？\n<!-- id: ${id}; topics: t${i % 7}; level: ${1 + (i % 3)} -->\n\n### Answer\n\n这是第 ${i} 个答案。它包含 **粗体**、\`code\` 和公式 $h_{t-1}$。\n\n\`\`\`python\nprint(${i})\n\`\`\`\n\n### Key points\n\n- 要点一\n- 要点二\n`,
      );
    }
    writeFileSync(join(dir, `deck-${String(f).padStart(3, '0')}.md`), parts.join('\n'));
  }
  return ids;
}

/** Writes a review log of `reviews` reviews over `ids` for user `user` under data dir `home`. */
export function writeHistory(home, user, ids, reviews, seed = 7) {
  const rand = rng(seed);
  const dir = join(home, 'users', user, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'synth.jsonl');
  writeFileSync(file, `${JSON.stringify({ type: 'header', schema: 1, device: 'synth', created: '2025-01-01T00:00:00.000Z' })}\n`);
  // Written in chunks: a million lines as one string would be close to V8's string limit.
  let lines = [];
  const start = Date.parse('2025-01-01T00:00:00Z');
  const span = Date.parse('2026-11-01T00:00:00Z') - start;
  const state = new Map();
  for (let i = 0; i < reviews; i++) {
    const card = ids[Math.floor(rand() * ids.length)];
    const t = new Date(start + (span * i) / reviews);
    const before = state.get(card) ?? null;
    // Stability grows with each review, capped at three years so due dates stay realistic.
    const s = Math.min((before?.s ?? 1) * (1 + rand() * 2), 1095);
    const after = {
      due: new Date(t.getTime() + s * 86400000).toISOString(),
      s: Math.round(s * 1e4) / 1e4,
      d: Math.round((3 + rand() * 5) * 1e4) / 1e4,
      reps: (before?.reps ?? 0) + 1,
      lapses: before?.lapses ?? 0,
      state: 2,
      step: 0,
      sched: Math.round(s),
      last: t.toISOString(),
    };
    state.set(card, after);
    lines.push(
      JSON.stringify({
        id: `synth-${i}`,
        t: t.toISOString(),
        type: 'review',
        card,
        rating: 1 + Math.floor(rand() * 4),
        before,
        after,
        ms: 5000,
      }),
    );
    if (lines.length === 20_000 || i === reviews - 1) {
      appendFileSync(file, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
}
