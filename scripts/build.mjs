// Bundles src/main.ts into dist/ (ESM, code-split so each command loads only what it needs).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __llmQuizCreateRequire } from 'node:module'; const require = __llmQuizCreateRequire(import.meta.url);",
  },
});
