// Start-up discipline: commands that neither render Markdown nor prompt must not load
// marked-terminal, marked, highlight.js or the prompt library. Checked on the real bundle's
// module graph (esbuild's metafile), following static imports only: dynamic imports load lazily.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

interface Meta {
  outputs: Record<string, { entryPoint?: string; imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }>;
}

const HEAVY = ['node_modules/marked-terminal/', 'node_modules/marked/', 'node_modules/highlight.js/', 'node_modules/@inquirer/'];

function loadedModules(meta: Meta, entry: string): string[] {
  const byEntry = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === entry);
  if (!byEntry) throw new Error(`no chunk for ${entry}`);
  const seen = new Set<string>();
  const stack = ['dist/main.js', byEntry[0]];
  while (stack.length) {
    const out = stack.pop() as string;
    if (seen.has(out)) continue;
    seen.add(out);
    for (const i of meta.outputs[out]?.imports ?? [])
      if (i.kind === 'import-statement' && i.path.startsWith('dist/')) stack.push(i.path);
  }
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {}));
}

describe('start-up', () => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as Meta;

  // export is left out: its Anki format renders Markdown to HTML with marked.
  it.each(['list', 'topics', 'check', 'users', 'config', 'import', 'stats'])(
    '%s loads no Markdown renderer or prompt library',
    (cmd) => {
      const mods = loadedModules(meta, `src/commands/${cmd}.ts`);
      expect(mods.length).toBeGreaterThan(5);
      for (const h of HEAVY) expect(mods.filter((m) => m.includes(h))).toEqual([]);
    },
  );

  it('study does load them (so the check above can tell)', () => {
    const staticOnly = loadedModules(meta, 'src/commands/study.ts');
    expect(staticOnly.some((m) => m.includes('node_modules/marked'))).toBe(false); // lazily, after the cheap checks
    const screen = loadedModules(meta, 'src/ui/markdown.ts');
    expect(screen.some((m) => m.includes('node_modules/marked-terminal/'))).toBe(true);
  });
});
