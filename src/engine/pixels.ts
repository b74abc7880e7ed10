// Decode once: turns a checked WorkerImage into the pixels every later stage shares, after the
// header has been sniffed and the pixel limit enforced, and the SHA-256 of the encoded bytes.

import { sha256Hex } from '../crypto/digest.js';
import { SafesealError } from '../errors.js';
import type { Decoder } from '../image/decoder.js';
import type { Pixels } from '../image/pixels.js';
import { checkPixelLimit, inspectImage } from '../image/sniff.js';
import type { WorkerImage } from '../protocol.js';

/** Decoded pixels and the SHA-256 (hex) of the encoded bytes (null for pixel and bitmap input). */
export interface DecodedImage {
  readonly pixels: Pixels;
  readonly sha256: string | null;
  /** Media type of the encoded file (null for pixel and bitmap input). */
  readonly mime: string | null;
}

/**
 * Decodes `image` within `maxPixels`; `digest` asks for the SHA-256 of encoded bytes.
 * @throws SafesealError UNSUPPORTED_FORMAT, CORRUPT_IMAGE, IMAGE_TOO_LARGE, INVALID_ARGUMENT
 */
export async function decodeImage(image: WorkerImage, decoder: Decoder, maxPixels: number, digest: boolean): Promise<DecodedImage> {
  switch (image.kind) {
    case 'encoded': {
      const bytes = new Uint8Array(image.bytes);
      const header = inspectImage(bytes, maxPixels);
      const sha256 = digest ? await sha256Hex(bytes) : null; // before the decoder may rewrite EXIF in place
      const pixels = await decoder.decode(bytes, header);
      if (pixels.width !== header.width || pixels.height !== header.height) {
        throw new SafesealError('CORRUPT_IMAGE', `decoded ${pixels.width}×${pixels.height}, header says ${header.width}×${header.height}`);
      }
      return { pixels, sha256, mime: header.mime };
    }
    case 'pixels': {
      checkPixelLimit(image.width, image.height, maxPixels, 'ImageData');
      return { pixels: { width: image.width, height: image.height, channels: 4, data: image.data }, sha256: null, mime: null };
    }
    case 'bitmap': {
      if (!decoder.decodeBitmap) throw new SafesealError('INVALID_ARGUMENT', 'ImageBitmap input is not available on this platform');
      return { pixels: await decoder.decodeBitmap(image.bitmap, maxPixels), sha256: null, mime: null };
    }
  }
}
