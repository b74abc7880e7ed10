// safeseal's PNG decoder against sharp (libpng) as an independent oracle: on the shared vectors and
// on generated files covering every colour type, bit depth, filter and Adam7.

import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SafesealError } from '../../src/errors.js';
import { decodePng, inflateWithStreams } from '../../src/image/png.js';
import { inspectImage } from '../../src/image/sniff.js';
import { zlibInflate } from '../../src/node/decode.js';
import type { Pixels } from '../../src/image/pixels.js';
import { deflateSync } from 'node:zlib';
import { pngChunk, pngFile, vector } from '../helpers/bad-inputs.js';
import { encodePng, type PngSpec } from '../helpers/png-encoder.js';

/** Differences between our pixels and sharp's (grey expanded to RGB; alpha compared when both have it). */
async function diffWithSharp(bytes: Uint8Array, px: Pixels): Promise<number> {
  const { data, info } = await sharp(bytes, { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([px.width, px.height]);
  const ours = px.channels;
  const theirs = info.channels;
  let diff = 0;
  for (let i = 0; i < px.width * px.height; i++) {
    for (let c = 0; c < 3; c++) {
      const a = ours >= 3 ? px.data[i * ours + c] : px.data[i * ours];
      const b = theirs >= 3 ? data[i * theirs + c] : data[i * theirs];
      if (a !== b) diff++;
    }
    const oursAlpha = ours === 2 || ours === 4;
    const theirsAlpha = theirs === 2 || theirs === 4;
    if (oursAlpha && theirsAlpha && px.data[i * ours + ours - 1] !== data[i * theirs + theirs - 1]) diff++;
  }
  return diff;
}

const SHARED_PNGS = [
  'pdq/data/misc-images/c.png',
  'pdq/data/misc-images/modes/1.png',
  'pdq/data/misc-images/modes/L.png',
  'pdq/data/misc-images/modes/LA.png',
  'pdq/data/misc-images/modes/P.png',
  'pdq/data/misc-images/modes/RGBA.png',
  'pdq/data/reg-test-input/pen-and-coaster.png',
  'python-threatexchange/threatexchange/tests/hashing/resources/LA.png',
  'python-threatexchange/threatexchange/tests/hashing/resources/I16.png',
  'python-threatexchange/threatexchange/tests/hashing/resources/random_image_base64_from_test_pdq_hasher.png',
];

describe('PNG decoder', () => {
  for (const file of SHARED_PNGS) {
    it(`equals sharp on ${file.split('/').pop()}`, async () => {
      const bytes = vector(file);
      inspectImage(bytes);
      const px = await decodePng(bytes, zlibInflate);
      expect(await diffWithSharp(bytes, px)).toBe(0);
    });
  }

  it('gives the same pixels with DecompressionStream (browsers) as with zlib (Node)', async () => {
    const bytes = vector('python-threatexchange/threatexchange/tests/hashing/resources/LA.png');
    const a = await decodePng(bytes, zlibInflate);
    const b = await decodePng(bytes, inflateWithStreams);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
  });

  const specArb = fc
    .record({
      width: fc.integer({ min: 1, max: 19 }),
      height: fc.integer({ min: 1, max: 17 }),
      kind: fc.constantFrom<[number, number]>(
        [0, 1],
        [0, 2],
        [0, 4],
        [0, 8],
        [0, 16],
        [2, 8],
        [2, 16],
        [3, 1],
        [3, 2],
        [3, 4],
        [3, 8],
        [4, 8],
        [4, 16],
        [6, 8],
        [6, 16],
      ),
      interlace: fc.boolean(),
      seed: fc.integer({ min: 1, max: 0x7fffffff }),
      filters: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 8 }),
      transparentPalette: fc.boolean(),
    })
    .map(({ width, height, kind: [colour, depth], interlace, seed, filters, transparentPalette }): PngSpec => {
      let x = seed;
      const rand = (n: number) => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) % n;
      };
      const ch = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour]!;
      const entries = colour === 3 ? Math.min(1 << depth, 1 + rand(1 << depth)) : 0;
      const samples = Array.from({ length: width * height * ch }, () => (colour === 3 ? rand(entries) : rand(2 ** depth)));
      return {
        width,
        height,
        colour: colour as PngSpec['colour'],
        depth: depth as PngSpec['depth'],
        interlace,
        samples,
        ...(colour === 3 ? { palette: Array.from({ length: entries * 3 }, () => rand(256)) } : {}),
        ...(colour === 3 && transparentPalette ? { paletteAlpha: Array.from({ length: Math.max(1, entries - 1) }, () => rand(256)) } : {}),
        filterFor: (i: number) => filters[i % filters.length],
      };
    });

  it('equals sharp on generated PNGs of every colour type, depth, filter, with and without Adam7', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const bytes = encodePng(spec);
        inspectImage(bytes);
        const px = await decodePng(bytes, zlibInflate);
        expect(await diffWithSharp(bytes, px)).toBe(0);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it('refuses image data that is short, long or not zlib with CORRUPT_IMAGE', async () => {
    const base: PngSpec = { width: 4, height: 3, colour: 2, depth: 8, interlace: false, samples: new Array(36).fill(7), filterFor: () => 1 };
    const good = encodePng(base);
    for (const spec of [
      { ...base, height: 2, samples: new Array(24).fill(7) }, // data for 2 rows, header patched to 3 below
    ]) {
      const bytes = encodePng(spec);
      bytes.set(good.subarray(16, 33), 16); // IHDR (and CRC) claiming 4×3
      await expect(decodePng(bytes, zlibInflate)).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
      await expect(decodePng(bytes, inflateWithStreams)).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
    }
    const garbled = good.slice();
    const idat = Buffer.from(garbled).indexOf('IDAT');
    garbled[idat + 4] ^= 0xff; // zlib header byte
    for (const inflate of [zlibInflate, inflateWithStreams]) {
      const err = await decodePng(garbled, inflate).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SafesealError);
      expect((err as SafesealError).code).toBe('CORRUPT_IMAGE');
    }
  });

  it('refuses an unknown row filter type', async () => {
    const raw = Uint8Array.from([0, 1, 2, /* row 1, filter 5: */ 5, 3, 4]);
    await expect(decodePng(await rawGreyPng(2, 2, raw), zlibInflate)).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
    raw[3] = 4; // the same file with a valid filter decodes
    await expect(decodePng(await rawGreyPng(2, 2, raw), zlibInflate)).resolves.toMatchObject({ width: 2, height: 2 });
  });
});

/** An 8-bit grey PNG around already-filtered raw rows. */
async function rawGreyPng(width: number, height: number, raw: Uint8Array): Promise<Uint8Array> {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return pngFile([pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array(0))]);
}
