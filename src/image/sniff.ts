// Identifies an encoded image from its bytes, reads its dimensions from the header, enforces the
// pixel limit before anything large is allocated, then walks the file's structure to catch
// truncation and corruption that browsers would silently decode as a partial image.

import { SafesealError } from '../errors.js';
import { inspectAvif, isIsoBmff } from './avif.js';
import { fourcc, startsWith, truncated, u16be, u16le, u24le, u32be, u32le } from './bytes.js';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

export interface ImageHeader {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** MIME type, for decoders that want one. */
  readonly mime: string;
}

/** Default for `maxPixels`: 50 megapixels. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Throws IMAGE_TOO_LARGE when width × height exceeds `maxPixels`, CORRUPT_IMAGE for a zero side.
 */
export function checkPixelLimit(width: number, height: number, maxPixels: number, what = 'image'): void {
  if (!(width > 0 && height > 0)) throw new SafesealError('CORRUPT_IMAGE', `${what} has a zero dimension (${width}×${height})`);
  if (width * height > maxPixels) {
    throw new SafesealError('IMAGE_TOO_LARGE', `${what} is ${width}×${height} = ${width * height} pixels; the limit is ${maxPixels}`);
  }
}

/**
 * Sniffs the format, checks the pixel limit, then validates the whole structure.
 * @throws SafesealError UNSUPPORTED_FORMAT (empty, unknown or unsupported bytes), IMAGE_TOO_LARGE,
 *   CORRUPT_IMAGE (truncated or malformed file of a known format).
 */
export function inspectImage(bytes: Uint8Array, maxPixels: number = DEFAULT_MAX_PIXELS): ImageHeader {
  if (bytes.length === 0) throw new SafesealError('UNSUPPORTED_FORMAT', 'input is empty');
  const limit = (format: ImageFormat, mime: string) => (width: number, height: number): ImageHeader => {
    checkPixelLimit(width, height, maxPixels, format.toUpperCase());
    return { format, width, height, mime };
  };
  if (startsWith(bytes, PNG_SIG)) return inspectPng(bytes, limit('png', 'image/png'));
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return inspectJpeg(bytes, limit('jpeg', 'image/jpeg'));
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) {
    return inspectGif(bytes, limit('gif', 'image/gif'));
  }
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return inspectWebp(bytes, limit('webp', 'image/webp'));
  }
  if (isIsoBmff(bytes)) {
    // AVIF; HEIC and other HEIF brands are refused by name inside.
    const { width, height } = inspectAvif(bytes, (w, h, what) => checkPixelLimit(w, h, maxPixels, what));
    return limit('avif', 'image/avif')(width, height);
  }
  const other = knownUnsupported(bytes);
  throw new SafesealError('UNSUPPORTED_FORMAT', other ? `${other} images are not supported (JPEG, PNG, WebP, GIF, AVIF are)` : 'input is not a JPEG, PNG, WebP, GIF or AVIF image');
}

function knownUnsupported(b: Uint8Array): string | null {
  if (startsWith(b, [0x42, 0x4d])) return 'BMP';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF';
  return null;
}

type Finish = (width: number, height: number) => ImageHeader;

// ---- PNG: signature, IHDR first, chunks that fit, at least one IDAT, IEND last.

const PNG_COLOUR_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

function inspectPng(b: Uint8Array, finish: Finish): ImageHeader {
  const ihdrLen = u32be(b, 8, 'PNG header');
  if (fourcc(b, 12, 'PNG header') !== 'IHDR' || ihdrLen !== 13) throw new SafesealError('CORRUPT_IMAGE', 'PNG does not start with an IHDR chunk');
  const width = u32be(b, 16, 'PNG header');
  const height = u32be(b, 20, 'PNG header');
  if (width > 0x7fffffff || height > 0x7fffffff) throw new SafesealError('CORRUPT_IMAGE', 'PNG dimensions out of range');
  const header = finish(width, height);
  if (b.length < 33) throw truncated('PNG header');
  const depth = b[24];
  const colour = b[25];
  if (!PNG_COLOUR_DEPTHS[colour]?.includes(depth)) throw new SafesealError('CORRUPT_IMAGE', `PNG colour type ${colour} with bit depth ${depth} is invalid`);
  if (b[26] !== 0 || b[27] !== 0 || b[28] > 1) throw new SafesealError('CORRUPT_IMAGE', 'PNG compression, filter or interlace method is invalid');
  let pos = 8;
  let idat = 0;
  for (;;) {
    if (pos + 12 > b.length) throw truncated('PNG: no IEND chunk');
    const len = u32be(b, pos, 'PNG chunk');
    const type = fourcc(b, pos + 4, 'PNG chunk');
    if (len > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) throw new SafesealError('CORRUPT_IMAGE', 'PNG chunk header is invalid');
    if (pos + 12 + len > b.length) throw truncated(`PNG: ${type} chunk runs past the end`);
    if (type === 'IHDR' && pos !== 8) throw new SafesealError('CORRUPT_IMAGE', 'PNG has a second IHDR');
    if (type === 'IDAT') idat++;
    pos += 12 + len;
    if (type === 'IEND') break;
  }
  if (idat === 0) throw new SafesealError('CORRUPT_IMAGE', 'PNG has no IDAT chunk');
  return header;
}

// ---- JPEG: marker segments that fit, a frame header, entropy-coded scans, an EOI marker.

function isSof(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

function inspectJpeg(b: Uint8Array, finish: Finish): ImageHeader {
  let header: ImageHeader | null = null;
  let scans = 0;
  let pos = 2;
  for (;;) {
    if (pos >= b.length) throw truncated('JPEG: no EOI marker');
    if (b[pos] !== 0xff) throw new SafesealError('CORRUPT_IMAGE', `JPEG: expected a marker at byte ${pos}`);
    while (pos < b.length && b[pos] === 0xff) pos++; // fill bytes
    if (pos >= b.length) throw truncated('JPEG: no EOI marker');
    const marker = b[pos++];
    if (marker === 0xd9) break; // EOI
    if (marker === 0xd8 || marker === 0x00) throw new SafesealError('CORRUPT_IMAGE', 'JPEG: unexpected marker');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // standalone markers
    const len = u16be(b, pos, 'JPEG segment');
    if (len < 2 || pos + len > b.length) throw truncated('JPEG segment');
    if (isSof(marker)) {
      if (len < 8) throw new SafesealError('CORRUPT_IMAGE', 'JPEG frame header is too short');
      if (header) throw new SafesealError('CORRUPT_IMAGE', 'JPEG has two frame headers');
      const height = u16be(b, pos + 3, 'JPEG frame header');
      const width = u16be(b, pos + 5, 'JPEG frame header');
      header = finish(width, height);
    }
    pos += len;
    if (marker === 0xda) {
      if (!header) throw new SafesealError('CORRUPT_IMAGE', 'JPEG scan before the frame header');
      scans++;
      // Entropy-coded data ends at the first 0xFF not followed by 0x00 (stuffing), a restart
      // marker or another 0xFF (fill).
      for (;;) {
        const ff = b.indexOf(0xff, pos);
        if (ff < 0 || ff + 1 >= b.length) throw truncated('JPEG: no EOI marker');
        const next = b[ff + 1];
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
          pos = ff + 2;
          continue;
        }
        pos = ff;
        break;
      }
    }
  }
  if (!header) throw new SafesealError('CORRUPT_IMAGE', 'JPEG has no frame header');
  if (scans === 0) throw new SafesealError('CORRUPT_IMAGE', 'JPEG has no image data');
  return header;
}

// ---- GIF: logical screen, blocks that fit, at least one image, the trailer.

function skipSubBlocks(b: Uint8Array, pos: number): number {
  for (;;) {
    if (pos >= b.length) throw truncated('GIF data');
    const size = b[pos];
    pos += 1 + size;
    if (size === 0) return pos;
  }
}

function inspectGif(b: Uint8Array, finish: Finish): ImageHeader {
  const width = u16le(b, 6, 'GIF header');
  const height = u16le(b, 8, 'GIF header');
  const header = finish(width, height);
  if (b.length < 13) throw truncated('GIF header');
  let pos = 13;
  if (b[10] & 0x80) pos += 3 << ((b[10] & 7) + 1);
  let images = 0;
  for (;;) {
    if (pos >= b.length) throw truncated('GIF: no trailer');
    const block = b[pos];
    if (block === 0x3b) break;
    if (block === 0x21) {
      pos = skipSubBlocks(b, pos + 2);
    } else if (block === 0x2c) {
      const fw = u16le(b, pos + 5, 'GIF image descriptor');
      const fh = u16le(b, pos + 7, 'GIF image descriptor');
      if (images === 0) checkFrame(fw, fh, header);
      if (pos + 10 > b.length) throw truncated('GIF image descriptor');
      const packed = b[pos + 9];
      pos += 10;
      if (packed & 0x80) pos += 3 << ((packed & 7) + 1);
      pos = skipSubBlocks(b, pos + 1); // + LZW minimum code size
      images++;
    } else {
      throw new SafesealError('CORRUPT_IMAGE', `GIF: unknown block 0x${block.toString(16)}`);
    }
  }
  if (images === 0) throw new SafesealError('CORRUPT_IMAGE', 'GIF has no image');
  return header;
}

function checkFrame(fw: number, fh: number, header: ImageHeader): void {
  if (fw === 0 || fh === 0) throw new SafesealError('CORRUPT_IMAGE', 'GIF frame has a zero dimension');
  // A frame larger than the screen would make decoders allocate more than the header says.
  if (fw > header.width || fh > header.height) throw new SafesealError('CORRUPT_IMAGE', 'GIF frame is larger than its logical screen');
}

// ---- WebP: RIFF container whose size fits, chunks that fit, a VP8/VP8L/VP8X header.

function inspectWebp(b: Uint8Array, finish: Finish): ImageHeader {
  const riffSize = u32le(b, 4, 'WebP header');
  const end = 8 + riffSize;
  if (riffSize < 4 || end > b.length) throw truncated('WebP: RIFF size runs past the end');
  let header: ImageHeader | null = null;
  let image = false;
  let pos = 12;
  while (pos < end) {
    const type = fourcc(b, pos, 'WebP chunk');
    const size = u32le(b, pos + 4, 'WebP chunk');
    const data = pos + 8;
    if (data + size > end) throw truncated(`WebP: ${type} chunk runs past the end`);
    if (pos === 12) header = finish(...webpDimensions(b, type, data, size));
    if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF') image = true;
    pos = data + size + (size & 1);
  }
  if (!header || !image) throw new SafesealError('CORRUPT_IMAGE', 'WebP has no image data');
  return header;
}

function webpDimensions(b: Uint8Array, type: string, p: number, size: number): [number, number] {
  if (type === 'VP8X') {
    if (size < 10) throw truncated('WebP VP8X chunk');
    return [u24le(b, p + 4, 'WebP VP8X') + 1, u24le(b, p + 7, 'WebP VP8X') + 1];
  }
  if (type === 'VP8L') {
    if (size < 5 || b[p] !== 0x2f) throw new SafesealError('CORRUPT_IMAGE', 'WebP VP8L header is invalid');
    const bits = u32le(b, p + 1, 'WebP VP8L');
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (type === 'VP8 ') {
    if (size < 10 || !startsWith(b, [0x9d, 0x01, 0x2a], p + 3)) throw new SafesealError('CORRUPT_IMAGE', 'WebP VP8 header is invalid');
    return [u16le(b, p + 6, 'WebP VP8') & 0x3fff, u16le(b, p + 8, 'WebP VP8') & 0x3fff];
  }
  throw new SafesealError('CORRUPT_IMAGE', `WebP starts with an unexpected ${JSON.stringify(type)} chunk`);
}
