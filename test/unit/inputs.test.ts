// Bad inputs give their typed error from the engine, and nothing but typed errors comes out of
// random truncations and mutations of valid files of every format.

import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { isSafesealError } from '../../src/errors.js';
import { inspectImage } from '../../src/image/sniff.js';
import { badInputs, pngHeaderClaiming, vector } from '../helpers/bad-inputs.js';
import { nodeEngine, ownBuffer } from '../helpers/worker-harness.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});

const encoded = (bytes: Uint8Array) => ({ kind: 'encoded' as const, bytes: ownBuffer(bytes) });

describe('bad inputs', () => {
  for (const bad of badInputs()) {
    it(`${bad.name} → ${bad.code}`, async () => {
      await expect(engine.hashImage(encoded(bad.bytes))).rejects.toMatchObject({ code: bad.code });
    });
  }

  it('refuses a huge header before allocating: 100000×100000 fails in microseconds', () => {
    const before = process.memoryUsage().arrayBuffers;
    expect(() => inspectImage(pngHeaderClaiming(100_000, 100_000))).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1_000_000);
  });

  it('applies maxPixels from the engine config', async () => {
    const small = await nodeEngine(34 * 42 - 1);
    await expect(small.hashImage(encoded(vector('pdq/data/misc-images/wee.jpg')))).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    const exact = await nodeEngine(34 * 42);
    await expect(exact.hashImage(encoded(vector('pdq/data/misc-images/wee.jpg')))).resolves.toMatchObject({ width: 34 });
  });

  it('names unsupported formats it knows', () => {
    expect(() => inspectImage(Uint8Array.from([0x42, 0x4d, 0, 0, 0, 0]))).toThrow(/BMP/);
    expect(() => inspectImage(Uint8Array.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]))).toThrow(/TIFF/);
  });

  it('refuses malformed worker messages with INVALID_ARGUMENT', async () => {
    for (const image of [
      null,
      42,
      'x',
      {},
      { kind: 'encoded' },
      { kind: 'encoded', bytes: 'abc' },
      { kind: 'pixels', width: 2, height: 2, data: new Uint8Array(15) },
      { kind: 'pixels', width: 0, height: 2, data: new Uint8Array(0) },
      { kind: 'bitmap', bitmap: {} },
      { kind: 'other' },
    ]) {
      await expect(engine.hashImage(image)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });

  it('hashes RGBA pixels (ImageData layout) like the same image decoded from its file', async () => {
    const file = vector('pdq/data/misc-images/wee.jpg');
    const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const fromPixels = await engine.hashImage({ kind: 'pixels', width: info.width, height: info.height, data: new Uint8ClampedArray(data) });
    const fromFile = await engine.hashImage(encoded(file));
    expect(fromPixels.pdq).toBe(fromFile.pdq);
    expect(fromPixels.sha256).toBeNull();
    expect(fromFile.sha256).toBe('05636c50d0c2ffe3a820f964eaba35b404deadd10538fe452ad9fb16fdd823d7');
  });
});

describe('robustness: truncations and mutations only ever give typed errors', () => {
  const sources: Record<string, Uint8Array> = {};
  beforeAll(async () => {
    const base = sharp(vector('pdq/data/misc-images/wee.jpg'));
    sources.jpeg = vector('pdq/data/misc-images/wee.jpg');
    sources.png = await base
      .clone()
      .png()
      .toBuffer()
      .then((b) => new Uint8Array(b));
    sources.pngInterlaced = await base
      .clone()
      .png({ progressive: true, palette: true })
      .toBuffer()
      .then((b) => new Uint8Array(b));
    sources.webp = await base
      .clone()
      .webp({ quality: 80 })
      .toBuffer()
      .then((b) => new Uint8Array(b));
    sources.webpLossless = await base
      .clone()
      .ensureAlpha()
      .webp({ lossless: true })
      .toBuffer()
      .then((b) => new Uint8Array(b));
    sources.gif = await base
      .clone()
      .gif()
      .toBuffer()
      .then((b) => new Uint8Array(b));
    sources.jpegProgressive = await base
      .clone()
      .jpeg({ progressive: true })
      .toBuffer()
      .then((b) => new Uint8Array(b));
  });

  it('every source is valid to begin with', async () => {
    for (const [name, bytes] of Object.entries(sources)) {
      const r = await engine.hashImage(encoded(bytes));
      expect(r.width, name).toBe(34);
    }
  });

  const expectTypedOrOk = async (bytes: Uint8Array): Promise<void> => {
    try {
      await engine.hashImage(encoded(bytes));
    } catch (e) {
      if (!isSafesealError(e)) throw e;
      expect(['UNSUPPORTED_FORMAT', 'CORRUPT_IMAGE', 'IMAGE_TOO_LARGE']).toContain(e.code);
    }
  };

  it('truncation at every length gives CORRUPT_IMAGE (or UNSUPPORTED_FORMAT before the signature)', async () => {
    for (const [name, bytes] of Object.entries(sources)) {
      for (let n = 0; n < bytes.length; n++) {
        const err = await engine.hashImage(encoded(bytes.subarray(0, n))).then(
          () => null,
          (e: unknown) => e,
        );
        expect(isSafesealError(err), `${name} cut at ${n}`).toBe(true);
        expect(['UNSUPPORTED_FORMAT', 'CORRUPT_IMAGE'], `${name} cut at ${n}`).toContain((err as { code: string }).code);
      }
    }
  }, 120_000);

  it('random byte mutations: decoded or a typed error, never anything else', async () => {
    const names = Object.keys(sources);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        async (name, edits) => {
          const bytes = sources[name].slice();
          for (const { at, value } of edits) bytes[at % bytes.length] = value;
          await expectTypedOrOk(bytes);
        },
      ),
      { numRuns: 1500, seed: 7 },
    );
  }, 120_000);
});
