// The fused downsample against a plain transcription of the reference's steps (full-size luma,
// rows/cols box passes twice, then decimation), on random images of every shape: odd and even
// sides, smaller and larger than 64, 1–4 channels.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleLuma64, jaroszWindow } from '../../src/pdq/downsample.js';
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
      const col = box1d(plane.map((row) => row[x]), wCols);
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
