// Hex form and Hamming distance of PDQ hashes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hammingDistance, hashToHex, hexToHash } from '../../src/pdq/index.js';
import { popcount32 } from '../../src/pdq/hash256.js';

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hashToHex);

describe('hammingDistance', () => {
  it('counts differing bits (property: equals a bit-by-bit count)', () => {
    fc.assert(
      fc.property(hex64, hex64, (a, b) => {
        let slow = 0;
        for (let i = 0; i < 64; i++) {
          let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
          while (x) {
            slow += x & 1;
            x >>= 1;
          }
        }
        expect(hammingDistance(a, b)).toBe(slow);
        expect(hammingDistance(hexToHash(a), b)).toBe(slow);
      }),
      { numRuns: 500 },
    );
  });

  it('is 256 between complements and ignores hex case', () => {
    expect(hammingDistance('0'.repeat(64), 'f'.repeat(64))).toBe(256);
    expect(hammingDistance('F'.repeat(64), 'f'.repeat(64))).toBe(0);
  });

  it('round-trips hex and rejects anything but 64 hex digits or 32 bytes', () => {
    fc.assert(
      fc.property(hex64, (h) => {
        expect(hashToHex(hexToHash(h))).toBe(h);
      }),
    );
    for (const bad of ['', 'g'.repeat(64), '0'.repeat(63), '0'.repeat(65), 42, null, new Uint8Array(31)]) {
      expect(() => hammingDistance(bad as string, '0'.repeat(64))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      expect(() => hammingDistance('0'.repeat(64), bad as string)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('popcount32 matches a naive count', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (x) => {
        expect(popcount32(x)).toBe((x >>> 0).toString(2).replace(/0/g, '').length);
      }),
    );
  });
});
