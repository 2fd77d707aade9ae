import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { checkLayers, checkSizes } from '../../scripts/check-layers.mjs';
import { ROOT, tmp } from '../helpers.js';

function tree(files: Record<string, string>): string {
  const src = tmp();
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(src, rel)), { recursive: true });
    writeFileSync(join(src, rel), text);
  }
  return src;
}

describe('layer check', () => {
  it('passes on the real source tree', () => {
    expect(checkLayers(join(ROOT, 'src'))).toEqual([]);
  });

  it('names every import that runs back up the layers, static, re-exported or dynamic', () => {
    const src = tree({
      'core/a.ts':
        "import { x } from '../store/b.js';\nimport { readFileSync } from 'node:fs';\nconst m = await import('../ui/c.js');\n",
      'store/b.ts': "export { y } from '../commands/list.js';\n",
      'ui/c.ts': "import type { Z } from '../store/b.js';\n",
      'commands/list.ts': "import {\n  a,\n  b,\n} from './study.js';\nimport { c } from './shared/ctx.js';\n",
      'commands/study.ts': "const { r } = await import('./list.js');\n",
      'commands/shared/ctx.ts': "import { q } from '../study.js';\nimport { p } from '../../core/a.js';\n",
    });
    const found = (checkLayers(src) as string[]).map((l) => l.split(': ').slice(0, 2).join(' → ')).sort();
    expect(found).toEqual([
      'src/commands/list.ts → ./study.js',
      'src/commands/shared/ctx.ts → ../study.js',
      'src/commands/study.ts → ./list.js',
      'src/core/a.ts → ../store/b.js',
      'src/core/a.ts → ../ui/c.js',
      'src/core/a.ts → node:fs',
      'src/store/b.ts → ../commands/list.js',
      'src/ui/c.ts → ../store/b.js',
    ]);
  });

  it('allows the downward imports: commands to shared, ui, store and core; store and ui to core', () => {
    const src = tree({
      'core/a.ts': "import { createHash } from 'node:crypto';\nimport { UserError } from '../errors.js';\n",
      'store/b.ts': "import { a } from '../core/a.js';\nimport { readFileSync } from 'node:fs';\n",
      'ui/c.ts': "import { a } from '../core/a.js';\n",
      'commands/list.ts':
        "import { b } from '../store/b.js';\nimport { c } from '../ui/c.js';\nimport { s } from './shared/s.js';\n",
      'commands/shared/s.ts': "import { b } from '../../store/b.js';\n",
    });
    expect(checkLayers(src)).toEqual([]);
  });
});

describe('size check', () => {
  it('passes on the real source tree: no store file over 250 lines, runStudy under 60', () => {
    expect(checkSizes(join(ROOT, 'src'))).toEqual([]);
  });

  it('names a store file over 250 lines and a runStudy of 60 lines or more', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const x${i} = ${i};`).join('\n');
    const src = tree({
      'store/small.ts': `${'// line\n'.repeat(250)}`,
      'store/big.ts': `${'// line\n'.repeat(251)}`,
      'commands/study.ts': `export async function runStudy(o: O): Promise<number> {\n${body(58)}\n}\n`,
    });
    const problems = checkSizes(src);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/src\/store\/big\.ts: 251 lines/);
    expect(problems[1]).toMatch(/runStudy is 60 lines/);
    writeFileSync(join(src, 'commands/study.ts'), `export async function runStudy(o: O): Promise<number> {\n${body(57)}\n}\n`);
    expect(checkSizes(src)).toHaveLength(1);
  });
});
