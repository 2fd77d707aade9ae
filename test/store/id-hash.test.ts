import { describe, expect, it } from 'vitest';
import { CompactIds, hashOf } from '../../src/store/id-hash.js';

describe('the hash of a compact id', () => {
  it('is the hash of the id written out, for times at every digit boundary and any number', () => {
    const ids = new CompactIds('laptop-3f9a1c');
    const times = [0, 1, 35, 36, 36 ** 5 - 1, 36 ** 5, 36 ** 5 + 1, 36 ** 6, 1_746_090_000_000, 253_402_300_799_999];
    for (const t of times) {
      for (const n of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xff2de02d]) {
        const id = `laptop-3f9a1c-${t.toString(36)}-${n.toString(16).padStart(8, '0')}`;
        expect([ids.hash(t, n), ids.digits]).toEqual([hashOf(id), t.toString(36).length]);
      }
    }
  });
});
