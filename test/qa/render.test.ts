// Regressions found in the QA bug bash: rendering of answers and of the study screen.
import { describe, expect, it } from 'vitest';
import { type CardScreen, layoutCard } from '../../src/ui/card-screen.js';
import { renderMarkdown } from '../../src/ui/markdown.js';
import { setLang } from '../../src/ui/messages.js';
import { width } from '../../src/ui/term.js';

describe('list items in answers', () => {
  it('render bold, code and emphasis instead of showing the Markdown marks', () => {
    const out = renderMarkdown('1. **预训练 (pretraining)**: next-token `loss` on *raw* text\n2. second\n\n- **SFT** item', 60);
    expect(out).toContain('预训练 (pretraining): next-token loss on raw text');
    expect(out).toContain('SFT item');
    expect(out).not.toMatch(/\*\*|`|\*raw\*/);
  });
});

describe('paragraphs wrapped in the deck source', () => {
  it('are reflowed to the terminal width instead of keeping the source line breaks', () => {
    const md =
      'This paragraph is hard-wrapped in the deck file at about seventy-five columns\nso the next source line starts here and goes on.\n\n' +
      '先澄清：最早的 GPT-1 只有两阶段（无监督预训练 + 有监督任务微调）。面试里的三步指的是\n训练流程的三个阶段。\n\nhard  \nbreak';
    const lines = renderMarkdown(md, 60).split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'This paragraph is hard-wrapped in the deck file at about',
      'seventy-five columns so the next source line starts here and',
    ]);
    // CJK lines join without a space; no short stub line where the source broke.
    expect(lines).toContain('调）。面试里的三步指的是训练流程的三个阶段。');
    // A Markdown hard break stays a line break.
    expect(lines.slice(-2)).toEqual(['hard', 'break']);
  });
});

function screen(over: Partial<CardScreen>): CardScreen {
  return {
    header: 'deck · topic',
    position: '1/1',
    counts: { new: 1, learning: 0, review: 0 },
    question: 'What is attention?',
    answer: () => '',
    keyPoints: () => [],
    intervals: { 1: '1m', 2: '6m', 3: '10m', 4: '9d' },
    draft: false,
    typedMode: false,
    canUndo: false,
    width: 60,
    rows: 15,
    ...over,
  };
}

describe('study screen of a draft card', () => {
  it.each(['en', 'zh'] as const)('wraps the "no answer yet" line to the width (%s)', (lang) => {
    setLang(lang);
    try {
      for (const w of [40, 60, 80]) {
        const { body, footer } = layoutCard(screen({ draft: true, width: w }), { revealed: true, help: false, typed: '' });
        for (const line of [...body, ...footer]) expect(width(line), line).toBeLessThanOrEqual(w);
      }
    } finally {
      setLang('en');
    }
  });
});
