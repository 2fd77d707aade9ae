// Bundles src/main.ts into dist/ (ESM, code-split so each command loads only what it needs).
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  metafile: true,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // Lighter stand-ins for two of marked-terminal's imports (see the comments in each file).
  alias: {
    'cli-highlight': './src/ui/highlight.ts',
    'node-emoji': './src/ui/no-emoji.ts',
  },
  define: {
    __filename: '__llmq_filename',
    __dirname: '__llmq_dirname',
    // The cache of parsed decks is invalidated by a new build, not only by a new version.
    __LLM_QUIZ_VERSION__: JSON.stringify(`${JSON.parse(readFileSync('package.json', 'utf8')).version}+${Date.now()}`),
  },
  logLevel: 'warning',
  // Bundled CommonJS code calls require() and reads __filename/__dirname, which ESM lacks. The
  // banner provides them under private names and `define` points the free identifiers at them, so
  // a bundled ESM package that declares its own __dirname does not clash with ours.
  banner: {
    js: [
      "import { createRequire as __llmqCreateRequire } from 'node:module';",
      "import { fileURLToPath as __llmqFileURLToPath } from 'node:url';",
      "import { dirname as __llmqDirname } from 'node:path';",
      'const require = __llmqCreateRequire(import.meta.url);',
      'const __llmq_filename = __llmqFileURLToPath(import.meta.url);',
      'const __llmq_dirname = __llmqDirname(__llmq_filename);',
    ].join(' '),
  },
});
// sql.js's loader, bundled into a chunk, looks for its WebAssembly beside that chunk (`__dirname`).
copyFileSync(
  createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'),
  new URL('../dist/sql-wasm.wasm', import.meta.url),
);
// Which modules each chunk holds: the start-up test checks that cheap commands never load heavy ones.
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
// The man page is generated from the help texts of the CLI just built, so it never disagrees with them.
await import('./man.mjs');
