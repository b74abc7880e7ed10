// Generators of the hostile files of issue 7 item 4 (bounded work, scan what is shown). Built at
// test time from synthetic patterns or the shared ThreatExchange photos; nothing here is committed
// as an image.

import { deflateSync } from 'node:zlib';
import { pngChunk, pngFile } from './bad-inputs.js';

/** IHDR data: width, height, bit depth, colour type, no interlace. */
export function ihdr(width: number, height: number, depth: number, colour: number): Uint8Array {
  const data = new Uint8Array(13);
  const v = new DataView(data.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  data.set([depth, colour, 0, 0, 0], 8);
  return data;
}

/** Filter-0 scanlines of 8-bit samples (`channels` per pixel), as PNG's IDAT wants them before zlib. */
export function scanlines(width: number, height: number, channels: number, sample: (x: number, y: number, c: number) => number): Uint8Array {
  const stride = width * channels + 1;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) raw[y * stride + 1 + x * channels + c] = sample(x, y, c);
  }
  return raw;
}

/**
 * An 8-bit grey PNG of width × height with a diagonal stripe pattern (so PDQ has features), built
 * fast enough for extreme sides (5 × 1,000,000 pixels is a few KB once deflated).
 */
export function stripesPng(width: number, height: number): Uint8Array {
  const raw = scanlines(width, height, 1, (x, y) => (((x + y) >> 2) & 1 ? 230 : 20));
  return pngFile([pngChunk('IHDR', ihdr(width, height, 8, 0)), pngChunk('IDAT', deflateSync(raw, { level: 9 })), pngChunk('IEND', new Uint8Array(0))]);
}

/**
 * A 35-byte GIF: a 1×1 logical screen whose only frame is 1×1 but placed at (left, top), outside
 * the screen. Chromium sizes its frame buffer from the frame's far corner, so (16000, 16000)
 * cost it ~1 GB before it gave up.
 */
export function gifFrameOutsideScreen(left = 16000, top = 16000): Uint8Array {
  const b: number[] = [];
  b.push(...[0x47, 0x49, 0x46, 0x38, 0x39, 0x61]); // GIF89a
  b.push(1, 0, 1, 0, 0x00, 0, 0); // screen 1×1, no global colour table
  b.push(0x2c, left & 255, left >> 8, top & 255, top >> 8, 1, 0, 1, 0, 0x80); // descriptor + local table (2 colours)
  b.push(0, 0, 0, 255, 255, 255);
  b.push(2, 2, 0x4c, 0x01, 0); // LZW min code 2: clear, 1, end
  b.push(0x3b);
  return Uint8Array.from(b);
}
