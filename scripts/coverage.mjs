// Regenerates the tables of decks/README.md from the deck files: the list of decks (cards per
// language edition), the interview subjects of the 2026 bank with their card counts per language
// (counted through decks/topics.yaml), and the coverage of the 45 seed questions (from each card's
// `<!-- ... seed: ... -->` comment).
//   node scripts/coverage.mjs          rewrite the generated parts of decks/README.md
//   node scripts/coverage.mjs --check  exit 1 if README is stale or a seed question has no card
// Plain Node on purpose (no imports from src/, no build): the test suite runs it as a second,
// independent reading of the decks next to the real parser.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DECKS = join(ROOT, 'decks');
const README = join(DECKS, 'README.md');
const SEEDS = 45;

/** The seed questions in our own short words (1–37 answered in the post, 38–45 unanswered). */
const QUESTIONS = {
  1: 'Int8 推理量化的常见做法；PTQ 与 QAT 有何不同',
  2: 'Transformer 的层/算子融合怎么实现，NVIDIA（TensorRT）怎么做',
  3: '训练编码器与解码器的差异；解码器为何不易加速',
  4: 'GLM、LLaMA、GPT、BERT 的结构、特点与差异',
  5: 'RoBERTa 去掉 NSP、改用动态掩码的原因',
  6: 'InstructGPT 与 RLHF 简介',
  7: 'GLM、LLaMA、GPT、BERT 各自怎样训练',
  8: 'ChatGPT 比 GPT-3 改进在哪里',
  9: '用 LoRA 做领域微调时怎样保住通用对话能力',
  10: 'ChatGLM 对比 ChatGPT 的优势，以及分词差异',
  11: '用 PyTorch 手写自注意力',
  12: 'BERT 与原始 Transformer 位置编码的差别，其他位置编码方案',
  13: '数据并行、模型并行、混合并行的区别',
  14: 'QAT 中 round 的导数，能否用可导函数替代',
  15: 'GPT 训练流程的三个阶段',
  16: '迁移学习、多域建模，数据稀少时如何学得更好',
  17: '用数学解释梯度下降与反向传播',
  18: '常见优化器的优劣与适用场景',
  19: 'LN 与 BN 的差别与适用结构，文本为何用 LN（batch 可比性）',
  20: 'loss 不收敛的处理；梯度消失/爆炸；交叉熵个别 batch 偏大的原因',
  21: '缓解过拟合的多种手段',
  22: '推荐算法概览与近年进展',
  23: '用户兴趣探索；物品与用户冷启动',
  24: '激活函数为何常用 sigmoid',
  25: 'BN 的优缺点，如何从 γ、β 入手调整',
  26: 'GPT-2/GPT-3/BERT/LLaMA 的训练目标、损失与下游用法对比',
  27: '编码器与解码器计算注意力的差别',
  28: 'Transformer 参数量与复杂度、对比 RNN 的优势、为何用 LN 和残差',
  29: 'BiLSTM 耗时与并行；LSTM 三个门与遗忘门输入；输入格式与词的处理',
  30: 'seq2seq 输出串行还是并行、每步的词怎么来、BiLSTM 上的注意力',
  31: 'BiLSTM 处理变长输入',
  32: '只有全连接层时如何利用上下文；word2vec 是否用到上下文',
  33: 'bigram 编码是什么，trigram 与它的区别',
  34: 'BERT 相对 BiLSTM 的优势',
  35: 'BERT 输出串行还是并行，能否并行生成、效果如何',
  36: 'Dropout 的作用原理、训练与推理差异、放在激活前还是后',
  37: '二维卷积；最大池化的反向传播',
  38: '常用分类损失函数',
  39: '如何防止梯度爆炸',
  40: '如何防止过拟合',
  41: '交叉熵损失的原理',
  42: 'PCA 的推导',
  43: '反转单链表',
  44: '怎样的 Prompt 才算好',
  45: '给定一元函数与取值区间求最小值',
};

/** Reads one deck file: front-matter id, title and topics, and each card's id, topics and seeds. */
export function scanDeck(text, file) {
  const lines = text.split(/\r?\n/);
  const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  const fm = lines.slice(1, close);
  const field = (key) => {
    const m = fm.map((l) => new RegExp(`^${key}:\\s*(.*)$`).exec(l)).find(Boolean);
    return m ? m[1].trim().replace(/^(['"])(.*)\1$/, '$2') : '';
  };
  const topicsRaw = field('topics');
  const topics = topicsRaw
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const cards = [];
  let fence;
  for (let i = close + 1; i < lines.length; i++) {
    const line = lines[i];
    const f = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (f) {
      if (!fence) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length && f[2].trim() === '') fence = undefined;
      continue;
    }
    if (fence || !/^## /.test(line)) continue;
    let meta = '';
    if (/^\s*<!--/.test(lines[i + 1] ?? '')) {
      let j = i + 1;
      meta = lines[j];
      while (!meta.includes('-->') && j + 1 < lines.length) meta += `\n${lines[++j]}`;
      i = j;
    }
    const kv = {};
    for (const part of meta.replace(/^\s*<!--|-->\s*$/g, '').split(/[;\n]/)) {
      const k = part.indexOf(':');
      if (k > 0) kv[part.slice(0, k).trim()] = part.slice(k + 1).trim();
    }
    const list = (v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    cards.push({ id: kv.id ?? '', topics: list(kv.topics), seeds: list(kv.seed).map(Number) });
  }
  return { file, id: field('id'), title: field('title'), topics, cards };
}

const CJK_CHARS = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/gu;
/** Prose units of a Markdown text: latin words + CJK characters / 1.6 (code and $$ blocks skipped). */
export function units(md) {
  let fence = false;
  let display = false;
  let latin = 0;
  let cjk = 0;
  for (const line of md.split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(line)) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    const dollars = (line.match(/\$\$/g) ?? []).length;
    if (display || dollars > 0) {
      if (dollars % 2 === 1) display = !display;
      continue;
    }
    cjk += (line.match(CJK_CHARS) ?? []).length;
    latin += line
      .replace(CJK_CHARS, ' ')
      .split(/\s+/)
      .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  }
  return latin + cjk / 1.6;
}

const code = (s) => `\`${s}\``;

/** The language editions of the bank: one folder each under decks/. */
export const EDITIONS = ['zh', 'en'];

/** All deck files of one edition (decks/<lang>/), sorted, README excluded; [] if the folder is missing. */
export function scanAll(lang = 'zh', dir = join(DECKS, lang)) {
  let files;
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((f) => scanDeck(readFileSync(join(dir, f), 'utf8'), `${lang}/${f}`));
}

/** Interview subjects of the 2026 bank, each with the map topics that count for it and its minimum. */
export const SUBJECTS = [
  ['Tokenization', ['tokenization'], 5],
  ['Attention variants (MHA, MQA, GQA, MLA)', ['attention'], 5],
  ['Positional encoding and context extension', ['positional-encoding'], 6],
  ['KV-cache memory arithmetic', ['kv-cache'], 4],
  ['FlashAttention', ['flash-attention'], 3],
  ['Normalization in LLMs', ['normalization'], 4],
  ['Activations and SwiGLU', ['activation'], 3],
  ['Mixture of experts', ['moe'], 5],
  ['Scaling laws', ['scaling-laws'], 3],
  ['Pre-training data', ['pretraining-data'], 4],
  ['Mixed precision and FP8', ['mixed-precision'], 4],
  ['Parallelism and memory', ['parallelism'], 8],
  ['Parameter-efficient fine-tuning', ['peft'], 6],
  ['Alignment: RLHF, DPO, GRPO, verifiable rewards', ['rlhf', 'preference-optimization', 'rlvr'], 11],
  ['Reasoning models and test-time compute', ['reasoning'], 5],
  ['Decoding and sampling', ['decoding'], 5],
  ['Inference serving', ['serving'], 6],
  ['Quantization', ['quantization'], 11],
  ['Distillation', ['distillation'], 3],
  ['RAG', ['rag'], 5],
  ['Agents and tool use', ['agents'], 4],
  ['Evaluation', ['evaluation'], 5],
  ['Hallucination', ['hallucination'], 2],
  ['Long context', ['long-context'], 4],
  ['Multimodal', ['multimodal'], 4],
  ['Embeddings', ['embeddings'], 3],
];

/** A card's topics: its own plus its deck's. */
const topicsOf = (deck, card) => new Set([...deck.topics, ...card.topics]);

/** Cards per subject in one edition: cards with any of the subject's topics, each card once. */
export function subjectCounts(decks) {
  return SUBJECTS.map(([name, topics, min]) => {
    const n = decks.reduce((sum, d) => sum + d.cards.filter((c) => topics.some((t) => topicsOf(d, c).has(t))).length, 0);
    return { name, topics, min, n };
  });
}

/** The subject table: subject, topics, minimum, and cards in each edition. */
export function subjectTable(byLang) {
  const counts = EDITIONS.map((l) => subjectCounts(byLang[l] ?? []));
  const rows = SUBJECTS.map(([name, topics, min], i) => {
    const cells = counts.map((c) => String(c[i].n));
    return `| ${name} | ${topics.map(code).join(' ')} | ${min} | ${cells.join(' | ')} |`;
  });
  return [
    `| subject | topics | min | ${EDITIONS.join(' | ')} |`,
    `|---|---|---|${EDITIONS.map(() => '---').join('|')}|`,
    ...rows,
  ].join('\n');
}

/** The deck table: the deck's own topics first, then card topics used by at least two of its cards. */
export function deckTable(decks, byLang = { zh: decks }) {
  const cardsIn = (lang, id) => (byLang[lang] ?? []).find((x) => x.id === id)?.cards.length ?? 0;
  const rows = decks.map((d) => {
    const count = new Map();
    for (const c of d.cards) for (const t of c.topics) count.set(t, (count.get(t) ?? 0) + 1);
    const shared = [...count]
      .filter(([t, n]) => n >= 2 && !d.topics.includes(t))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([t]) => t);
    const topics = [...d.topics, ...shared].map(code).join(' ');
    const name = d.file.replace(/^[a-z]+\//, '');
    const files = EDITIONS.filter((l) => cardsIn(l, d.id) > 0)
      .map((l) => `[${l}](${l}/${name})`)
      .join(' ');
    return `| ${code(d.id)} | ${name} ${files} | ${d.title} | ${EDITIONS.map((l) => cardsIn(l, d.id)).join(' | ')} | ${topics} |`;
  });
  const totals = EDITIONS.map((l) => `**${(byLang[l] ?? []).reduce((n, d) => n + d.cards.length, 0)}**`);
  return [
    `| deck id | file | title | ${EDITIONS.map((l) => `cards ${l}`).join(' | ')} | topics |`,
    `|---|---|---|${EDITIONS.map(() => '---').join('|')}|---|`,
    ...rows,
    `| | | **total** | ${totals.join(' | ')} | |`,
  ].join('\n');
}

/** The coverage table: seed question → the ids of the cards whose `seed:` names it. */
export function coverageTable(decks) {
  const bySeed = new Map();
  for (const d of decks) for (const c of d.cards) for (const s of c.seeds) bySeed.set(s, [...(bySeed.get(s) ?? []), c.id]);
  const rows = [];
  for (let n = 1; n <= SEEDS; n++) {
    const ids = bySeed.get(n) ?? [];
    rows.push(`| ${n} | ${QUESTIONS[n]} | ${ids.length ? ids.map(code).join(' ') : '**none**'} |`);
  }
  return ['| # | 问题（概述） | cards |', '|---|---|---|', ...rows].join('\n');
}

/** Problems a deck change can introduce that the README cannot show: uncovered or unknown seeds. */
export function seedProblems(decks) {
  const out = [];
  const covered = new Set();
  for (const d of decks) {
    for (const c of d.cards) {
      for (const s of c.seeds) {
        if (!Number.isInteger(s) || s < 1 || s > SEEDS) out.push(`${d.file}: card ${c.id} has seed ${s}, outside 1-${SEEDS}`);
        covered.add(s);
      }
    }
  }
  for (let n = 1; n <= SEEDS; n++) if (!covered.has(n)) out.push(`seed question ${n} has no card`);
  return out;
}

const MARK = (name, end) => `<!-- generated:${name}:${end ? 'end' : 'start'} (node scripts/coverage.mjs) -->`;

/** Replaces the text between a start and an end marker; throws if the markers are missing. */
function splice(text, name, body) {
  const a = text.indexOf(MARK(name, false));
  const b = text.indexOf(MARK(name, true));
  if (a < 0 || b < a) throw new Error(`decks/README.md: markers for '${name}' are missing — restore ${MARK(name, false)}`);
  return `${text.slice(0, a + MARK(name, false).length)}\n${body}\n${text.slice(b)}`;
}

/** Every edition's decks, by language. */
export function scanEditions() {
  return Object.fromEntries(EDITIONS.map((l) => [l, scanAll(l)]));
}

/** The README with its generated parts brought up to date (decks listed from the zh edition). */
export function render(readme, byLang = scanEditions()) {
  const decks = byLang.zh ?? [];
  const withDecks = splice(readme, 'decks', deckTable(decks, byLang));
  return splice(splice(withDecks, 'subjects', subjectTable(byLang)), 'coverage', coverageTable(decks));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const byLang = scanEditions();
  const decks = byLang.zh;
  const current = readFileSync(README, 'utf8');
  const next = render(current, byLang);
  const problems = seedProblems(decks);
  if (process.argv.includes('--check')) {
    if (next !== current) problems.push('decks/README.md is out of date — run `node scripts/coverage.mjs`');
    for (const p of problems) console.error(p);
    process.exitCode = problems.length ? 1 : 0;
  } else {
    if (next !== current) writeFileSync(README, next);
    for (const p of problems) console.error(p);
    const cards = EDITIONS.map((l) => `${byLang[l].reduce((n, d) => n + d.cards.length, 0)} ${l}`).join(', ');
    console.log(`decks/README.md: ${decks.length} decks, cards ${cards}`);
    process.exitCode = problems.length ? 1 : 0;
  }
}
