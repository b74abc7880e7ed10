// Decode once: turns a checked WorkerImage into the pixels every later stage shares, after the
// header has been sniffed and the pixel limit enforced, and the SHA-256 of the encoded bytes.
//
// Two sets of pixels, because every difference between what the SDK scans and what a browser
// shows is a way past it: `stored` follows PDQ's reference convention (first frame as stored: no
// colour management, no EXIF rotation), which lists built by other tools hash; `shown` holds what
// viewers display when that differs — every animation frame as composed, gAMA / ICC applied, EXIF
// orientation applied. Matching (and later classification) uses both.

import { sha256Hex } from '../crypto/digest.js';
import { SafesealError } from '../errors.js';
import type { Decoder } from '../image/decoder.js';
import { readOrientation } from '../image/exif.js';
import { applyOrientation } from '../image/orientation.js';
import type { Pixels } from '../image/pixels.js';
import { checkPixelLimit, inspectImage } from '../image/sniff.js';
import type { WorkerImage } from '../protocol.js';

/** An image decoded once, for every stage. */
export interface DecodedImage {
  /** The first frame as stored: what PDQ's reference convention hashes. */
  readonly stored: Pixels;
  /**
   * What browsers show where it may differ from `stored`: every animation frame (at most
   * MAX_FRAMES), colour-managed to sRGB, EXIF orientation applied. Empty for a still image with
   * nothing to apply, and for pixel and bitmap input (already as shown).
   */
  readonly shown: readonly Pixels[];
  /** SHA-256 (hex) of the encoded bytes; null for pixel and bitmap input, or when not asked for. */
  readonly sha256: string | null;
  /** Media type of the encoded file (null for pixel and bitmap input). */
  readonly mime: string | null;
}

/** Which pixels a stage needs: the stored ones only (cheaper), or those shown too. */
export type DecodeScope = 'stored' | 'shown';

/**
 * Decodes `image` within `maxPixels` (over all frames shown); `digest` asks for the SHA-256 of
 * encoded bytes; `scope` 'shown' also decodes what browsers display.
 * @throws SafesealError UNSUPPORTED_FORMAT, CORRUPT_IMAGE, IMAGE_TOO_LARGE, INVALID_ARGUMENT
 */
export async function decodeImage(
  image: WorkerImage,
  decoder: Decoder,
  maxPixels: number,
  digest: boolean,
  scope: DecodeScope = 'stored',
): Promise<DecodedImage> {
  switch (image.kind) {
    case 'encoded': {
      const bytes = new Uint8Array(image.bytes);
      const header = inspectImage(bytes, maxPixels);
      const sha256 = digest ? await sha256Hex(bytes) : null; // before the decoder may rewrite EXIF in place
      const orientation = readOrientation(bytes, header.format); // likewise
      const stored = await decoder.decode(bytes, header);
      if (stored.width !== header.width || stored.height !== header.height) {
        throw new SafesealError('CORRUPT_IMAGE', `decoded ${stored.width}×${stored.height}, header says ${header.width}×${header.height}`);
      }
      if (scope === 'stored' || (!header.animated && !header.colourManaged && orientation === 1))
        return { stored, shown: [], sha256, mime: header.mime };
      const frames = header.animated || header.colourManaged ? await decoder.decodeShown(bytes, header, stored) : [stored];
      return { stored, shown: frames.map((f) => applyOrientation(f, orientation)), sha256, mime: header.mime };
    }
    case 'pixels': {
      checkPixelLimit(image.width, image.height, maxPixels, 'ImageData');
      return { stored: { width: image.width, height: image.height, channels: 4, data: image.data }, shown: [], sha256: null, mime: null };
    }
    case 'bitmap': {
      if (!decoder.decodeBitmap) throw new SafesealError('INVALID_ARGUMENT', 'ImageBitmap input is not available on this platform');
      return { stored: await decoder.decodeBitmap(image.bitmap, maxPixels), shown: [], sha256: null, mime: null };
    }
  }
}
