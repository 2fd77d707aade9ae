declare module 'marked-terminal' {
  import type { MarkedExtension } from 'marked';
  export function markedTerminal(options?: Record<string, unknown>, highlightOptions?: Record<string, unknown>): MarkedExtension;
}

// highlight.js 10 ships types for its main entry only; these deep imports are its core and grammars.
declare module 'highlight.js/lib/core.js' {
  import hljs from 'highlight.js';
  export default hljs;
}
declare module 'highlight.js/lib/languages/*.js' {
  import type { LanguageFn } from 'highlight.js';

  const lang: LanguageFn;
  export default lang;
}
// sql.js's WebAssembly build, imported by path so the bundle takes exactly this file (store/apkg-file.ts types it).
declare module 'sql.js/dist/sql-wasm.js' {
  const initSqlJs: () => Promise<unknown>;
  export default initSqlJs;
}
