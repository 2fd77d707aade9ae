import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The same stand-ins as the bundle (scripts/build.mjs): tests render code with the highlighter
// users run, not cli-highlight (190 languages; a 9,600-character line took 5 s with it).
const alias = {
  'cli-highlight': fileURLToPath(new URL('./src/ui/highlight.ts', import.meta.url)),
  'node-emoji': fileURLToPath(new URL('./src/ui/no-emoji.ts', import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { NO_COLOR: '1', TZ: 'UTC' },
    // marked-terminal is inlined (transformed by vite, not loaded by Node) so that its imports of
    // cli-highlight and node-emoji reach the aliases above.
    server: { deps: { inline: ['marked-terminal'] } },
  },
});
