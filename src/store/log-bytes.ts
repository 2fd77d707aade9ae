/** Reading a log's bytes: its header (first line) and its tail from an offset. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { naming } from './fs-errors.js';

/** The header of a log (its first line), or undefined when it has none (edited by hand). */
export function readHeader(file: string): { schema: number; device: string } | undefined {
  const head = readHead(file, 4096);
  const nl = head.indexOf(10);
  return parseHeader(head.toString('utf8', 0, nl < 0 ? head.length : nl));
}

export function parseHeader(line: string): { schema: number; device: string } | undefined {
  try {
    const o = JSON.parse(line) as Record<string, unknown> | null;
    if (o?.type !== 'header' || typeof o.schema !== 'number') return undefined;
    return { schema: o.schema, device: typeof o.device === 'string' ? o.device : '' };
  } catch {
    return undefined;
  }
}

/** Reads the bytes of a file from an offset to its end. */
export function readTail(file: string, offset: number): Buffer {
  return naming(file, () => readBytes(file, offset, Number.POSITIVE_INFINITY));
}

function readHead(file: string, max: number): Buffer {
  return naming(file, () => readBytes(file, 0, max));
}

function readBytes(file: string, offset: number, max: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    if (fstatSync(fd).size < offset) throw new Error('log shrank');
    return readFd(fd, offset, max);
  } finally {
    closeSync(fd);
  }
}

/** The bytes of an open file from an offset to its end (at most `max`). */
export function readFd(fd: number, offset: number, max = Number.POSITIVE_INFINITY): Buffer {
  const len = Math.max(0, Math.min(max, fstatSync(fd).size - offset));
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** The device a log's compact rows belong to: its header's, else its file name's. */
export function logDevice(header: { device: string } | undefined, file: string): string {
  return header?.device || basename(file).replace(/\.jsonl$/, '');
}
