// Bundles the CLI into dist/: main.cjs (every module of src/, one CommonJS file) and boot.cjs
// (what bin/ runs: it loads main.cjs through a V8 code cache, see src/boot.ts). CommonJS and not
// ESM because Node 20 can only cache the compiled code of a classic script (vm.Script); a single
// file because esbuild splits only ESM. Modules a command does not need are still not run: every
// lazily imported module is wrapped and evaluated on first use, as a split chunk would be loaded.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  define: {
    // The caches (parsed decks, compiled code) are invalidated by a new build, not only by a new version.
    __LLM_QUIZ_VERSION__: JSON.stringify(`${JSON.parse(readFileSync('package.json', 'utf8')).version}+${Date.now()}`),
    // CommonJS has no import.meta: the few modules that ask for their own URL get the bundle's.
    'import.meta.url': '__llmq_url',
  },
  banner: { js: "const __llmq_url = require('node:url').pathToFileURL(__filename).href;" },
};
const result = await build({
  ...common,
  metafile: true,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.cjs',
  sourcemap: 'linked',
  // import() of what is not bundled (node:readline…) becomes require(): boot.cjs runs the bundle as
  // a vm.Script, and a script read back from a code cache has no dynamic-import callback.
  supported: { 'dynamic-import': false },
  // Lighter stand-ins for two of marked-terminal's imports (see the comments in each file).
  alias: {
    'cli-highlight': './src/ui/highlight.ts',
    'node-emoji': './src/ui/no-emoji.ts',
  },
});
await build({ ...common, entryPoints: ['src/boot.ts'], outfile: 'dist/boot.cjs' });
// sql.js's loader, bundled into main.cjs, looks for its WebAssembly beside it (`__dirname`).
copyFileSync(
  createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'),
  new URL('../dist/sql-wasm.wasm', import.meta.url),
);
// Which modules import which: the start-up test checks that cheap commands never run heavy ones.
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
// The man page is generated from the help texts of the CLI just built, so it never disagrees with them.
await import('./man.mjs');
