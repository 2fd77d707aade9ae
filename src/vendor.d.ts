declare module 'write-file-atomic' {
  interface Options {
    fsync?: boolean;
    mode?: number;
    encoding?: BufferEncoding;
  }
  function sync(file: string, data: string | Buffer, options?: Options): void;
  const writeFileAtomic: { sync: typeof sync };
  export default writeFileAtomic;
}

declare module 'marked-terminal' {
  import type { MarkedExtension } from 'marked';
  export function markedTerminal(options?: Record<string, unknown>, highlightOptions?: Record<string, unknown>): MarkedExtension;
}
