// The hostile files of issue 7 item 4, generated (test/helpers/hostile-images.ts): bounded work on
// extreme shapes and claims, and the pixels a browser shows being scanned too.

import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, inflateWithStreams } from '../../src/image/png.js';
import { inspectImage, MAX_IMAGE_SIDE } from '../../src/image/sniff.js';
import { zlibInflate } from '../../src/node/decode.js';
import { pngChunk, pngFile } from '../helpers/bad-inputs.js';
import { gifFrameOutsideScreen, ihdr, scanlines, stripesPng } from '../helpers/hostile-images.js';
import { nodeEngine, ownBuffer } from '../helpers/node-engine.js';

const encoded = (bytes: Uint8Array) => ({ kind: 'encoded' as const, bytes: ownBuffer(bytes) });

describe('bounded work', () => {
  it('hashes 5 × 1,000,000 and 1,000,000 × 5 pixels (timed by npm run bench:sides: < 1 s each)', async () => {
    const engine = await nodeEngine();
    for (const [w, h] of [
      [5, 1_000_000],
      [1_000_000, 5],
    ]) {
      const result = await engine.hashImage(encoded(stripesPng(w, h)));
      expect([result.width, result.height]).toEqual([w, h]);
      expect(result.pdq).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it(`refuses a side over ${MAX_IMAGE_SIDE} pixels from the header, whatever maxPixels allows`, () => {
    const claim = (w: number, h: number) => pngFile([pngChunk('IHDR', ihdr(w, h, 8, 0)), pngChunk('IDAT', new Uint8Array(0)), pngChunk('IEND', new Uint8Array(0))]);
    expect(() => inspectImage(claim(MAX_IMAGE_SIDE + 1, 5))).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }));
    expect(() => inspectImage(claim(5, 10_000_000))).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }));
    expect(inspectImage(claim(MAX_IMAGE_SIDE, 5)).width).toBe(MAX_IMAGE_SIDE);
  });

  it('refuses the 35-byte GIF whose frame sits at (16000, 16000) on a 1×1 screen, from the header', async () => {
    const gif = gifFrameOutsideScreen();
    expect(gif.length).toBe(35);
    expect(() => inspectImage(gif)).toThrow(expect.objectContaining({ code: 'CORRUPT_IMAGE', message: expect.stringMatching(/outside/) }));
    expect(inspectImage(gifFrameOutsideScreen(0, 0)).format).toBe('gif'); // the same file inside its screen is fine
    const engine = await nodeEngine();
    await expect(engine.hashImage(encoded(gif))).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
  });

  it('a 60-byte PNG claiming 7000 × 7000 RGBA (196 MB) never allocates that output', async () => {
    const z = deflateSync(new Uint8Array(1000)); // 1,000 bytes of data for a 196 MB image
    const png = pngFile([pngChunk('IHDR', ihdr(7000, 7000, 8, 6)), pngChunk('IDAT', z), pngChunk('IEND', new Uint8Array(0))]);
    expect(png.length).toBeLessThan(100);
    for (const inflate of [zlibInflate, inflateWithStreams]) {
      const before = process.memoryUsage().arrayBuffers;
      await expect(decodePng(png, inflate)).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
    }
  });
});

describe('lenient where browsers are lenient', () => {
  const width = 40;
  const height = 30;
  const raw = scanlines(width, height, 3, (x, y, c) => (x * 5 + y * 3 + c * 70) & 255);
  const clean = pngFile([pngChunk('IHDR', ihdr(width, height, 8, 2)), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array(0))]);

  it('a zlib stream followed by other bytes decodes to the same pixels as the clean file', async () => {
    const z = deflateSync(raw);
    const junk = new Uint8Array(z.length + 7);
    junk.set(z);
    junk.set([1, 2, 3, 4, 5, 6, 7], z.length);
    const png = pngFile([pngChunk('IHDR', ihdr(width, height, 8, 2)), pngChunk('IDAT', junk), pngChunk('IEND', new Uint8Array(0))]);
    for (const inflate of [zlibInflate, inflateWithStreams]) {
      expect(Buffer.from((await decodePng(png, inflate)).data).equals(Buffer.from((await decodePng(clean, inflate)).data))).toBe(true);
    }
    const engine = await nodeEngine();
    expect((await engine.hashImage(encoded(png))).pdq).toBe((await engine.hashImage(encoded(clean))).pdq);
  });

  it('image data longer than the dimensions need is cut to them (libpng ignores the rest)', async () => {
    const longer = new Uint8Array(raw.length + 3 * (width * 3 + 1));
    longer.set(raw);
    const png = pngFile([pngChunk('IHDR', ihdr(width, height, 8, 2)), pngChunk('IDAT', deflateSync(longer)), pngChunk('IEND', new Uint8Array(0))]);
    for (const inflate of [zlibInflate, inflateWithStreams]) {
      expect(Buffer.from((await decodePng(png, inflate)).data).equals(Buffer.from((await decodePng(clean, inflate)).data))).toBe(true);
    }
  });
});
