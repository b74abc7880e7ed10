// The blurred preview shown in place of a flagged image: made in the worker from the decoded
// pixels, so the page never holds the clear image before the user chooses to view it. It is small
// (at most 32 pixels on its long side) and then box-blurred three times, so no detail survives.

import type { Pixels } from '../image/pixels.js';

/** Longest side of a preview, in pixels. */
export const PREVIEW_SIDE = 32;
const BLUR_RADIUS = 2;

/** An RGBA preview: what `blurredPreview` returns (ImageData's layout). */
export interface PreviewImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Area-average downsample to at most PREVIEW_SIDE on the long side, RGBA, alpha made opaque. */
function shrink(p: Pixels): PreviewImage {
  const scale = Math.max(p.width, p.height) / PREVIEW_SIDE;
  const width = Math.max(1, Math.round(p.width / Math.max(scale, 1)));
  const height = Math.max(1, Math.round(p.height / Math.max(scale, 1)));
  const sums = new Float64Array(width * height * 3);
  const counts = new Float64Array(width * height);
  const c = p.channels;
  // Every source pixel lands in exactly one cell: O(pixels) time, O(preview) memory.
  for (let y = 0; y < p.height; y++) {
    const cy = Math.min(height - 1, Math.floor((y * height) / p.height));
    for (let x = 0; x < p.width; x++) {
      const cx = Math.min(width - 1, Math.floor((x * width) / p.width));
      const i = (y * p.width + x) * c;
      const cell = cy * width + cx;
      const r = p.data[i];
      const g = c >= 3 ? p.data[i + 1] : r;
      const b = c >= 3 ? p.data[i + 2] : r;
      sums[cell * 3] += r;
      sums[cell * 3 + 1] += g;
      sums[cell * 3 + 2] += b;
      counts[cell]++;
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let cell = 0; cell < width * height; cell++) {
    const n = counts[cell] || 1;
    data[cell * 4] = sums[cell * 3] / n;
    data[cell * 4 + 1] = sums[cell * 3 + 1] / n;
    data[cell * 4 + 2] = sums[cell * 3 + 2] / n;
    data[cell * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** One separable box blur pass (edges clamped). */
function boxBlur(img: PreviewImage): PreviewImage {
  const { width, height } = img;
  const pass = (src: Uint8ClampedArray, horizontal: boolean): Uint8ClampedArray => {
    const out = new Uint8ClampedArray(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let k = 0; k < 3; k++) {
          let sum = 0;
          for (let d = -BLUR_RADIUS; d <= BLUR_RADIUS; d++) {
            const xx = horizontal ? Math.min(width - 1, Math.max(0, x + d)) : x;
            const yy = horizontal ? y : Math.min(height - 1, Math.max(0, y + d));
            sum += src[(yy * width + xx) * 4 + k];
          }
          out[(y * width + x) * 4 + k] = sum / (2 * BLUR_RADIUS + 1);
        }
        out[(y * width + x) * 4 + 3] = 255;
      }
    }
    return out;
  };
  return { width, height, data: pass(pass(img.data, true), false) };
}

/** A heavily blurred, small RGBA copy of `pixels`. */
export function blurredPreview(pixels: Pixels): PreviewImage {
  let img = shrink(pixels);
  for (let i = 0; i < 3; i++) img = boxBlur(img);
  return img;
}
