import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CARDS_PER_DECK, MAX_DECK_BYTES, parseDeck } from '../../src/core/deck.js';
import { convertAnki } from '../../src/core/import/anki.js';
import { convertCsv } from '../../src/core/import/csv.js';
import { convertQa } from '../../src/core/import/qa.js';
import type { Problem } from '../../src/errors.js';
import { loadCollection } from '../../src/store/decks.js';
import { ProgressStore } from '../../src/store/progress-store.js';
import { en, zh } from '../../src/ui/messages/problems.js';
import { CATALOGUES, localizeProblem, problemLine, setLang } from '../../src/ui/messages.js';
import { deckText, ROOT, runCli, tmp } from '../helpers.js';

afterEach(() => setLang('en'));

const FM = '---\nid: demo\ntitle: Demo\nlanguage: en\ntopics: [demo]\ndescription: d\n';
const card = (meta: string, answer = '\n### Answer\n\nA\n') => `${FM}---\n\n## Q?\n<!-- ${meta} -->\n${answer}`;

/** One broken deck per problem the deck parser reports, with the key it must carry. */
const BROKEN_DECKS: Array<[string, string]> = [
  ['problem.deck.noFrontMatter', '# no front matter\n'],
  ['problem.deck.fmLanguage', '---js\n{ id: "x" }\n---\n'],
  ['problem.deck.fmNotClosed', '---\nid: x\n'],
  ['problem.deck.fmYaml', '---\nid: [oops\n---\n'],
  ['problem.deck.fmNotMapping', '---\n- a\n- b\n---\n'],
  ['problem.deck.fmForbiddenKey', `${FM}constructor: x\n---\n`],
  ['problem.deck.fmUnknownKey', `${FM}colour: red\n---\n`],
  ['problem.deck.fmMissing', '---\nid: demo\nlanguage: en\ntopics: [demo]\ndescription: d\n---\n'],
  ['problem.deck.badId', `${FM.replace('id: demo', 'id: My Deck')}---\n`],
  ['problem.deck.noTopics', `${FM.replace('topics: [demo]', 'topics: []')}---\n`],
  ['problem.deck.badTopic', `${FM.replace('topics: [demo]', 'topics: [Deep Learning]')}---\n`],
  ['problem.deck.badVersion', `${FM}version: two\n---\n`],
  ['problem.deck.tooBig', `${FM}---\n${'x'.repeat(MAX_DECK_BYTES)}`],
  ['problem.deck.tooManyCards', `${FM}---\n${'## q\n'.repeat(MAX_CARDS_PER_DECK + 1)}`],
  ['problem.deck.noCards', `${FM}---\n\nno cards here\n`],
  ['problem.deck.dupCard', `${card('id: a')}\n## Other?\n<!-- id: a -->\n\n### Answer\n\nB\n`],
  ['problem.card.noQuestion', `${FM}---\n\n##  \n<!-- id: a -->\n\n### Answer\n\nA\n`],
  ['problem.card.forbiddenKey', card('id: a; __proto__: x')],
  ['problem.card.unknownKey', card('id: a; colour: red')],
  ['problem.card.noId', card('level: 1')],
  ['problem.card.badId', card('id: Not Valid')],
  ['problem.card.badLevel', card('id: a; level: 7')],
  ['problem.card.badSeed', card('id: a; seed: -1')],
  ['problem.card.badGroup', card('id: a; group: Big Group')],
  ['problem.card.badRunnable', card('id: a; runnable: ruby')],
  ['problem.card.badDraft', card('id: a; draft: maybe')],
  ['problem.card.emptyAnswer', card('id: a', '\n### Answer\n\n')],
  ['problem.card.noAnswer', card('id: a', '\nno answer heading\n')],
];

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('problem catalogue', () => {
  it('has a Chinese text for every English one, with the same placeholders, and a message for every hint', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key], key).toBeTruthy();
      expect(holes(zh[key]), key).toEqual(holes(en[key]));
      if (key.endsWith('.hint')) expect(Object.hasOwn(en, key.slice(0, -5)), key).toBe(true);
    }
    expect(Object.keys(CATALOGUES.zh).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
  });

  it('has both languages for every problem key written in src/core and src/store', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
      );
    const used = new Set<string>();
    for (const f of [...files(join(ROOT, 'src/core')), ...files(join(ROOT, 'src/store'))]) {
      if (f.endsWith('problems.ts')) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(/'(problem\.[\w.]+)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(80);
    for (const key of used) {
      expect(Object.hasOwn(CATALOGUES.en, key), `en ${key}`).toBe(true);
      expect(Object.hasOwn(CATALOGUES.zh, key), `zh ${key}`).toBe(true);
    }
  });
});

describe('deck problems carry a key and translate at the ui edge', () => {
  it.each(BROKEN_DECKS)('%s', (key, text) => {
    const { problems } = parseDeck(text, 'deck.md');
    const p = problems.find((x) => x.key === key);
    expect(p, JSON.stringify(problems.map((x) => x.key))).toBeDefined();
    const found = p as Problem;
    // English stays what core wrote (tests, --json and logs rely on it).
    setLang('en');
    expect(localizeProblem(found)).toEqual(found);
    setLang('zh');
    const local = localizeProblem(found);
    expect(local.message).not.toBe(found.message);
    expect(local.message).toMatch(/[\u4e00-\u9fff]/);
    expect(local.message).not.toMatch(/\{\w+\}/);
    if (found.hint) expect(local.hint).toMatch(/[\u4e00-\u9fff]/);
    expect({ ...local, message: found.message, hint: found.hint }).toEqual(found);
  });

  it('keeps the values from the file in the Chinese text', () => {
    setLang('zh');
    const { problems } = parseDeck(card('id: a; level: 7'), 'decks/x.md');
    expect(problemLine(problems[0] as Problem)).toBe('decks/x.md:10: 错误: level “7” 必须是 1、2 或 3 — 1 基础，2 进阶，3 高级');
  });

  it('translates the problems of loadCollection (duplicate deck and card ids across files)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.md'), deckText('one', [{ id: 'same', q: 'Q1?', a: 'A' }]));
    writeFileSync(join(dir, 'b.md'), deckText('one', [{ id: 'x', q: 'Q2?', a: 'A' }]));
    writeFileSync(join(dir, 'c.md'), deckText('three', [{ id: 'same', q: 'Q3?', a: 'A' }]));
    const { problems } = loadCollection([dir]);
    expect(problems.map((p) => p.key)).toEqual(['problem.deck.dupDeckId', 'problem.deck.dupCardAcross']);
    setLang('zh');
    const lines = problems.map(problemLine);
    expect(lines[0]).toMatch(/b\.md:2: 错误: 卡组 id “one” 已被 .*a\.md 使用 — 给这个卡组换一个 id/);
    expect(lines[1]).toMatch(/c\.md:\d+: 错误: 卡片 id “same” 重复：另见 .*a\.md:\d+ — 所有卡组中的卡片 id 都必须唯一/);
  });

  it('drops control characters from values quoted out of a file', () => {
    setLang('zh');
    const { problems } = parseDeck(card('id: a; runnable: \u001b[31mred'), 'x.md');
    // The whole escape sequence goes (src/ui/sanitize.ts), not only its ESC byte.
    expect(problemLine(problems[0] as Problem)).toContain('runnable “red”');
  });
});

describe('store and import problems in Chinese', () => {
  it('names a skipped log line with its translated reason, nested in the message', () => {
    const data = tmp();
    const logs = join(data, 'users', 'default', 'logs');
    mkdirSync(logs, { recursive: true });
    const header = JSON.stringify({ type: 'header', schema: 1 });
    const bad = JSON.stringify({ id: 'e1', t: '2025-01-01T00:00:00.000Z', card: 'a', type: 'delete' });
    writeFileSync(join(logs, 'dev.jsonl'), `${header}\n${bad}\nnot json\n`);
    const store = ProgressStore.open(data, 'default');
    expect(store.problems.map((p) => [p.line, p.message])).toEqual([
      [2, "dev.jsonl: unknown event type 'delete'; event skipped"],
      [3, 'dev.jsonl: line is not valid JSON; skipped (kept in the file)'],
    ]);
    setLang('zh');
    expect(store.problems.map((p) => localizeProblem(p).message)).toEqual([
      'dev.jsonl：未知事件类型 “delete”；已跳过该事件',
      'dev.jsonl：这一行不是有效的 JSON；已跳过（仍保留在文件中）',
    ]);
  });

  it('translates the importers’ problems (csv, anki, Q&A)', () => {
    setLang('zh');
    const csv = convertCsv('question,answer,id\nWhat?,This,BAD ID\n', 'q.csv', {}).problems;
    expect(csv.map(problemLine)).toEqual([
      "q.csv:2: 错误: id “BAD ID” 不是有效的卡片 id — 只用小写字母、数字、'-'、'_' 或 '.'（最多 64 个），或留空",
    ]);
    const anki = convertAnki('#separator:tab\n#guid column:1\ng1\tQ1\tA1\ng1\tQ2\tA2\n', 'a.txt', {}).problems;
    expect(anki.map(problemLine)).toEqual([
      'a.txt:4: 错误: guid “g1” 被两条笔记使用（另见第 3 行） — 从 Anki 重新导出卡组，或删除重复的笔记',
    ]);
    const qa = convertQa('Just some prose, no questions.\n', 'post.md', {}).problems;
    expect(qa.map((p) => localizeProblem(p).message)).toEqual(['没有找到问题']);
  });
});

describe('the CLI in Chinese', () => {
  it('`check --lang zh` prints the deck problem in Chinese with file:line and exits 1', () => {
    const home = tmp();
    const decks = join(home, 'decks');
    mkdirSync(decks);
    writeFileSync(join(decks, 'broken.md'), card('id: a', '\nno answer heading\n'));
    const zhRun = runCli(['check', decks, '--lang', 'zh'], { home });
    expect(zhRun.code).toBe(1);
    expect(zhRun.stdout).toContain(
      `${join(decks, 'broken.md')}:9: 错误: 卡片没有答案 — 添加 \`### Answer\` 标题并在下面写答案（或把卡片标为 \`draft: true\`）`,
    );
    // LANG picks the language too; English is unchanged.
    expect(runCli(['check', decks], { home, env: { LANG: 'zh_CN.UTF-8' } }).stdout).toContain('broken.md:9: 错误: 卡片没有答案');
    expect(runCli(['check', decks], { home }).stdout).toContain('broken.md:9: error: card has no answer — add a `### Answer`');
  });

  it('`import --lang zh` prints an importer problem in Chinese; --json keeps English plus the key', () => {
    const home = tmp();
    const file = join(home, 'cards.csv');
    writeFileSync(file, 'question,answer,id\nWhat?,This,BAD ID\n');
    const r = runCli(['import', file, '--lang', 'zh'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cards\.csv:2: 错误: id “BAD ID” 不是有效的卡片 id/);
    const json = JSON.parse(runCli(['import', file, '--json', '--lang', 'zh'], { home }).stdout) as { problems: Problem[] };
    expect(json.problems[0]).toMatchObject({
      line: 2,
      message: "id 'BAD ID' is not a valid card id",
      key: 'problem.csv.badId',
      params: { id: 'BAD ID' },
    });
  });

  it('prints errors with a full-width colon in Chinese, and refuses an empty --user (exit 2)', () => {
    const home = tmp();
    const zhRun = runCli(['--user', '', 'list', '--lang', 'zh'], { home });
    expect(zhRun.code).toBe(2);
    expect(zhRun.stderr).toBe('错误：--user 的值是空的：请给出用户名，或去掉这个选项以使用 $LLM_QUIZ_USER 或 “default”\n');
    const enRun = runCli(['list', '--user='], { home });
    expect(enRun.code).toBe(2);
    expect(enRun.stderr).toMatch(/^error: --user is empty/);
  });

  it('translates an error the store raises (settings written by a newer version)', () => {
    const home = tmp();
    const user = join(home, 'data', 'users', 'default');
    mkdirSync(user, { recursive: true });
    writeFileSync(join(user, 'settings.json'), '{"schema": 99}');
    const r = runCli(['list', '--lang', 'zh'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^错误：.*settings\.json 是由更新版本的 llm-quiz 写入的（schema 99；本版本最多读到 1）/);
  });
});
