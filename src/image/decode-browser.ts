// Browser (worker) decoding: PNG with safeseal's exact decoder; JPEG, WebP and GIF (first frame)
// with createImageBitmap + OffscreenCanvas after neutralising EXIF orientation.
//
// Canvases are premultiplied: in WebP/GIF pixels with alpha 0 read back as black and translucent
// ones lose colour precision. Opaque pixels are exact. PNG, where transparency is common, is not
// affected because it never touches a canvas.

import { SafesealError } from '../errors.js';
import type { Pixels } from './pixels.js';
import type { Decoder } from './decoder.js';
import { neutraliseOrientation } from './exif.js';
import { decodePng, inflateWithStreams } from './png.js';
import { checkPixelLimit, type ImageHeader } from './sniff.js';

function canvasPixels(source: ImageBitmap, width: number, height: number): Pixels {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new SafesealError('INTERNAL', 'OffscreenCanvas 2d context is unavailable');
  ctx.drawImage(source, 0, 0);
  const data = ctx.getImageData(0, 0, width, height).data;
  canvas.width = canvas.height = 0; // free the backing store now, not at GC
  return { width, height, channels: 4, data };
}

export const browserDecoder: Decoder = {
  async decode(bytes: Uint8Array, header: ImageHeader): Promise<Pixels> {
    if (header.format === 'png') return decodePng(bytes, inflateWithStreams);
    neutraliseOrientation(bytes, header.format);
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: header.mime }), {
        imageOrientation: 'none',
        premultiplyAlpha: 'none',
        colorSpaceConversion: 'none',
      });
    } catch (e) {
      throw new SafesealError('CORRUPT_IMAGE', `the browser could not decode this ${header.format.toUpperCase()}`, { cause: e });
    }
    try {
      if (bitmap.width !== header.width || bitmap.height !== header.height) {
        throw new SafesealError(
          'CORRUPT_IMAGE',
          `decoded ${bitmap.width}×${bitmap.height}, but the header says ${header.width}×${header.height}`,
        );
      }
      return canvasPixels(bitmap, bitmap.width, bitmap.height);
    } finally {
      bitmap.close();
    }
  },

  async decodeBitmap(bitmap: ImageBitmap, maxPixels: number): Promise<Pixels> {
    checkPixelLimit(bitmap.width, bitmap.height, maxPixels, 'ImageBitmap');
    try {
      return canvasPixels(bitmap, bitmap.width, bitmap.height);
    } finally {
      bitmap.close(); // our structured-clone copy
    }
  },
};
