import writeFileAtomic from 'write-file-atomic';

/** Replaces a file atomically: temp file in the same folder, fsync, rename. */
export function atomicWrite(file: string, text: string): void {
  writeFileAtomic.sync(file, text, { fsync: true });
}
