// Node decoding: PNG with safeseal's own decoder (the same code browsers run, so PNG hashes are
// identical everywhere), JPEG / WebP / GIF with sharp (libvips). sharp is asked for pixels as
// stored: no EXIF rotation, no ICC conversion, first frame only — the reference's convention.

import { inflate } from 'node:zlib';
import sharp from 'sharp';
import { SafesealError } from '../errors.js';
import type { Decoder } from '../image/decoder.js';
import { decodePng, type Inflate } from '../image/png.js';
import type { ImageHeader } from '../image/sniff.js';
import type { Pixels } from '../image/pixels.js';

// libvips's operation cache (by default up to 50 MB and 100 operations) would keep the pixels of
// recently scanned images in memory after their scan — content the SDK has no reason to hold, and
// most of the soak benchmark's RSS growth. The cache is per process: this also applies to an app
// that uses sharp itself (its operations are simply recomputed).
sharp.cache(false);

/** zlib inflate bounded to the expected size (a larger output is refused, not allocated). */
export const zlibInflate: Inflate = (data, expected) =>
  new Promise((resolve, reject) => {
    inflate(data, { maxOutputLength: Math.max(1, expected) }, (err, out) => {
      if (err) return reject(new SafesealError('CORRUPT_IMAGE', 'PNG image data does not inflate', { cause: err }));
      if (out.length !== expected) return reject(new SafesealError('CORRUPT_IMAGE', `PNG image data has ${out.length} bytes, expected ${expected}`));
      resolve(new Uint8Array(out.buffer, out.byteOffset, out.length));
    });
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

export const nodeDecoder: Decoder = {
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
