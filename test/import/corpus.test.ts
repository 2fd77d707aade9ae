// The real-world corpus (test/fixtures/real, sources and licences in its README): every file is
// detected by its content, converted, and checked against what a reader of the file sees in it:
// how many cards and drafts, sampled questions and answers (checked by hand), and a ledger that
// accounts for every non-blank line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { obsidianVaultSettings } from '../../src/commands/shared/obsidian-vault.js';
import { type Converter, TEXT_CONVERTERS } from '../../src/core/import/converters.js';
import { detect } from '../../src/core/import/detect.js';
import { loneCrToLf } from '../../src/core/import/guards.js';
import { type ImportFormat, uncoveredLines } from '../../src/core/import/model.js';
import { convertQa } from '../../src/core/import/qa.js';
import { FIXTURES } from '../helpers.js';
import { roundTrip } from './helpers.js';

const REAL = join(FIXTURES, 'real');
const CONVERT: Record<string, Converter> = { ...TEXT_CONVERTERS, qa: convertQa };

/** [question, a piece of its answer ('' for a draft)], checked by reading each file. */
type Sample = [string, string];
interface Expected {
  format: ImportFormat;
  /** Notes made (a cloze note or a reversed pair counts as written in the file). */
  cards: number;
  drafts: number;
  samples: Sample[];
}

const METRICS: Sample[] = [
  // One <br> between two lines of an answer is a line break, not a new paragraph.
  ['What is the difference between precision and recall?', 'accuracy of positive predictions\\\n**Recall:** TP/(TP+FN)'],
  ['What is BLEU score?', '**Method:** N-gram overlap between prediction and reference'],
  ['What is ROUGE score?', '**Types:** ROUGE-N (n-gram), ROUGE-L (LCS), ROUGE-S (skip-gram)'],
  ['How do you evaluate language models?', '**Perplexity:** How well model predicts held-out text'],
];

const EXPECTED: Record<string, Expected> = {
  'anki-text/nlp-metrics-notes.txt': { format: 'anki', cards: 4, drafts: 0, samples: METRICS },
  // A real "Notes in Plain Text" export: guid, note type and deck columns, quoted multi-line HTML
  // tables as fields, sound references in a third field.
  'anki-text/Croatian_Spices.txt': {
    format: 'anki',
    cards: 18,
    drafts: 0,
    samples: [
      ['(mr) bosiljak', 'basil'],
      ['(mr) komorač', 'fennel'],
      ['(žr) limunska trava', 'lemongrass'],
      ['(mr) muškatni oraščić', 'nutmeg'],
      ['(mr) papar', 'pepper (spice)'],
      ['začinima', 'spices'],
    ],
  },
  'crowdanki/NLP_Evaluation_Metrics.json': { format: 'crowdanki', cards: 4, drafts: 0, samples: METRICS },
  // Subdecks, Basic and Cloze note types, HTML answers (lists, links, bold) and a picture.
  'crowdanki/public_anki_deck.json': {
    format: 'crowdanki',
    cards: 29,
    drafts: 0,
    samples: [
      ['What is the official name of Greece?', 'the **Hellenic Republic**'],
      ['What is the meaning of gable?', '- [https://en.wikipedia.org/wiki/Gable](https://en.wikipedia.org/wiki/Gable)'],
      ['The year {{c1::46 BC}} is the {{c2::longest}} calendar year', 'Ref:- https://en.wikipedia.org/wiki/46_BC'],
      ['{{c4::American Telephone and Telegraph (AT&T)::company}}', 'History_of_the_transistor'],
      ['Who is Karl Landsteiner and what did he discover about blood?', 'He discovered the four blood groups in 1901.'],
      ['A {{c1::gunnysack}} is a large, simple bag', '2. https://en.wikipedia.org/wiki/Gunny_sack'],
    ],
  },
  // Headerless tab-separated `front back tags`, the tags recognised by their shape.
  'delimited/claude-certifications.tsv': {
    format: 'anki',
    cards: 14,
    drafts: 0,
    samples: [
      ['Associate – Foundations: exam code', 'CCAO-F'],
      ['Associate – Foundations: list fee before partner discount', '$99'],
      ['Developer – Foundations: how many items', '53 items'],
      ['Developer – Foundations: lightest domain and its weight', 'Eval, testing, and debugging at 2.6%'],
      ['Developer – Foundations: who is it for', 'Engineers building on the Claude platform'],
    ],
  },
  // A Notion database exported as CSV (2anki's test file): a `Word,Meaning,Tags` header row, Japanese
  // words, one tag each; the header is not a card.
  'delimited/Japanese Words 71594f63607d440fa080879385ec0acc.csv': {
    format: 'csv',
    cards: 3,
    drafts: 0,
    samples: [
      ['お願いします', 'Please'],
      ['ありがとう', 'Thank you (impolite)'],
      ['ありがとうございます。', 'Thank you (polite)'],
    ],
  },
  // The source sheet of an open Anki deck: `expression,reading,meaning,tags`, quoted meanings with
  // commas, a `;` inside a field, space-separated tags (the reading column is left out, with a warning).
  'delimited/open-anki-jlpt-n5.csv': {
    format: 'csv',
    cards: 25,
    drafts: 0,
    samples: [
      ['ああ', 'Ah!, Oh!'],
      ['会う', 'to meet, to see'],
      ['足; 脚', 'foot; leg'],
      ['明るい', 'bright (in reference to personality or weather); cheerful'],
      ['暖かい', 'warm'],
      ['厚い', 'kind, warm(hearted), thick, deep'],
    ],
  },
  // A student's sheet for Quizlet import (`Question,Answer`), one long answer per line: bare quotes
  // inside unquoted fields, and a quoted field with text after its closing quote, kept as written.
  'delimited/q8-kul-quizlet.csv': {
    format: 'csv',
    cards: 12,
    drafts: 0,
    samples: [
      [
        'What is "stumblestepping" and how does it weaponize the TDX countermeasure against itself?',
        'The idea is to use the countermeasure of TDX against itself.',
      ],
      [
        'What are the benefits of using a symmetric encryption structure in the encryption module of CEASER?',
        'reduces overall hardware overhead.Here is an overview of the paper',
      ],
      ['What is a Capability Lookup Table (CLUT)', 'CLUT stands for "Capability Lookup Table" which is a piece of hardware'],
      [
        'For which conditions are hash-based algorithms preferred to protect embedded devices against PQ adversaries?',
        'Hash-based algorithms are preferred for applications that rely on a long-term public key.',
      ],
      ['What should a kernel space attacker do', '> Run multiple instances of the victim workload'],
      ['Explain the mechanism by which the described electromagnetic (EM) attack', 'A near‐field electromagnetic probe'],
    ],
  },
  // Mnemosyne's test file for a spreadsheet saved by Excel for Mac: lines end in a CR alone.
  'delimited/mnemosyne-excel-import.txt': {
    format: 'anki',
    cards: 5,
    drafts: 0,
    samples: [1, 2, 3, 4, 5].map((n): Sample => [`Question ${n}`, `Answer ${n}`]),
  },
  'delimited/nlp-metrics-semicolon.txt': { format: 'anki', cards: 4, drafts: 0, samples: METRICS },
  'delimited/nlp-metrics-tab.csv': { format: 'anki', cards: 4, drafts: 0, samples: METRICS },
  'delimited/nlp-metrics.tsv': { format: 'csv', cards: 4, drafts: 0, samples: METRICS },
  'hashcards/Art.md': {
    format: 'hashcards',
    cards: 2,
    drafts: 0,
    samples: [
      ['What is the title of this painting?\n\n![](@/thetempest.webp)', '_The Tempest_'],
      ['What is the title of this painting?\n\n![](@/jss.webp)', '_Portrait of Lady Agnew of Lochnaw_'],
    ],
  },
  'hashcards/Math.md': {
    format: 'hashcards',
    cards: 4,
    drafts: 0,
    samples: [
      ['What does $\\euler$ evaluate to?', '$0$'],
      ['State the first DeMorgan Law', '\\neg \\left( P \\land Q \\right) \\equiv \\neg P \\lor \\neg Q'],
      ['What is the inverse of a 2x2 matrix?', '\\frac{1}{ad - bc}'],
      ['What does `\\theta` render?', '$\\theta$'],
    ],
  },
  'hashcards/repeat-test.md': {
    format: 'hashcards',
    cards: 9,
    drafts: 1,
    samples: [
      ['what?', 'yes'],
      ['ping {{c1::pong}}', ''],
      ['no', 'space'],
      ['What is a Docker image?', 'A filesystem snapshot used to create a container.'],
      ['What is a Docker container?', 'A running instance of an image.'],
      // A `C:` line without a [deletion]: nothing to ask yet.
      ['use AI on this one', ''],
    ],
  },
  // `**Q1. question**` lines, each followed by a one-paragraph answer.
  'markdown-en/llm-interview-answers.md': {
    format: 'qa',
    cards: 6,
    drafts: 0,
    samples: [
      [
        'What tricks do you know for better prompts?',
        'The OpenAI and Anthropic prompt engineering guides are excellent starting references.',
      ],
      ['What is self-consistency prompting?', 'introduced by Wang et al. (2022)'],
      ['How does prompt ordering (sequence of few-shot examples) affect output quality?', 'Fantastically Ordered Prompts'],
      [
        'What is prompt chaining? When and why would you decompose a task into multiple prompts?',
        "LangChain's `SequentialChain`",
      ],
      [
        'How do structured output prompts (JSON, XML) work? Techniques to improve compliance?',
        'constrained decoding tools like Outlines or Guidance',
      ],
    ],
  },
  // A numbered question-only list under `## Part 1:` / `### 1.1 ...` headings: every question a draft.
  'markdown-en/llm-interview-questions.md': {
    format: 'qa',
    cards: 34,
    drafts: 34,
    samples: [
      ['What tricks do you know for better prompts?', ''],
      ['What is retrieval-augmented prompting vs static few-shot prompting?', ''],
      ['Explain zero-shot CoT ("Let\'s think step by step") vs few-shot CoT.', ''],
      ['How does the ReAct (Reasoning + Acting) framework work?', ''],
      ['What is the "reversal curse" in LLM reasoning?', ''],
    ],
  },
  'markdown-en/self_attention_problem.md': {
    format: 'qa',
    cards: 1,
    drafts: 1,
    samples: [['How would you implement multi-head attention?', '']],
  },
  // `### Q1 【基础】question` headings with nested-list answers and follow-ups (追问点).
  'markdown-zh/08-tokenization.md': {
    format: 'qa',
    cards: 5,
    drafts: 0,
    samples: [
      ['【基础】为什么不直接按字/词分词，要用 BPE？', '3. BPE（Byte Pair Encoding）：介于字和词之间'],
      ['【基础】BPE 的算法流程是什么？', '6. 解码时：token → 子词拼接 → 还原文本。'],
      ['【进阶】BPE、WordPiece、Unigram LM 的区别？', 'WordPiece：和 BPE 类似'],
      ['【进阶】特殊 token（如 <|im_start|>）的作用？为什么要加特殊 token？', '<|eot_id|> 表示这一轮说完了'],
      ['【实战】中文分词在 BPE 下有什么问题？怎么解决？', '专门的中文 tokenizer（如 Qwen、GLM 的中文优化 tokenizer）'],
    ],
  },
  'markdown-zh/atom01.md': {
    format: 'qa',
    cards: 6,
    drafts: 6,
    samples: [
      ['重点讲解一下langchain实际使用,比如QA系统', ''],
      ['微调步骤方法,实际的问题,微调效果', ''],
      ['QA之类的AI系统搭建之后怎么评估的', ''],
      ['之前公司模型的搭建优化是在做什么?', ''],
      ['注意力机制', ''],
      ['服务器购买的一些信息,A卡N卡的一些区别', ''],
    ],
  },
  'markdown-zh/pdd.md': {
    format: 'qa',
    cards: 11,
    drafts: 11,
    samples: [
      ['什么是zero-shot, one-shot和few-shot Learning', ''],
      ['如何多卡并行', ''],
      ['比如CNN这种调的时候超参数是哪些?', ''],
      ['训练过哪些模型', ''],
      ['大模型要训练多久,在有限ops的时候如何做到效果最好', ''],
    ],
  },
  'markdown-zh/训练与推理.md': {
    format: 'qa',
    cards: 8,
    drafts: 0,
    samples: [
      ['有哪些微调?', 'Adapter Tuning、LORA、Prefix-Tuning、Prompt Tuning、P-tuning v2'],
      // The numbered lines inside this answer's code block stay in the answer.
      ['SFT（有监督微调）的数据集格式？', '4. 数据集格式：数据集可以以文本文件'],
      ['微调需要多少条数据？', '几千到几万条数据可能已经足够'],
      ['推理速度上，int8和fp16比起来怎么样？INT4/INT8是什么意思?', 'fp16 表示浮点数的数据类型'],
      ['如何让大模型输出合规化', '数据清理和预处理=>审查和验证模型'],
    ],
  },
  // The note ends with the plugin's `+++` end marker, so its three paragraphs are one cloze
  // note with three deletions (three sibling cards), blank lines kept.
  'obsidian-sr/Cloze with blank lines.md': {
    format: 'obsidian',
    cards: 1,
    drafts: 0,
    samples: [
      [
        'Lorem ipsum dolor sit amet, consectetur adipiscing elit. {{c1::Nam efficitur et nulla vel porttitor. Nam a neque in massa egestas rutrum.}}',
        '',
      ],
      ['dignissim. {{c2::Maecenas quis semper risus}}', ''],
      ['{{c3::Vestibulum volutpat, turpis at bibendum mollis, turpis leo elementum lacus, ac finibus mi orci ac enim.}}', ''],
      ['rutrum.}} Maecenas in nu', ''],
      ['\n\nDuis eget volutpat magna.', ''],
      ['\n\nPhasellus sodales dictum erat sit amet posuere.', ''],
    ],
  },
  // A user's own vault (CC BY-SA 4.0): its plugin settings make `___` the multi-line separator, the
  // deck tag stands below the cards, and the first answer is followed by its review schedule.
  'obsidian-sr/allanhechen-vault/The Algorithm Design Manual/1. Introduction to Algorithm Design/1.3 Reasoning About Correctness.md':
    {
      format: 'obsidian',
      cards: 5,
      drafts: 0,
      samples: [
        ['What are the parts of a mathematical proof? (3)', '3. A chain of reasoning from the assumptions to the result'],
        ['What are the parts of problem specifications? (2)', '1. The allowed inputs\n2. The required outputs'],
        ['What are the traps of specifying algorithm requirements? (2)', '2. Creating compound goals'],
        ['What are the qualities of a good counterexample? (2)', '2. Simplicity\n\tRemove all unnecessary details from it.'],
        ['How to find counterexamples? (5)', '5. Seek extreme points of the inputs'],
      ],
    },
  // A vocabulary note a user's script writes for the plugin: multi-line `?` cards whose answers are
  // callouts (`>[!vocab] word`, nested `>>[!Example]`) with `<audio>` players; read as Obsidian shows them.
  'obsidian-sr/vocabulary.md': {
    format: 'obsidian',
    cards: 4,
    drafts: 0,
    samples: [
      ['to make greater, more numerous, larger, or more intense', '>**augment(verb)**\\\n>**Translations**: ergänzen'],
      [
        'To slow the tempo or meter',
        '>**Audio british**: [audio](https://assets.linguee.com/static/29c6282c/mp3/EN_UK/c5/c5343dde4ad1c4ce6e65bb8d9cc0682e-200.mp3)',
      ],
      ['to bring (as by argument) to belief, consent, or a course of action', '>**Pronunciation**: /kənˈvɪns/'],
      ['to submit (something, such as a document) to a court', '>>- She decided to exhibit her paintings in a local museum.'],
      ['a connecting structure: such as, a single ring', '>**Translations**: Verbindung, Zusammenhang, Link'],
      ['A torch, used to light dark streets.', '>>**Examples**\n>>- The bridge serves as a link between the two islands.'],
    ],
  },
  'obsidian-sr/Electric Field Diagram.md': {
    format: 'obsidian',
    cards: 1,
    drafts: 0,
    samples: [
      [
        'On an electric field diagram, what is one way that the relative field strength at different parts is represented',
        'By the length of the arrow',
      ],
    ],
  },
  'obsidian-sr/Ellipse.md': {
    format: 'obsidian',
    cards: 1,
    drafts: 0,
    samples: [['In terms of the two foci of an ellipse, define an ellipse', 'sum of the distances from any point on the curve']],
  },
  'obsidian-sr/Multiline with blank lines in answer.md': {
    format: 'obsidian',
    cards: 2,
    drafts: 0,
    samples: [
      ['List 4 AWS security related services', '| [[AWS GuardDuty]]    | Protect your AWS accounts'],
      ['List 4 AWS security related services', '| [[AWS Shield]]       | Maximize application availability'],
    ],
  },
  'org-drill/all-card.org': {
    format: 'orgdrill',
    cards: 10,
    drafts: 0,
    samples: [
      ['Simple Topic\n\nThis is the simple topic body', 'This is the simple topic body answer'],
      ['Simple Clozed\n\nThis is the {{c1::clozed}} text', ''],
      ['Clozed Text Hints\n\nThis is {{c1::clozed::with a text hint}}', ''],
      ['Two Sided\n\nThis is the two sided body\n\nFirst Side', 'This is the other side of the two side'],
      ['{{c1::one}}{{c2::two}}{{c3::three}}{{c4::four}}{{c5::five}}{{c6::six}}', ''],
    ],
  },
  // A personal org-drill file: SCHEDULED lines and DRILL_* review properties, math, web links
  // and a link to another heading of the file (kept as its text).
  'org-drill/math-drill.org': {
    format: 'orgdrill',
    cards: 5,
    drafts: 0,
    samples: [
      ['Universal arrow\n\nDefinition of universal arrow', 'its *universal arrow* is'],
      [
        'Abelian category\n\nDefinition of [abelian category](https://en.wikipedia.org/wiki/Abelian_category).',
        '3. every morphism has kernel and cokernel.',
      ],
      ['Preadditive category', 'composition is *bilinear* with the group operation'],
      ['Finite order divides maximal order in abelian groups', 'commutative group, we know that $|g^{p^b}h^m| = p^{a+b}n$'],
      ['Order of commutative products', 'Finally, $|g||h| = \\mathrm{lcm}(|h|,|g|) \\mid N$.'],
    ],
  },
  'org-drill/one-two-three.org': {
    format: 'orgdrill',
    cards: 3,
    drafts: 0,
    samples: [
      ['One', 'Body of One'],
      ['Two', 'Body of Two'],
      ['Three', 'Body of Three'],
    ],
  },
};

// Anki packages (binary) have their own test: corpus-apkg.test.ts.
const files = readdirSync(REAL, { recursive: true, withFileTypes: true })
  // A vault's `.obsidian` folder holds the plugin's settings, read for the notes below it as `import` does.
  .filter((f) => f.isFile() && f.name !== 'README.md' && !/\.(apkg|colpkg)$/.test(f.name) && !f.parentPath.includes('.obsidian'))
  .map((f) => relative(REAL, join(f.parentPath, f.name)).split('\\').join('/'))
  .sort();

describe('the real-world corpus', () => {
  it('has at least 15 files, each with its expectations below', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    expect(readFileSync(join(REAL, 'README.md'), 'utf8')).toContain('licence');
  });

  describe.each(files)('%s', (name) => {
    const want = EXPECTED[name] as Expected;
    // As `import` reads a file: line ends that are a CR alone become LF.
    const text = loneCrToLf(readFileSync(join(REAL, name), 'utf8'));
    const found = detect(name, text);
    const vault = obsidianVaultSettings(join(REAL, name));
    const r = (CONVERT[found.format as string] as Converter)(text, name, {
      ...(found.separator ? { separator: found.separator } : {}),
      ...(vault ? { obsidian: vault } : {}),
    });
    const cards = r.decks.flatMap((d) => d.cards);

    it(`is detected as ${want.format} and gives ${want.cards} notes, ${want.drafts} of them drafts`, () => {
      expect(found.format).toBe(want.format);
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(cards).toHaveLength(want.cards);
      expect(cards.filter((c) => !c.answer.trim() && !c.question.includes('{{c'))).toHaveLength(want.drafts);
      // Review schedules that flashcard tools keep in the file (`<!--SR:...-->`) are not card text.
      expect(cards.filter((c) => `${c.question}\n${c.answer}`.includes('<!--SR:'))).toEqual([]);
    });

    it('has the questions and answers a reader sees in the file', () => {
      expect(want.samples.length).toBeGreaterThanOrEqual(Math.min(5, want.cards));
      for (const [q, a] of want.samples) {
        const card = cards.find((c) => c.question.includes(q) && c.answer.includes(a));
        expect(card, `${q} → ${a}`).toBeDefined();
        if (a === '' && !q.includes('{{c')) expect(card?.answer).toBe('');
      }
    });

    it('accounts for every non-blank line in its ledger, and writes decks that read back', () => {
      expect(uncoveredLines(text, r.ledger ?? [])).toEqual([]);
      for (const d of r.decks) roundTrip(d);
    });
  });
});
