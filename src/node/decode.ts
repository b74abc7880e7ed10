// Node decoding: PNG with safeseal's own decoder (the same code browsers run, so PNG hashes are
// identical everywhere), JPEG / WebP / GIF with sharp (libvips). sharp is asked for pixels as
// stored: no EXIF rotation, no ICC conversion, first frame only — the reference's convention.

import { inflate } from 'node:zlib';
import sharp from 'sharp';
import { SafesealError } from '../errors.js';
import type { Decoder } from '../image/decoder.js';
import { decodePng, type Inflate } from '../image/png.js';
import type { ImageHeader } from '../image/sniff.js';
import type { Pixels } from '../pdq/pixels.js';

/** zlib inflate bounded to the expected size (a larger output is refused, not allocated). */
export const zlibInflate: Inflate = (data, expected) =>
  new Promise((resolve, reject) => {
    inflate(data, { maxOutputLength: Math.max(1, expected) }, (err, out) => {
      if (err) return reject(new SafesealError('CORRUPT_IMAGE', 'PNG image data does not inflate', { cause: err }));
      if (out.length !== expected) return reject(new SafesealError('CORRUPT_IMAGE', `PNG image data has ${out.length} bytes, expected ${expected}`));
      resolve(new Uint8Array(out.buffer, out.byteOffset, out.length));
    });
  });

export const nodeDecoder: Decoder = {
  async decode(bytes: Uint8Array, header: ImageHeader): Promise<Pixels> {
    if (header.format === 'png') return decodePng(bytes, zlibInflate);
    try {
      const { data, info } = await sharp(bytes, {
        autoOrient: false,
        ignoreIcc: true,
        failOn: 'error',
        limitInputPixels: header.width * header.height,
        pages: 1,
        page: 0,
      })
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    } catch (e) {
      throw new SafesealError('CORRUPT_IMAGE', `could not decode this ${header.format.toUpperCase()}: ${(e as Error).message}`, { cause: e });
    }
  },
};
