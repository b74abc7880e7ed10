// The blurred preview is small and carries no detail: a checkerboard (all detail) comes out flat,
// while the average colour survives.

import { describe, expect, it } from 'vitest';
import { blurredPreview, PREVIEW_SIDE } from '../../src/engine/preview.js';

describe('blurredPreview', () => {
  it('is at most 32 px on the long side, RGBA and opaque', () => {
    const p = blurredPreview({ width: 1600, height: 1004, channels: 3, data: new Uint8Array(1600 * 1004 * 3).fill(90) });
    expect(Math.max(p.width, p.height)).toBe(PREVIEW_SIDE);
    expect(p.width * p.height * 4).toBe(p.data.length);
    expect(p.data[3]).toBe(255);
    expect(p.data[0]).toBe(90);
    expect(blurredPreview({ width: 5, height: 1, channels: 1, data: new Uint8Array(5).fill(7) })).toMatchObject({ width: 5, height: 1 });
  });

  it('a fine checkerboard comes out flat grey: no detail survives', () => {
    const w = 640;
    const data = new Uint8Array(w * w * 4);
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) data.fill((x >> 3) % 2 === (y >> 3) % 2 ? 255 : 0, (y * w + x) * 4, (y * w + x) * 4 + 3);
    const p = blurredPreview({ width: w, height: w, channels: 4, data });
    let min = 255;
    let max = 0;
    for (let i = 0; i < p.data.length; i += 4) {
      min = Math.min(min, p.data[i]);
      max = Math.max(max, p.data[i]);
    }
    expect(max - min).toBeLessThanOrEqual(4);
    expect(Math.abs(min - 127)).toBeLessThanOrEqual(2);
  });
});
