// Property test: random mutations and truncations of valid signed lists give only typed LIST_*
// errors (never another exception, a hang or a huge allocation), and nothing that changes a
// signed byte ever verifies.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafesealError } from '../../src/errors.js';
import { parseList } from '../../src/lists/format.js';
import { KEYS, signedList, trustOf, verifyAtNow } from '../helpers/lists.js';

const RUNS = 10_000;
const LIST_CODES = new Set(['LIST_FORMAT', 'LIST_SIGNATURE', 'LIST_ROLLBACK', 'LIST_EXPIRED']);

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'u32'; at: number; value: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: position }).map((m) => m),
    fc.record({ kind: fc.constant('byte' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('u32' as const), at: position, value: fc.oneof(fc.constant(0xffffffff), fc.constant(1 << 24), fc.nat()) }),
    fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 80 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 80 }) }),
  ) as fc.Arbitrary<Mutation>,
  { minLength: 1, maxLength: 3 },
) as unknown as fc.Arbitrary<Mutation[]>;

function apply(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const m of mutations) {
    const at = Math.floor((m as { at: number }).at * (out.length + 1));
    if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'byte' && at < out.length) out[at] = m.value;
    else if (m.kind === 'u32' && at + 4 <= out.length) new DataView(out.buffer).setUint32(at, m.value);
    else if (m.kind === 'delete') out = Uint8Array.of(...out.subarray(0, at), ...out.subarray(at + m.length));
    else if (m.kind === 'insert') out = Uint8Array.of(...out.subarray(0, at), ...m.bytes, ...out.subarray(at));
  }
  return out;
}

describe('list verification under random mutation', () => {
  it(`${RUNS} mutations and truncations give only typed errors; signed bytes never change silently`, async () => {
    const good = await signedList(KEYS.slice(0, 3)); // 3 signatures, k = 2: one may break and it still verifies
    const signedLength = parseList(good).headerBytes.length + parseList(good).body.length;
    const trust = trustOf(KEYS.slice(0, 3));
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (mutations) => {
        const bytes = apply(good, mutations);
        try {
          const { list } = await verifyAtNow(bytes, { trust });
          // Verified: then header and entries must be exactly the signed ones.
          expect(Buffer.from(bytes.subarray(0, signedLength)).equals(Buffer.from(good.subarray(0, signedLength)))).toBe(true);
          expect(list.id).toBe('test-list');
        } catch (e) {
          if (!isSafesealError(e) || !LIST_CODES.has(e.code)) throw e;
          refused++;
        }
      }),
      { numRuns: RUNS, seed: 20260128 },
    );
    expect(refused).toBeGreaterThan(RUNS * 0.9);
  });
});
