// The classifier's input, with nsfwjs's preprocessing: RGB (grey replicated, alpha dropped),
// values / 255, bilinear resize to 224 × 224 with align-corners sampling — what
// tf.image.resizeBilinear(x, [224, 224], true) computes — written NCHW for the model.

import { SafesealError } from '../errors.js';
import type { Pixels } from '../image/pixels.js';
import { INPUT_SIZE } from './pins.js';

interface Taps {
  /** Element offsets of the lower and upper source sample along one axis. */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  /** Weight of the upper sample, in [0, 1). */
  readonly frac: Float64Array;
}

/** Align-corners sampling positions: output i reads input i × (in − 1) / (out − 1). */
function taps(inSize: number, outSize: number, stride: number): Taps {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  const ratio = outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  for (let i = 0; i < outSize; i++) {
    const src = ratio * i;
    const floor = Math.max(0, Math.floor(src));
    lo[i] = floor * stride;
    hi[i] = Math.min(inSize - 1, Math.ceil(src)) * stride;
    frac[i] = src - floor;
  }
  return { lo, hi, frac };
}

/**
 * Resizes `pixels` to the model's input, NCHW float32 [3, size, size] with values in [0, 1].
 * @param size output side in pixels (224 for the shipped model)
 * @throws SafesealError INVALID_ARGUMENT for malformed pixels
 */
export function toModelInput(pixels: Pixels, size: number = INPUT_SIZE): Float32Array {
  const { width, height, channels, data } = pixels;
  if (!(channels >= 1 && channels <= 4) || width < 1 || height < 1 || data.length < width * height * channels) {
    throw new SafesealError('INVALID_ARGUMENT', `"pixels" must hold width × height × channels samples (${width}×${height}×${channels})`);
  }
  const xs = taps(width, size, channels);
  const ys = taps(height, size, width * channels);
  // Offsets of R, G, B within a pixel: grey images read their one grey sample three times.
  const [r, g, b] = channels >= 3 ? [0, 1, 2] : [0, 0, 0];
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  for (let y = 0; y < size; y++) {
    const top = ys.lo[y];
    const bottom = ys.hi[y];
    const fy = ys.frac[y];
    for (let x = 0; x < size; x++) {
      const left = xs.lo[x];
      const right = xs.hi[x];
      const fx = xs.frac[x];
      const o = y * size + x;
      for (let c = 0; c < 3; c++) {
        const k = c === 0 ? r : c === 1 ? g : b;
        const tl = data[top + left + k];
        const tr = data[top + right + k];
        const bl = data[bottom + left + k];
        const br = data[bottom + right + k];
        const upper = tl + (tr - tl) * fx;
        const lower = bl + (br - bl) * fx;
        out[c * plane + o] = (upper + (lower - upper) * fy) / 255;
      }
    }
  }
  return out;
}
