// The MIH index returns exactly what a brute-force scan returns: on random lists and queries
// (uniform and balanced hashes, planted neighbours at distances 0..40 including exactly 31 and 32,
// some lists with a cluster of > 255 hashes sharing their first 128 bits), at thresholds across
// probe radii 0, 1, 2 and the linear fallback — for the 16 × 16 layout of lists up to 2^22 entries
// and the wide layout of larger ones (pdq-wide.ts: 11 chunks of 23–24 bits, trailing bits located
// by the slot records, dense slots read whole, the generalised pigeonhole's mixed radii), forced
// here on small lists, real parameters and scaled-down ones with many entries per slot.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildList } from '../../src/lists/build.js';
import { parseList } from '../../src/lists/format.js';
import { indexEntries } from '../../src/lists/loaded-list.js';
import { hashWords, indexLayout, PdqIndex, PDQ_WORDS, type IndexLayout } from '../../src/lists/pdq-index.js';
import { hammingDistance } from '../../src/pdq/hash256.js';

const RUNS = 1_000;

/** A hash at exactly `distance` bits from `h`: flips distinct bit positions chosen by `picks`. */
function atDistance(h: Uint8Array, distance: number, picks: number[]): Uint8Array {
  const out = h.slice();
  const bits = Array.from({ length: 256 }, (_, i) => i);
  for (let k = 0; k < distance; k++) {
    const j = k + (picks[k % picks.length] % (256 - k));
    [bits[k], bits[j]] = [bits[j], bits[k]];
    out[bits[k] >> 3] ^= 1 << (bits[k] & 7);
  }
  return out;
}

/**
 * A hash at exactly `distance` bits from `h` with the flips spread evenly over the 16 chunks: the
 * hardest case for MIH (at 31 only one chunk is within 1 bit).
 */
function spreadAtDistance(h: Uint8Array, distance: number, offset: number): Uint8Array {
  const out = h.slice();
  for (let k = 0; k < distance; k++) {
    const chunk = k % 16;
    const bit = (Math.floor(k / 16) * 7 + offset + chunk) % 16; // distinct within a chunk: 7 is coprime to 16
    out[2 * chunk + (bit >> 3)] ^= 1 << (bit & 7);
  }
  return out;
}

/**
 * A hash at exactly `threshold` bits from `h` that only chunk `only` can find: by the generalised
 * pigeonhole (threshold = m·quot + rest; rest + 1 chunks, widest first, probed at radius quot, the
 * others at quot − 1), every chunk gets one flip more than its radius except `only`, which gets
 * exactly its radius. Flip positions inside each chunk come from `picks` (slot or trailing bits).
 * Returns undefined when the index would scan instead (quot > 2).
 */
function tightNeighbour(h: Uint8Array, widths: readonly number[], threshold: number, only: number, picks: number[]): Uint8Array | undefined {
  const m = widths.length;
  const quot = Math.floor(threshold / m);
  const rest = threshold - quot * m;
  if (quot > 2) return undefined;
  const byWidth = widths.map((_, c) => c).sort((a, b) => widths[b] - widths[a] || a - b);
  const out = h.slice();
  let start = 0;
  for (let c = 0; c < m; c++) {
    const radius = byWidth.indexOf(c) <= rest ? quot : quot - 1;
    const flips = c === only ? radius : radius + 1;
    const bits = Array.from({ length: widths[c] }, (_, i) => i);
    for (let k = 0; k < flips; k++) {
      const j = k + (picks[(c + k) % picks.length] % (widths[c] - k));
      [bits[k], bits[j]] = [bits[j], bits[k]];
      const bit = start + bits[k];
      out[bit >> 3] ^= 0x80 >> (bit & 7);
    }
    start += widths[c];
  }
  return out;
}

/** A hash with exactly 128 ones, like a real PDQ hash. */
function balanced(seed: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  const bits = Array.from({ length: 256 }, (_, i) => i);
  for (let k = 0; k < 128; k++) {
    const j = k + ((seed[k % 32] * 7 + k * 13) % (256 - k));
    [bits[k], bits[j]] = [bits[j], bits[k]];
    out[bits[k] >> 3] |= 1 << (bits[k] & 7);
  }
  return out;
}

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const scenario = fc.record({
  balanced: fc.boolean(),
  noise: fc.array(hash, { maxLength: 400 }),
  center: hash,
  planted: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 60 }),
  special: fc.constantFrom(31, 32, 15, 16, 47, 48),
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
  threshold: fc.oneof(fc.constant(31), fc.integer({ min: 0, max: 70 })),
  // Hashes equal to the centre's on the first 128 bits: in the wide layouts their slot holds more
  // than 255 entries, so it is flagged dense and read whole.
  cluster: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 256, max: 300 }), weight: 1 }),
});

/** `count` hashes sharing the first 16 bytes of `h`, the rest pseudo-random from `seed`. */
function cluster(h: Uint8Array, count: number, seed: number): Uint8Array[] {
  let x = seed | 1;
  return Array.from({ length: count }, () => {
    const out = h.slice();
    for (let b = 16; b < 32; b++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      out[b] = x >>> 23;
    }
    return out;
  });
}

const WIDE = indexLayout(20_000_000);
// The real 2^20-slot directories cost ~220 MB per build, so fewer runs of those; the scaled-down
// wide layouts run the same code with many entries per slot and per trailing value.
const layouts: [string, IndexLayout | undefined, number][] = [
  ['16 × 16 bits (default below 2^22)', undefined, RUNS],
  ['11 chunks of 23–24 bits, 2^20-slot directories (lists above 2^22)', WIDE, 40],
  [
    '32 chunks of 8 bits, 2^5-slot directories (3 trailing bits, many entries per slot)',
    { widths: new Array<number>(32).fill(8), directoryBits: 5 },
    RUNS,
  ],
  [
    '12 × 20 + 16 bits, 2^16-slot directories (4 and 0 trailing bits, mixed radii)',
    { widths: [...new Array<number>(12).fill(20), 16], directoryBits: 16 },
    200,
  ],
];

describe('MIH index vs brute force', () => {
  it('picks the layout from the list size', () => {
    expect(indexLayout(1_000_000).widths).toEqual(new Array(16).fill(16));
    expect(indexLayout(2 ** 22).widths).toHaveLength(16);
    expect(WIDE.widths).toHaveLength(11);
    expect(WIDE.widths.every((w) => w === 23 || w === 24)).toBe(true);
    expect(WIDE.widths.reduce((a, b) => a + b)).toBe(256);
    expect(WIDE.directoryBits).toBe(20);
  });

  it.each(layouts)(
    'equals a linear scan on random lists and queries: %s',
    (_name, layout, runs) => {
      let matched = 0;
      let at31 = 0;
      let at32 = 0;
      fc.assert(
        fc.property(scenario, (s) => {
          const shape = (h: Uint8Array) => (s.balanced ? balanced(h) : h);
          const widths = (layout ?? indexLayout(1)).widths;
          const center = shape(s.center);
          const hashes = [
            ...s.noise.map(shape),
            atDistance(center, s.special, s.picks),
            spreadAtDistance(center, s.special, s.picks[0]),
            spreadAtDistance(center, Math.min(s.threshold, 256), s.picks[0] + 1),
            spreadAtDistance(center, Math.min(s.threshold + 1, 256), s.picks[0] + 2),
            ...s.planted.map((d, i) => atDistance(center, d, [...s.picks, i])),
            ...cluster(center, s.cluster, s.picks[0]),
            ...[0, 1, 2].flatMap(
              (k) => tightNeighbour(center, widths, s.threshold, s.picks[k % s.picks.length] % widths.length, [...s.picks, k]) ?? [],
            ),
          ];
          const bytes = buildList({
            id: 'prop',
            sequence: 1,
            createdAt: 0,
            notAfter: 1,
            entries: hashes.map((h) => ({ type: 'pdq' as const, hash: h, category: 'test' as const })),
          });
          const list = parseList(bytes);
          const words = new Uint32Array(list.pdqCount * PDQ_WORDS);
          for (let i = 0; i < list.pdqCount; i++) hashWords(list.body.subarray(i * 34 + 1, i * 34 + 33), words, i * PDQ_WORDS);
          const pdq = layout === undefined ? indexEntries(list).pdq : PdqIndex.build(words, layout);
          if (layout !== undefined) expect(pdq.widths).toEqual(layout.widths);
          const got = new Map<number, number>();
          pdq.search(hashWords(center), s.threshold, (i, d) => {
            expect(got.has(i)).toBe(false); // each entry once
            got.set(i, d);
          });
          const want = new Map<number, number>();
          for (let i = 0; i < list.pdqCount; i++) {
            const d = hammingDistance(list.body.subarray(i * 34 + 1, i * 34 + 33), center);
            if (d <= s.threshold) want.set(i, d);
            if (d === 31) at31++;
            if (d === 32) at32++;
          }
          expect([...got.entries()].sort((a, b) => a[0] - b[0])).toEqual([...want.entries()].sort((a, b) => a[0] - b[0]));
          matched += want.size;
        }),
        { numRuns: runs, seed: 4 },
      );
      expect(matched).toBeGreaterThan(runs); // the runs did exercise matches
      expect(at31).toBeGreaterThan(runs / 10);
      expect(at32).toBeGreaterThan(runs / 10);
    },
    120_000,
  );

  it('refuses a layout that does not cut 256 bits into chunks of at most 24 bits', () => {
    const bad = [
      { widths: [128, 128], directoryBits: 16 },
      { widths: new Array(16).fill(15), directoryBits: 16 },
      { widths: new Array(16).fill(16), directoryBits: 21 },
      { widths: new Array(16).fill(16), directoryBits: 11 }, // 5 trailing bits: a slot record holds at most 4
    ];
    for (const layout of bad) expect(() => PdqIndex.build(new Uint32Array(8), layout)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('refuses hashes not sorted by their first 16 bits, and handles 0 and 1 entries', () => {
    const a = hashWords(new Uint8Array(32).fill(0xff));
    const b = hashWords(new Uint8Array(32));
    expect(() => PdqIndex.build(Uint32Array.of(...a, ...b))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => PdqIndex.build(new Uint32Array(7))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const hits: number[] = [];
    PdqIndex.build(new Uint32Array(0)).search(a, 31, (i) => hits.push(i));
    PdqIndex.build(Uint32Array.of(...b)).search(b, 0, (i) => hits.push(i));
    expect(hits).toEqual([0]);
  });
});
