// Measures the bundled answers the way the bank tests do: prose units = latin words + CJK
// characters / 1.6, over the `### Answer` section outside code fences and `$$` display blocks,
// plus a rough count of the terminal lines the answer takes at 80 columns.
//   node scripts/answer-length.mjs decks/zh/quantization.md decks/en/quantization.md
//   node scripts/answer-length.mjs --over 150 decks        (only cards over the limit, any folder)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { units } from './coverage.mjs';

const args = process.argv.slice(2);
const overAt = args[0] === '--over' ? Number(args.splice(0, 2)[1]) : undefined;
const files = args.flatMap(function walk(p) {
  if (statSync(p).isDirectory()) return readdirSync(p).flatMap((f) => walk(join(p, f)));
  return p.endsWith('.md') && !p.toLowerCase().endsWith('readme.md') ? [p] : [];
});

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/gu;
/** Approximate rendered lines at a width (CJK counted double). */
function lines(md, width = 78) {
  return md.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.replace(CJK, '  ').length / width)), 0);
}
function answers(text) {
  const out = [];
  let cur;
  let section;
  for (const line of text.split('\n')) {
    const q = /^## (.*)/.exec(line);
    if (q) {
      cur = { q: q[1], id: '', answer: [] };
      out.push(cur);
      section = 'q';
      continue;
    }
    if (!cur) continue;
    const id = /id:\s*([a-z0-9._-]+)/.exec(line);
    if (section === 'q' && id && !cur.id) cur.id = id[1];
    const h = /^### (.*)/.exec(line);
    if (h) {
      section = /answer|答案/i.test(h[1]) ? 'a' : 'other';
      continue;
    }
    if (section === 'a') cur.answer.push(line);
  }
  return out.map((c) => ({ ...c, answer: c.answer.join('\n').trim() }));
}
let total = 0;
let over = 0;
for (const f of files) {
  for (const c of answers(readFileSync(f, 'utf8'))) {
    const u = Math.round(units(c.answer));
    const l = lines(c.answer);
    total++;
    if (u > 150) over++;
    if (overAt === undefined || u > overAt) console.log(`${f}\t${c.id}\t${u} units\t~${l} lines`);
  }
}
console.log(`${total} cards, ${over} over 150 units (${total ? ((100 * over) / total).toFixed(1) : 0} %)`);
