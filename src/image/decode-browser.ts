// Browser (worker) decoding: PNG with safeseal's exact decoder; JPEG, WebP and GIF (first frame)
// with createImageBitmap + OffscreenCanvas after neutralising EXIF orientation. What is shown
// comes from the browser's own decoders: ImageDecoder for animation frames (composed and
// colour-managed as a page shows them), createImageBitmap with colour conversion for stills.
//
// Canvases are premultiplied: in WebP/GIF pixels with alpha 0 read back as black and translucent
// ones lose colour precision. Opaque pixels are exact. PNG, where transparency is common, is not
// affected because it never touches a canvas.

import { SafesealError } from '../errors.js';
import type { Pixels } from './pixels.js';
import type { Decoder } from './decoder.js';
import { decodeApngFrames } from './apng.js';
import { applyPngGamma } from './colour.js';
import { neutraliseOrientation } from './exif.js';
import { inflateWithStreams } from './inflate.js';
import { decodePng } from './png.js';
import { checkPixelLimit, MAX_FRAMES, type ImageHeader } from './sniff.js';

function canvasPixels(source: ImageBitmap | VideoFrame, width: number, height: number): Pixels {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new SafesealError('INTERNAL', 'OffscreenCanvas 2d context is unavailable');
  ctx.drawImage(source, 0, 0);
  const data = ctx.getImageData(0, 0, width, height).data;
  canvas.width = canvas.height = 0; // free the backing store now, not at GC
  return { width, height, channels: 4, data };
}

function checkSize(width: number, height: number, header: ImageHeader): void {
  if (width !== header.width || height !== header.height) {
    throw new SafesealError('CORRUPT_IMAGE', `decoded ${width}×${height}, but the header says ${header.width}×${header.height}`);
  }
}

/** Every frame as a page shows it, from the platform's ImageDecoder (WebCodecs). */
async function imageDecoderFrames(bytes: Uint8Array, header: ImageHeader): Promise<Pixels[]> {
  const decoder = new ImageDecoder({ data: bytes, type: header.mime, colorSpaceConversion: 'default', preferAnimation: true });
  try {
    await decoder.tracks.ready;
    await decoder.completed; // all data parsed: frameCount is final, not what the first bytes gave
    const track = decoder.tracks.selectedTrack;
    const count = track ? track.frameCount : 1;
    if (count > MAX_FRAMES)
      throw new SafesealError('IMAGE_TOO_LARGE', `${header.format.toUpperCase()} has ${count} frames; at most ${MAX_FRAMES} are scanned`);
    const frames: Pixels[] = [];
    for (let i = 0; i < count; i++) {
      const { image } = await decoder.decode({ frameIndex: i, completeFramesOnly: true });
      try {
        checkSize(image.displayWidth, image.displayHeight, header);
        frames.push(canvasPixels(image, image.displayWidth, image.displayHeight));
      } finally {
        image.close();
      }
    }
    return frames;
  } catch (e) {
    if (e instanceof SafesealError) throw e;
    throw new SafesealError('CORRUPT_IMAGE', `the browser could not decode the frames of this ${header.format.toUpperCase()}`, { cause: e });
  } finally {
    decoder.close();
  }
}

async function bitmapOf(bytes: Uint8Array, header: ImageHeader, options: ImageBitmapOptions): Promise<Pixels> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: header.mime }), options);
  } catch (e) {
    throw new SafesealError('CORRUPT_IMAGE', `the browser could not decode this ${header.format.toUpperCase()}`, { cause: e });
  }
  try {
    checkSize(bitmap.width, bitmap.height, header);
    return canvasPixels(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

export const browserDecoder: Decoder = {
  async decodeShown(bytes: Uint8Array, header: ImageHeader, stored: Pixels): Promise<Pixels[]> {
    if (header.animated) {
      if (typeof ImageDecoder !== 'undefined') return imageDecoderFrames(bytes, header);
      if (header.format === 'png') return applyPngGamma(bytes, await decodeApngFrames(bytes, inflateWithStreams));
      // Fail closed: showing frames we cannot scan would be the evasion this exists to stop.
      throw new SafesealError(
        'UNSUPPORTED_FORMAT',
        `animated ${header.format.toUpperCase()} needs ImageDecoder (WebCodecs), which this browser lacks`,
      );
    }
    if (!header.colourManaged) return [stored];
    // The bytes' orientation is already 1: the engine turns the pixels itself, on every platform.
    return [await bitmapOf(bytes, header, { imageOrientation: 'none', premultiplyAlpha: 'none', colorSpaceConversion: 'default' })];
  },

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
        throw new SafesealError('CORRUPT_IMAGE', `decoded ${bitmap.width}×${bitmap.height}, but the header says ${header.width}×${header.height}`);
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
