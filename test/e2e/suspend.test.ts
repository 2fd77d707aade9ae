import { describe, expect, it } from 'vitest';
import { runCli, tmp } from '../helpers.js';

const state = (home: string) =>
  (JSON.parse(runCli(['list', '--json', '--topic', 'qat'], { home }).stdout) as { id: string; suspended: boolean }[]).find(
    (r) => r.id === 'quant-ptq-vs-qat',
  )?.suspended;

describe('suspend / unsuspend', () => {
  it('suspends and brings back a card by id; unknown ids exit 1 with suggestions and change nothing', () => {
    const home = tmp();
    expect(runCli(['suspend', 'quant-ptq-vs-qat'], { home }).code).toBe(0);
    expect(state(home)).toBe(true);
    const again = runCli(['suspend', 'quant-ptq-vs-qat'], { home });
    expect(again.stdout).toMatch(/already suspended/);
    const bad = runCli(['unsuspend', 'quant-ptq-vs-qat', 'quant-ptq-vs-qt'], { home });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown card id 'quant-ptq-vs-qt'.*Did you mean: quant-ptq-vs-qat/);
    expect(state(home)).toBe(true); // nothing written when one id is wrong
    expect(runCli(['unsuspend', 'quant-ptq-vs-qat'], { home }).code).toBe(0);
    expect(state(home)).toBe(false);
  });
});
