// The decoder the engine is built with: one per platform (browser worker, Node worker).

import type { Pixels } from './pixels.js';
import type { ImageHeader } from './sniff.js';

export interface Decoder {
  /**
   * Decodes the bytes of an image `inspectImage` accepted, to pixels as stored (no EXIF rotation,
   * no colour management). May modify `bytes`, which the engine owns.
   * @throws SafesealError CORRUPT_IMAGE when the decoder rejects the data.
   */
  decode(bytes: Uint8Array, header: ImageHeader): Promise<Pixels>;
  /**
   * Decodes what a browser shows, for a header that is `animated` or `colourManaged`: every frame
   * composed as shown (at most MAX_FRAMES), converted to sRGB (gAMA, ICC). EXIF orientation is
   * not applied (the engine applies it to every frame). `bytes` are those `decode` was given
   * (orientation already neutralised); `stored` is what it returned.
   * @throws SafesealError CORRUPT_IMAGE, UNSUPPORTED_FORMAT (the platform cannot decode the frames)
   */
  decodeShown(bytes: Uint8Array, header: ImageHeader, stored: Pixels): Promise<Pixels[]>;
  /** Reads an ImageBitmap's pixels; absent where ImageBitmap does not exist (Node). */
  decodeBitmap?(bitmap: ImageBitmap, maxPixels: number): Promise<Pixels>;
}
