// AVIF in the sniffer and the Node pipeline: recognised from ftyp (avif/avis), dimensions from
// the primary item's ispe, every ispe within the pixel limit, boxes that must fit, HEIC refused
// by name; decoded by sharp and hashed like the same pixels in another format.

import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from '../../src/image/sniff.js';
import { hammingDistance } from '../../src/pdq/index.js';
import { nodeEngine, ownBuffer } from '../helpers/node-engine.js';

let avif: Uint8Array;
let png: Uint8Array;
const W = 300;
const H = 180;

beforeAll(async () => {
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      for (let c = 0; c < 3; c++) raw[(y * W + x) * 3 + c] = Math.round(127 + 120 * Math.cos((x * (c + 1) - y * (3 - c)) / 11));
  const img = () => sharp(raw, { raw: { width: W, height: H, channels: 3 } });
  avif = new Uint8Array(await img().avif({ quality: 90 }).toBuffer());
  png = new Uint8Array(await img().png().toBuffer());
});

/** Offsets of every `type` box header in the file (its size field). */
function boxOffsets(b: Uint8Array, type: string): number[] {
  const out: number[] = [];
  const t = Buffer.from(type, 'latin1');
  for (let p = 4; p + 4 <= b.length; p++) if (b[p] === t[0] && b[p + 1] === t[1] && b[p + 2] === t[2] && b[p + 3] === t[3]) out.push(p - 4);
  return out;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('AVIF sniffing', () => {
  it('reads the format and the primary item size from ispe', () => {
    expect(inspectImage(avif)).toMatchObject({ format: 'avif', width: W, height: H, mime: 'image/avif' });
  });

  it('applies the pixel limit to the primary item and to every other ispe', () => {
    expect(() => inspectImage(avif, W * H - 1)).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }));
    const huge = avif.slice();
    const [ispe] = boxOffsets(huge, 'ispe');
    view(huge).setUint32(ispe + 12, 100_000);
    view(huge).setUint32(ispe + 16, 100_000);
    expect(() => inspectImage(huge)).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }));
  });

  it('refuses truncated files and boxes whose size does not fit', () => {
    for (const cut of [16, 40, Math.floor(avif.length / 2), avif.length - 1]) {
      expect(() => inspectImage(avif.subarray(0, cut)), `cut at ${cut}`).toThrow(expect.objectContaining({ code: 'CORRUPT_IMAGE' }));
    }
    const lying = avif.slice();
    const [meta] = boxOffsets(lying, 'meta');
    view(lying).setUint32(meta, 7); // smaller than its own header
    expect(() => inspectImage(lying)).toThrow(expect.objectContaining({ code: 'CORRUPT_IMAGE' }));
    const noMeta = avif.slice();
    noMeta.set(Buffer.from('free'), meta + 4);
    expect(() => inspectImage(noMeta)).toThrow(expect.objectContaining({ code: 'CORRUPT_IMAGE' }));
  });

  it('refuses HEIC by name, and other ISO-BMFF brands, with UNSUPPORTED_FORMAT', () => {
    const relabel = (brand: string) => {
      const b = avif.slice();
      for (let p = 8; p < 32; p += 4) if (Buffer.from(b.subarray(p, p + 4)).toString('latin1') === 'avif') b.set(Buffer.from(brand, 'latin1'), p);
      return b;
    };
    expect(() => inspectImage(relabel('heic'))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('HEIC') }),
    );
    expect(() => inspectImage(relabel('isom'))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });
});

describe('AVIF in the Node engine', () => {
  it('hashes an AVIF like the same pixels as PNG (lossy, so within a few bits)', async () => {
    const engine = await nodeEngine();
    const a = await engine.hashImage({ kind: 'encoded', bytes: ownBuffer(avif) });
    const p = await engine.hashImage({ kind: 'encoded', bytes: ownBuffer(png) });
    expect([a.width, a.height]).toEqual([W, H]);
    expect(a.quality).toBeGreaterThanOrEqual(50);
    expect(hammingDistance(a.pdq, p.pdq)).toBeLessThanOrEqual(16);
    await expect(engine.hashImage({ kind: 'encoded', bytes: ownBuffer(avif) })).resolves.toEqual(a); // deterministic
  });
});
