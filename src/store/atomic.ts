import writeFileAtomic from 'write-file-atomic';

/** Replaces a file atomically: temp file in the same folder, fsync, rename. */
export function atomicWrite(file: string, text: string): void {
  writeFileAtomic.sync(file, text, { fsync: true });
}

/** The same for bytes (media files copied by an import). */
export function atomicWriteBytes(file: string, bytes: Uint8Array): void {
  writeFileAtomic.sync(file, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fsync: true });
}
