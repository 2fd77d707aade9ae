/**
 * Opens an Anki package (`.apkg`, `.colpkg`): a zip holding the collection (SQLite; the newest
 * packages compress it with zstd as `collection.anki21b`) and the media files with their names
 * (`media`: JSON in older packages, a zstd-compressed protobuf list in newer ones). SQLite is read
 * with sql.js (WebAssembly: no native build), zstd with fzstd, zip with fflate.
 */
import { unzipSync } from 'fflate';
import { decompress } from 'fzstd';
import type { ApkgData, QueryResult } from '../core/import/apkg.js';

/** Largest collection read once unpacked: far above 100,000 notes. */
export const MAX_COLLECTION_BYTES = 512 * 1024 * 1024;
/** Largest single media file copied. */
export const MAX_MEDIA_BYTES = 64 * 1024 * 1024;

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const isZstd = (b: Uint8Array) => ZSTD_MAGIC.every((x, i) => b[i] === x);

interface SqlDatabase {
  exec(sql: string): QueryResult[];
  close(): void;
}
interface SqlJs {
  Database: new (data?: Uint8Array) => SqlDatabase;
}
let sqlJs: Promise<SqlJs> | undefined;

/**
 * sql.js, loaded on first use. The build bundles its WebAssembly build (dist/sql-wasm.js) into a
 * chunk of its own and copies sql-wasm.wasm beside it, where its loader looks (`__dirname`), so the
 * published package does not depend on sql.js (31 MB of builds, of which this one file is used).
 */
function loadSqlJs(): Promise<SqlJs> {
  sqlJs ??= import('sql.js/dist/sql-wasm.js').then((m) => (m.default as () => Promise<SqlJs>)());
  return sqlJs;
}

/** Reads a protobuf varint at `pos`; returns the value and the next position. */
function varint(b: Uint8Array, pos: number): [number, number] {
  let v = 0;
  let mul = 1;
  let p = pos;
  while (p < b.length) {
    const byte = b[p++] as number;
    v += (byte & 0x7f) * mul;
    if (byte < 0x80) break;
    mul *= 128;
    if (mul > 2 ** 49) break;
  }
  return [v, p];
}

/** The media list of a newer package: `MediaEntries { repeated MediaEntry entries = 1 }`, `MediaEntry { string name = 1; ... uint32 legacy_zip_filename = 255 }`. */
export function parseMediaEntries(b: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  let index = 0;
  const dec = new TextDecoder();
  while (pos < b.length) {
    let tag: number;
    [tag, pos] = varint(b, pos);
    const wire = tag & 7;
    if (wire === 2) {
      let len: number;
      [len, pos] = varint(b, pos);
      const end = Math.min(b.length, pos + len);
      if (tag >>> 3 === 1) {
        let name = '';
        let legacy: number | undefined;
        let p = pos;
        while (p < end) {
          let t: number;
          [t, p] = varint(b, p);
          if ((t & 7) === 2) {
            let l: number;
            [l, p] = varint(b, p);
            if (t >>> 3 === 1) name = dec.decode(b.subarray(p, p + l));
            p += l;
          } else if ((t & 7) === 0) {
            let v: number;
            [v, p] = varint(b, p);
            if (t >>> 3 === 255) legacy = v;
          } else break;
        }
        out.set(String(legacy ?? index), name);
        index++;
      }
      pos = end;
    } else if (wire === 0) [, pos] = varint(b, pos);
    else break;
  }
  return out;
}

export interface OpenedApkg {
  data: ApkgData;
  /** The bytes of media file `key` (its number in the package), or undefined. */
  mediaBytes(key: string): Uint8Array | undefined;
  close(): void;
}

/** Opens a package; a string is the reason it could not be read. */
export async function openApkg(bytes: Uint8Array): Promise<OpenedApkg | string> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) =>
        /^(collection\.anki2|collection\.anki21|collection\.anki21b|media)$/.test(f.name) &&
        f.originalSize <= MAX_COLLECTION_BYTES,
    });
  } catch (e) {
    return `not a zip file (${(e as Error).message})`;
  }
  const collection = ['collection.anki21b', 'collection.anki21', 'collection.anki2'].find((n) => files[n]);
  const raw = collection ? files[collection] : undefined;
  if (!collection || !raw) return 'no collection inside (collection.anki2, collection.anki21 or collection.anki21b)';
  let db: Uint8Array;
  try {
    db = isZstd(raw) ? decompress(raw) : raw;
  } catch (e) {
    return `the collection cannot be decompressed (${(e as Error).message})`;
  }
  if (db.length > MAX_COLLECTION_BYTES) return 'the collection is too large';
  const media = new Map<string, string>();
  const m = files.media;
  if (m && m.length > 0) {
    try {
      if (isZstd(m)) for (const [k, v] of parseMediaEntries(decompress(m))) media.set(k, v);
      else
        for (const [k, v] of Object.entries(JSON.parse(new TextDecoder().decode(m)) as Record<string, unknown>))
          media.set(k, String(v));
    } catch {
      // An unreadable media list only loses the pictures.
    }
  }
  const SQL = await loadSqlJs();
  let database: SqlDatabase;
  try {
    database = new SQL.Database(db);
    database.exec('SELECT count(*) FROM sqlite_master');
  } catch (e) {
    return `the collection is not an SQLite database (${(e as Error).message})`;
  }
  return {
    data: { query: (sql) => database.exec(sql), media, collection },
    mediaBytes: (key) => {
      try {
        const got = unzipSync(bytes, { filter: (f) => f.name === key && f.originalSize <= MAX_MEDIA_BYTES });
        return got[key];
      } catch {
        return undefined;
      }
    },
    close: () => database.close(),
  };
}
