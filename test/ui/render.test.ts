import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/ui/markdown.js';
import { width } from '../../src/ui/term.js';
import { convertMathInMarkdown, texToUnicode } from '../../src/ui/tex.js';
import { wrapText } from '../../src/ui/wrap.js';

describe('texToUnicode', () => {
  it.each([
    ['h_{t-1}', 'hₜ₋₁'],
    ['x^2', 'x²'],
    ['\\frac{QK^\\top}{\\sqrt{d_k}}', 'QKᵀ/√dₖ'],
    ['\\hat{m}_t = \\frac{m_t}{1-\\beta_1^t}', 'm̂ₜ = mₜ/(1−β₁ᵗ)'],
    ['\\sum_{i=1}^{n} x_i', '∑ᵢ₌₁ⁿ xᵢ'],
    ['\\mathbb{E}[x] \\le \\infty', '𝔼[x] ≤ ∞'],
    ['x^{(i)}', 'x⁽ⁱ⁾'],
    ['W_{\\text{out}}', 'Wₒᵤₜ'],
    ['\\sigma(W_f \\cdot [h_{t-1}, x_t] + b_f)', 'σ(W_f · [hₜ₋₁, xₜ] + b_f)'],
    // Spaces after a control word belong to it (issue 15: "Δ W", "d× r" in the LoRA card).
    ['\\Delta W=0', 'ΔW=0'],
    ['B\\in\\mathbb{R}^{d\\times r}', 'B∈ℝ^(d×r)'],
    ['a \\le b', 'a ≤ b'],
    // The LoRA update: a thin space, not the letters run together (`α/rBAx`).
    ['h=W_0x+(\\alpha/r)\\,BAx', 'h=W₀x+(α/r) BAx'],
  ])('%s → %s', (src, out) => {
    expect(texToUnicode(src)).toBe(out);
  });

  it('keeps the source of what it cannot convert instead of mangling it', () => {
    expect(texToUnicode('\\begin{pmatrix}a & b\\end{pmatrix}')).toBe('\\begin{pmatrix}a & b\\end{pmatrix}');
    expect(texToUnicode('\\unknownmacro{x}_1')).toBe('\\unknownmacro{x}_1');
    expect(texToUnicode('\\frac{a}{b')).toBe('\\frac{a}{b');
  });
});

describe('convertMathInMarkdown', () => {
  it('converts inline and display math but not code, and not dollar amounts', () => {
    const md = 'cost $5 and $10; state $h_{t-1}$ and `$x_1$`\n\n$$x^2$$\n\n```\n$a_b$\n```';
    const out = convertMathInMarkdown(md);
    expect(out).toContain('cost $5 and $10');
    expect(out).toContain('state hₜ₋₁ and `$x_1$`');
    expect(out).toContain('\u00a0\u00a0x²');
    expect(out).toContain('```\n$a_b$\n```');
  });

  it('shows an unconvertible inline formula as code, dollars included', () => {
    expect(convertMathInMarkdown('see $\\foo{x}$ here')).toBe('see `$\\foo{x}$` here');
  });
});

describe('wrapText', () => {
  it('wraps Chinese by display width, never past the limit, without losing characters', () => {
    const zh = '注意力机制让序列中的每个位置都能直接关注其他所有位置，因此长距离依赖的路径长度是常数。'.repeat(3);
    const out = wrapText(zh, 40);
    for (const l of out.split('\n')) expect(width(l)).toBeLessThanOrEqual(40);
    expect(out.replace(/\n/g, '')).toBe(zh);
    // Closing punctuation never starts a line.
    for (const l of out.split('\n').slice(1)) expect(l[0]).not.toMatch(/[，。]/);
  });

  it('breaks English at spaces and carries colour across lines', () => {
    const text = `\u001B[31m${'word '.repeat(30).trim()}\u001B[39m`;
    const lines = wrapText(text, 20).split('\n');
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(20);
    expect(lines[1]?.startsWith('\u001B[31m')).toBe(true);
    expect(lines.every((l) => !/^ | $/.test(l.replace(/\u001B\[[0-9;]*m/g, '')))).toBe(true);
  });
});

describe('renderMarkdown', () => {
  it('a list item whose text is followed by a code block keeps them on separate lines (issue 15: one paragraph)', () => {
    const out = renderMarkdown('1. pack them:\n   ```python\n   x = pack(seqs)\n   ```\n2. mask', 80).replace(
      /\u001B\[[0-9;]*m/g,
      '',
    );
    expect(out).toMatch(/^ {2}1\. pack them:$/m);
    expect(out).toMatch(/^ +x = pack\(seqs\)$/m);
    expect(out).not.toContain('pack them:  x');
  });

  it('an ordered list that goes on after a code block keeps its numbers (issue 15: it restarted at 1)', () => {
    const out = renderMarkdown('1. pad\n2. pack:\n\n```python\nx = 1\n```\n\n3. mask\n4. bucket', 80).replace(
      /\u001B\[[0-9;]*m/g,
      '',
    );
    expect(out).toMatch(/^ {2}3\. mask$/m);
    expect(out).toMatch(/^ {2}4\. bucket$/m);
    expect(out).not.toMatch(/^ {2}1\. mask$/m);
  });

  const md = [
    '**自注意力 (self-attention)** 的输出是 $\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V$，其中每一行都是对所有位置的值向量的加权平均，权重由查询与键的相似度决定。',
    '',
    '```python',
    'scores = q @ k.transpose(-2, -1) / math.sqrt(d_k)  # (batch, heads, seq, seq) a long comment line',
    '```',
    '',
    '| 方法 | 说明 |',
    '|---|---|',
    '| 训练后量化 (PTQ) | 不需要重新训练，只用少量校准数据确定量化参数，速度快但低比特时精度下降明显 |',
    '| QAT | 训练中插入伪量化 |',
    '',
    '- 要点一：$h_{t-1}$',
  ].join('\n');

  it('never produces a line wider than the terminal, at 80 and at 50 columns', () => {
    for (const w of [80, 50]) {
      const out = renderMarkdown(md, w).replace(/\u001B\[[0-9;]*m/g, '');
      for (const l of out.split('\n')) expect(width(l), l).toBeLessThanOrEqual(w);
      expect(out).toContain('softmax(QKᵀ/√dₖ)V');
      expect(out).toContain('hₜ₋₁');
      expect(out).toContain('scores = q @ k');
      expect(out).toContain('训练后量化');
    }
  });
});

describe('hanging indent', () => {
  it('continuation lines of a list item line up under its text, within the width', () => {
    const item = '  * 这是一个很长的列表项，用来测试续行是否会缩进到列表文字的下方，而不是回到第一列，这样读起来更清楚。';
    const lines = wrapText(item, 40).split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines.slice(1)) expect(l.startsWith('    ') && !l.startsWith('     ')).toBe(true);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(40);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(4))).join('')).toBe(item);
  });
});
