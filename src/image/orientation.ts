// EXIF orientation applied to pixels: what a browser shows for an Orientation tag of 2–8. PDQ's
// reference convention hashes the stored pixels; the pixels as shown are matched as well.

import type { Orientation } from './exif.js';
import type { Pixels } from './pixels.js';

/**
 * The pixels turned as a viewer shows them for EXIF `orientation` (1 returns `px` itself).
 * 5–8 swap width and height. Memory: one copy of the image.
 */
export function applyOrientation(px: Pixels, orientation: Orientation): Pixels {
  if (orientation === 1) return px;
  const { width: W, height: H, channels: C, data } = px;
  const swap = orientation >= 5;
  const outW = swap ? H : W;
  const outH = swap ? W : H;
  const out = new Uint8Array(W * H * C);
  // Source coordinates of output pixel (x, y), per the TIFF definitions of the tag's values.
  const source = (x: number, y: number): number => {
    switch (orientation) {
      case 2:
        return (y * W + (W - 1 - x)) * C; // mirrored left-right
      case 3:
        return ((H - 1 - y) * W + (W - 1 - x)) * C; // turned 180°
      case 4:
        return ((H - 1 - y) * W + x) * C; // mirrored top-bottom
      case 5:
        return (x * W + y) * C; // transposed
      case 6:
        return ((H - 1 - x) * W + y) * C; // shown turned 90° clockwise
      case 7:
        return ((H - 1 - x) * W + (W - 1 - y)) * C; // transversed
      default:
        return (x * W + (W - 1 - y)) * C; // 8: shown turned 90° anticlockwise
    }
  };
  for (let y = 0, d = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const s = source(x, y);
      for (let c = 0; c < C; c++) out[d++] = data[s + c];
    }
  }
  return { width: outW, height: outH, channels: C, data: out };
}
