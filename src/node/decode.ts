// Node decoding: PNG with safeseal's own decoder (the same code browsers run, so PNG hashes are
// identical everywhere), JPEG / WebP / GIF with sharp (libvips). sharp is asked for pixels as
// stored: no EXIF rotation, no ICC conversion, first frame only — the reference's convention.

import { createInflate } from 'node:zlib';
import sharp from 'sharp';
import { SafesealError } from '../errors.js';
import type { Decoder } from '../image/decoder.js';
import { decodeApngFrames } from '../image/apng.js';
import { applyPngGamma } from '../image/colour.js';
import { InflateOutput, type Inflate } from '../image/inflate.js';
import { decodePng, forEachChunk } from '../image/png.js';
import { MAX_FRAMES, type ImageHeader } from '../image/sniff.js';
import type { Pixels } from '../image/pixels.js';

// libvips's operation cache (by default up to 50 MB and 100 operations) would keep the pixels of
// recently scanned images in memory after their scan — content the SDK has no reason to hold, and
// most of the soak benchmark's RSS growth. The cache is per process: this also applies to an app
// that uses sharp itself (its operations are simply recomputed).
sharp.cache(false);

/**
 * zlib inflate, streamed: memory grows with the output that arrives and reading stops at
 * `expected` bytes; output beyond them and bytes after the stream's end are ignored (as libpng).
 */
export const zlibInflate: Inflate = (data, expected) =>
  new Promise((resolve, reject) => {
    const out = new InflateOutput(expected);
    const z = createInflate();
    const settle = (error: SafesealError | null): void => {
      z.removeAllListeners('data');
      z.destroy();
      if (error) reject(error);
      else {
        try {
          resolve(out.bytes());
        } catch (e) {
          reject(e);
        }
      }
    };
    z.on('data', (chunk: Buffer) => {
      if (out.push(chunk)) settle(null);
    });
    z.on('end', () => settle(null));
    z.on('error', (err) => (out.full ? settle(null) : settle(new SafesealError('CORRUPT_IMAGE', 'PNG image data does not inflate', { cause: err }))));
    z.end(data);
  });

/**
 * CMYK (as libvips reports it: 0 = no ink) to RGB the way browsers (Skia) and the reference C++
 * (CImg) do it — R = (255 − C)(255 − K) / 255, rounded — rather than through an ICC profile,
 * so a CMYK JPEG hashes alike in Node, in Chromium and in the reference.
 */
export function cmykToRgb(cmyk: Uint8Array, pixels: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0, s = 0, d = 0; i < pixels; i++, s += 4, d += 3) {
    const k = 255 - cmyk[s + 3];
    for (let c = 0; c < 3; c++) {
      const prod = (255 - cmyk[s + c]) * k + 128;
      rgb[d + c] = (prod + (prod >> 8)) >> 8; // round(prod / 255), exactly, for 0..255²
    }
  }
  return rgb;
}

/** Frames of an animated GIF / WebP as libvips composes them (disposal, blending), ICC → sRGB. */
async function sharpFrames(bytes: Uint8Array, header: ImageHeader): Promise<Pixels[]> {
  const { data, info } = await sharp(bytes, {
    animated: true,
    autoOrient: false,
    failOn: 'error',
    limitInputPixels: header.width * header.height * header.frames,
  })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pageHeight = info.pageHeight ?? info.height;
  const pages = Math.min(MAX_FRAMES, Math.floor(info.height / pageHeight));
  const frameBytes = info.width * pageHeight * 4;
  return Array.from({ length: pages }, (_, i) => ({
    width: info.width,
    height: pageHeight,
    channels: 4 as const,
    data: new Uint8Array(data.buffer, data.byteOffset + i * frameBytes, frameBytes),
  }));
}

/** A still image decoded as shown: sharp's default ICC → sRGB conversion, no rotation. */
async function sharpShown(bytes: Uint8Array, header: ImageHeader): Promise<Pixels> {
  const { data, info } = await sharp(bytes, { autoOrient: false, failOn: 'error', limitInputPixels: header.width * header.height, pages: 1, page: 0 })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** True when the PNG has an iCCP chunk before its image data. */
function pngHasIcc(bytes: Uint8Array): boolean {
  let icc = false;
  let idat = false;
  forEachChunk(bytes, (type) => {
    if (type === 'IDAT') idat = true;
    if (!idat && type === 'iCCP') icc = true;
  });
  return icc;
}

export const nodeDecoder: Decoder = {
  async decodeShown(bytes: Uint8Array, header: ImageHeader, stored: Pixels): Promise<Pixels[]> {
    try {
      if (header.format === 'png') {
        // Our own APNG compositor (PNG is always our own decoder); ICC through libvips for stills.
        if (header.animated) return applyPngGamma(bytes, await decodeApngFrames(bytes, zlibInflate));
        if (pngHasIcc(bytes)) return [await sharpShown(bytes, header)];
        return applyPngGamma(bytes, [stored]);
      }
      if (header.animated) return await sharpFrames(bytes, header);
      return header.colourManaged ? [await sharpShown(bytes, header)] : [stored];
    } catch (e) {
      if (e instanceof SafesealError) throw e;
      throw new SafesealError('CORRUPT_IMAGE', `could not decode this ${header.format.toUpperCase()} as shown: ${(e as Error).message}`, {
        cause: e,
      });
    }
  },

  async decode(bytes: Uint8Array, header: ImageHeader): Promise<Pixels> {
    if (header.format === 'png') return decodePng(bytes, zlibInflate);
    try {
      const image = sharp(bytes, {
        autoOrient: false,
        ignoreIcc: true,
        failOn: 'error',
        limitInputPixels: header.width * header.height,
        pages: 1,
        page: 0,
      });
      const cmyk = header.format === 'jpeg' && (await image.metadata()).space === 'cmyk';
      // Both calls are needed for libvips to hand back the stored samples untouched; toColourspace
      // alone round-trips them through its default CMYK profile (and regenerates K).
      if (cmyk) image.pipelineColourspace('cmyk').toColourspace('cmyk');
      const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
      const samples = new Uint8Array(data.buffer, data.byteOffset, data.length);
      if (cmyk) return { width: info.width, height: info.height, channels: 3, data: cmykToRgb(samples, info.width * info.height) };
      return { width: info.width, height: info.height, channels: info.channels, data: samples };
    } catch (e) {
      throw new SafesealError('CORRUPT_IMAGE', `could not decode this ${header.format.toUpperCase()}: ${(e as Error).message}`, { cause: e });
    }
  },
};
