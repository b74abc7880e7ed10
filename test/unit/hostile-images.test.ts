// The hostile files of issue 7 item 4, generated (test/helpers/hostile-images.ts): bounded work on
// extreme shapes and claims, and the pixels a browser shows being scanned too.

import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, inflateWithStreams } from '../../src/image/png.js';
import { inspectImage, MAX_FRAMES, MAX_IMAGE_SIDE } from '../../src/image/sniff.js';
import { zlibInflate } from '../../src/node/decode.js';
import { pngChunk, pngFile } from '../helpers/bad-inputs.js';
import { gifFrameOutsideScreen, ihdr, scanlines, stripesPng } from '../helpers/hostile-images.js';
import { nodeEngine, ownBuffer } from '../helpers/node-engine.js';
import type { Pixels } from '../../src/image/pixels.js';

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
    const claim = (w: number, h: number) =>
      pngFile([pngChunk('IHDR', ihdr(w, h, 8, 0)), pngChunk('IDAT', new Uint8Array(0)), pngChunk('IEND', new Uint8Array(0))]);
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

describe('scan what is shown', async () => {
  const { buildList, signList } = await import('../../src/lists/build.js');
  const { ed25519, KEYS, trustOf } = await import('../helpers/lists.js');
  const { hammingDistance } = await import('../../src/pdq/index.js');
  const h = await import('../helpers/hostile-images.js');
  const { vector } = await import('../helpers/bad-inputs.js');
  const { TEST_CARD } = await import('../../scripts/make-list-fixtures.js');

  const photo = await h.photoPixels(vector(TEST_CARD));
  const engine = await nodeEngine();
  const clean = pngFile([
    pngChunk('IHDR', ihdr(photo.width, photo.height, 8, 2)),
    pngChunk('IDAT', deflateSync(scanlines(photo.width, photo.height, 3, (x, y, c) => photo.data[(y * photo.width + x) * 3 + c]))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
  const photoHash = (await engine.hashImage(encoded(clean))).pdq;
  let list = buildList({
    id: 'shown',
    sequence: 1,
    createdAt: 0,
    notAfter: Math.floor(Date.now() / 1000) + 3600,
    entries: [{ type: 'pdq', hash: photoHash, category: 'test' }],
  });
  for (const k of KEYS.slice(0, 2)) list = await signList(list, k.seed, ed25519);
  await engine.loadList(ownBuffer(list), { trust: trustOf(KEYS) });

  /** The stored pixels do not match the photo; what is shown does, and matchImage says so. */
  async function expectShownMatch(file: Uint8Array): Promise<void> {
    const hashed = await engine.hashImage(encoded(file));
    const storedMisses = hashed.quality < 50 || hammingDistance(hashed.pdq, photoHash) > 31;
    expect(storedMisses).toBe(true);
    expect(hashed.shown.some((s) => s.quality >= 50 && hammingDistance(s.pdq, photoHash) <= 31)).toBe(true);
    const result = await engine.matchImage(encoded(file));
    expect(result.pdqUsed).toBe(true);
    expect(result.matches).toEqual([expect.objectContaining({ list: 'shown', index: 0, kind: 'pdq' })]);
  }

  it('the clean photo matches, with nothing shown beyond its stored pixels', async () => {
    expect((await engine.hashImage(encoded(clean))).shown).toEqual([]);
    expect((await engine.matchImage(encoded(clean))).matches).toHaveLength(1);
  });

  it('APNG: white default image, the photo as its only animation frame', async () => {
    const apng = h.apngHiddenFrame(photo);
    expect((await engine.hashImage(encoded(apng))).quality).toBe(0); // the white default image
    await expectShownMatch(apng);
  });

  it('APNG: the photo only once frames are composed (blend over, dispose previous)', async () => {
    await expectShownMatch(h.apngComposed(photo));
  });

  it('PNG: samples squeezed near white, gAMA 0.02 shows the photo', async () => {
    const png = h.gammaSqueezedPng(photo);
    expect((await engine.hashImage(encoded(png))).quality).toBeLessThan(50);
    await expectShownMatch(png);
  });

  it('JPEG: samples squeezed near white, an ICC profile shows the photo', async () => {
    const jpeg = await h.iccSqueezedJpeg(photo);
    expect((await engine.hashImage(encoded(jpeg))).quality).toBeLessThan(50);
    await expectShownMatch(jpeg);
  });

  for (const trick of ['pad', 'standalone'] as const) {
    it(`JPEG: EXIF orientation 6 hidden by ${trick === 'pad' ? 'Exif\\0 + a non-zero byte' : 'a standalone marker before APP1'}`, async () => {
      await expectShownMatch(await h.exifTrickJpeg(photo, trick));
    });
  }

  for (const format of ['gif', 'webp'] as const) {
    it(`animated ${format.toUpperCase()}: a white first frame, the photo second`, async () => {
      const file = await h.animatedHiddenFrame(photo, format);
      expect(inspectImage(file)).toMatchObject({ frames: 2, animated: true });
      await expectShownMatch(file);
    });
  }

  it('EXIF orientations 2–8 are turned as libvips turns them (an independent oracle)', async () => {
    const sharp = (await import('sharp')).default;
    const raw = { raw: { width: photo.width, height: photo.height, channels: 3 as const } };
    for (const orientation of [2, 3, 4, 5, 6, 7, 8]) {
      const jpeg = new Uint8Array(await sharp(photo.data, raw).jpeg({ quality: 95 }).withMetadata({ orientation }).toBuffer());
      const upright = await sharp(jpeg).rotate().raw().toBuffer({ resolveWithObject: true });
      const oracle = await engine.hashImage(
        encoded(
          await sharp(upright.data, { raw: { width: upright.info.width, height: upright.info.height, channels: 3 } })
            .png()
            .toBuffer(),
        ),
      );
      const shown = (await engine.hashImage(encoded(jpeg))).shown;
      expect(shown).toHaveLength(1);
      expect(hammingDistance(shown[0].pdq, oracle.pdq)).toBeLessThanOrEqual(8);
    }
  });

  it('a zlib stream with trailing bytes hashes as the clean file (Chromium shows it)', async () => {
    expect((await engine.hashImage(encoded(h.zlibTrailingPng(photo)))).pdq).toBe(photoHash);
  });

  it(`refuses an animation of more than ${MAX_FRAMES} frames with IMAGE_TOO_LARGE, from the header`, () => {
    const apng = h.apngHiddenFrame({ width: 8, height: 8, channels: 3, data: new Uint8Array(192) });
    const acTL = Buffer.from(apng).indexOf('acTL');
    const bytes = apng.slice();
    new DataView(bytes.buffer).setUint32(acTL + 4, MAX_FRAMES + 1); // CRC is not checked by the walk
    expect(() => inspectImage(bytes)).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }));
  });
});

describe('robustness of the shown-pixel paths', async () => {
  const fc = (await import('fast-check')).default;
  const { isSafesealError } = await import('../../src/errors.js');
  const h = await import('../helpers/hostile-images.js');
  const small: Pixels = { width: 24, height: 16, channels: 3, data: Uint8Array.from({ length: 24 * 16 * 3 }, (_, i) => (i * 37) & 255) };
  const sources: Record<string, Uint8Array> = {
    apngHidden: h.apngHiddenFrame(small),
    apngComposed: h.apngComposed(small),
    gamma: h.gammaSqueezedPng(small),
    icc: await h.iccSqueezedJpeg(small),
    exif: await h.exifTrickJpeg(small, 'standalone'),
    gif: await h.animatedHiddenFrame(small, 'gif'),
    webp: await h.animatedHiddenFrame(small, 'webp'),
  };
  const engine = await nodeEngine();

  it('random byte mutations of each hostile file: decoded or a typed error, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(sources)),
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }),
        async (name, edits) => {
          const bytes = sources[name].slice();
          for (const { at, value } of edits) bytes[at % bytes.length] = value;
          try {
            await engine.hashImage(encoded(bytes));
          } catch (e) {
            if (!isSafesealError(e)) throw e;
            expect(['UNSUPPORTED_FORMAT', 'CORRUPT_IMAGE', 'IMAGE_TOO_LARGE']).toContain(e.code);
          }
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  }, 120_000);
});
