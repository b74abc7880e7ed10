// The fused downsample against a plain transcription of the reference's steps (full-size luma,
// rows/cols box passes twice, then decimation), on random images of every shape: odd and even
// sides, smaller and larger than 64, 1–4 channels.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxSquaredWeights, decimationIndex, downsampleLuma64, jaroszWindow } from '../../src/pdq/downsample.js';
import { seededRandom } from '../helpers/prng.js';
import type { Pixels } from '../../src/image/pixels.js';

/** One box pass along a line of `n` samples with window `w`, dividing by the samples present. */
function box1d(line: number[], w: number): number[] {
  const half = Math.floor((w + 2) / 2);
  return line.map((_, i) => {
    const lo = Math.max(0, i - (w - half));
    const hi = Math.min(line.length - 1, i + half - 1);
    let sum = 0;
    for (let k = lo; k <= hi; k++) sum += line[k];
    return sum / (hi - lo + 1);
  });
}

function naiveDownsample(px: Pixels): Float64Array {
  const { width: W, height: H, channels: C, data } = px;
  let plane: number[][] = [];
  for (let y = 0; y < H; y++) {
    const row: number[] = [];
    for (let x = 0; x < W; x++) {
      const s = (y * W + x) * C;
      row.push(C >= 3 ? 0.299 * data[s] + 0.587 * data[s + 1] + 0.114 * data[s + 2] : data[s]);
    }
    plane.push(row);
  }
  const wRows = jaroszWindow(W);
  const wCols = jaroszWindow(H);
  const alongRows = () => (plane = plane.map((row) => box1d(row, wRows)));
  const alongCols = () => {
    for (let x = 0; x < W; x++) {
      const col = box1d(
        plane.map((row) => row[x]),
        wCols,
      );
      col.forEach((v, y) => (plane[y][x] = v));
    }
  };
  alongRows();
  alongCols();
  alongRows();
  alongCols();
  const out = new Float64Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 64; j++) out[i * 64 + j] = plane[Math.floor(((i + 0.5) * H) / 64)][Math.floor(((j + 0.5) * W) / 64)];
  }
  return out;
}

describe('fused Jarosz downsample', () => {
  it('equals the reference steps on random images of every shape', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (width, height, channels, seed) => {
          let x = seed;
          const data = new Uint8Array(width * height * channels);
          for (let i = 0; i < data.length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            data[i] = x & 255;
          }
          const px: Pixels = { width, height, channels, data };
          const fused = downsampleLuma64(px);
          const naive = naiveDownsample(px);
          for (let k = 0; k < fused.length; k++) expect(Math.abs(fused[k] - naive[k])).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });
});

/** box∘box weights the slow way: every inner window of the outer window, O(w²). */
function naiveWeights(n: number, w: number, p: number): { start: number; weights: number[] } {
  const half = Math.floor((w + 2) / 2);
  const lo = (i: number) => Math.max(0, i - (w - half));
  const hi = (i: number) => Math.min(n - 1, i + half - 1);
  const start = lo(lo(p));
  const weights = new Array(hi(hi(p)) - start + 1).fill(0);
  for (let k = lo(p); k <= hi(p); k++) for (let s = lo(k); s <= hi(k); s++) weights[s - start] += 1 / (hi(p) - lo(p) + 1) / (hi(k) - lo(k) + 1);
  return { start, weights };
}

describe('bounded work on extreme shapes', () => {
  it('box² weights in O(w) equal the double loop, at edges and inside', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 63 }), (n, i) => {
        const w = jaroszWindow(n);
        const p = decimationIndex(i, n);
        const fast = boxSquaredWeights(n, w, p);
        const slow = naiveWeights(n, w, p);
        expect(fast.start).toBe(slow.start);
        expect(fast.weights.length).toBe(slow.weights.length);
        fast.weights.forEach((v, k) => expect(Math.abs(v - slow.weights[k])).toBeLessThan(1e-15));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('weights for a 2,000,000-pixel side are computed in O(side) and sum to 1', () => {
    const n = 2_000_000;
    for (const i of [0, 31, 63]) {
      const { weights } = boxSquaredWeights(n, jaroszWindow(n), decimationIndex(i, n));
      expect(weights.length).toBeLessThan(4 * jaroszWindow(n));
      expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
    }
  });

  it('walking the image in strips of columns gives the same plane as one pass', () => {
    const next = seededRandom(99);
    for (const [width, height, channels] of [
      [1000, 7, 3],
      [333, 200, 1],
      [5, 90, 4],
    ] as const) {
      const data = Uint8Array.from({ length: width * height * channels }, () => next() & 255);
      const px: Pixels = { width, height, channels, data };
      const whole = downsampleLuma64(px);
      const naive = naiveDownsample(px);
      for (const strip of [1, 7, 64, 257]) {
        const stripped = downsampleLuma64(px, undefined, strip);
        for (let k = 0; k < whole.length; k++) {
          expect(stripped[k]).toBe(whole[k]);
          expect(Math.abs(stripped[k] - naive[k])).toBeLessThan(1e-9);
        }
      }
    }
  });
});
