// Identifies an encoded image from its bytes, reads its dimensions from the header, enforces the
// pixel limit before anything large is allocated, then walks the file's structure to catch
// truncation and corruption that browsers would silently decode as a partial image.

import { SafesealError } from '../errors.js';
import { fourcc, startsWith, truncated, u16be, u16le, u24le, u32be, u32le } from './bytes.js';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp';

export interface ImageHeader {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** MIME type, for decoders that want one. */
  readonly mime: string;
  /** Frames a browser shows in turn: 1 for a still image, up to MAX_FRAMES for an animation. */
  readonly frames: number;
  /**
   * Browsers show animation frames rather than (only) the stored first image: GIF or WebP with
   * more than one frame, any APNG (whose frames may not include the default image at all).
   */
  readonly animated: boolean;
  /**
   * The file carries colour information browsers apply when they show it (PNG iCCP, or gAMA /
   * cHRM without sRGB; a JPEG or WebP ICC profile), so the pixels shown may differ from those stored.
   */
  readonly colourManaged: boolean;
}

/** Most animation frames scanned (each one is decoded, composed and hashed); more is IMAGE_TOO_LARGE. */
export const MAX_FRAMES = 64;

/** Default for `maxPixels`: 50 megapixels. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/**
 * Longest side accepted, in pixels, whatever `maxPixels` allows: a PNG of a few KB can claim
 * 5 × 10,000,000 pixels. PDQ's work is O(side) per side (see pdq/downsample.ts), so this bounds
 * the per-side cost; 1,000,000 still admits any real panorama (the widest cameras stitch ~100,000).
 */
export const MAX_IMAGE_SIDE = 1_000_000;

/** What the structure walk learns beyond the dimensions. */
interface Traits {
  frames: number;
  animated: boolean;
  colourManaged: boolean;
}

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Throws IMAGE_TOO_LARGE when width × height exceeds `maxPixels` or a side exceeds
 * MAX_IMAGE_SIDE, CORRUPT_IMAGE for a zero side. Sides and limit in pixels.
 */
export function checkPixelLimit(width: number, height: number, maxPixels: number, what = 'image'): void {
  if (!(width > 0 && height > 0)) throw new SafesealError('CORRUPT_IMAGE', `${what} has a zero dimension (${width}×${height})`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new SafesealError('IMAGE_TOO_LARGE', `${what} is ${width}×${height}; the longest side accepted is ${MAX_IMAGE_SIDE} pixels`);
  }
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
  const limit = (format: ImageFormat, mime: string) => (width: number, height: number) => {
    checkPixelLimit(width, height, maxPixels, format.toUpperCase());
    return (traits: Traits): ImageHeader => {
      if (traits.frames > MAX_FRAMES) throw new SafesealError('IMAGE_TOO_LARGE', `${format.toUpperCase()} has ${traits.frames} frames; at most ${MAX_FRAMES} are scanned`);
      // Every frame is decoded and hashed: the pixel budget covers them all.
      if (traits.frames * width * height > maxPixels) {
        throw new SafesealError('IMAGE_TOO_LARGE', `${traits.frames} frames of ${width}×${height} exceed the limit of ${maxPixels} pixels scanned`);
      }
      return { format, width, height, mime, ...traits };
    };
  };
  if (startsWith(bytes, PNG_SIG)) return inspectPng(bytes, limit('png', 'image/png'));
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return inspectJpeg(bytes, limit('jpeg', 'image/jpeg'));
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) {
    return inspectGif(bytes, limit('gif', 'image/gif'));
  }
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return inspectWebp(bytes, limit('webp', 'image/webp'));
  }
  const other = knownUnsupported(bytes);
  throw new SafesealError('UNSUPPORTED_FORMAT', other ? `${other} images are not supported (JPEG, PNG, WebP, GIF are)` : 'input is not a JPEG, PNG, WebP or GIF image');
}

function knownUnsupported(b: Uint8Array): string | null {
  if (startsWith(b, [0x42, 0x4d])) return 'BMP';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF';
  if (startsWith(b, [0x66, 0x74, 0x79, 0x70], 4)) return 'HEIF/AVIF';
  return null;
}

/** Checks the dimensions (before anything else is read), then completes the header. */
type Finish = (width: number, height: number) => (traits: Traits) => ImageHeader;

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
  const seen = new Set<string>();
  let claimedFrames = 0;
  let fctl = 0;
  for (;;) {
    if (pos + 12 > b.length) throw truncated('PNG: no IEND chunk');
    const len = u32be(b, pos, 'PNG chunk');
    const type = fourcc(b, pos + 4, 'PNG chunk');
    if (len > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) throw new SafesealError('CORRUPT_IMAGE', 'PNG chunk header is invalid');
    if (pos + 12 + len > b.length) throw truncated(`PNG: ${type} chunk runs past the end`);
    if (type === 'IHDR' && pos !== 8) throw new SafesealError('CORRUPT_IMAGE', 'PNG has a second IHDR');
    if (type === 'IDAT') idat++;
    if (idat === 0) seen.add(type); // colour and animation chunks count only before the image data
    if (type === 'acTL' && idat === 0) {
      if (len !== 8) throw new SafesealError('CORRUPT_IMAGE', 'APNG acTL chunk has the wrong length');
      claimedFrames = u32be(b, pos + 8, 'APNG acTL');
      if (claimedFrames > MAX_FRAMES) throw new SafesealError('IMAGE_TOO_LARGE', `APNG claims ${claimedFrames} frames; at most ${MAX_FRAMES} are scanned`);
    }
    if (type === 'fcTL') {
      checkApngFrame(b, pos + 8, len, width, height, fctl);
      fctl++;
    }
    pos += 12 + len;
    if (type === 'IEND') break;
  }
  if (idat === 0) throw new SafesealError('CORRUPT_IMAGE', 'PNG has no IDAT chunk');
  // An APNG shows its fcTL frames (not the default image, unless it has an fcTL of its own).
  const animated = seen.has('acTL') && claimedFrames > 0 && fctl > 0;
  const colourManaged = seen.has('iCCP') || ((seen.has('gAMA') || seen.has('cHRM')) && !seen.has('sRGB'));
  return header({ frames: animated ? Math.min(fctl, claimedFrames) : 1, animated, colourManaged });
}

/** An APNG frame control must put a non-empty frame inside the canvas (browsers refuse it otherwise). */
function checkApngFrame(b: Uint8Array, p: number, len: number, width: number, height: number, index: number): void {
  if (len !== 26) throw new SafesealError('CORRUPT_IMAGE', 'APNG fcTL chunk has the wrong length');
  const fw = u32be(b, p + 4, 'APNG fcTL');
  const fh = u32be(b, p + 8, 'APNG fcTL');
  const x = u32be(b, p + 12, 'APNG fcTL');
  const y = u32be(b, p + 16, 'APNG fcTL');
  if (fw === 0 || fh === 0 || x + fw > width || y + fh > height) {
    throw new SafesealError('CORRUPT_IMAGE', `APNG frame ${index} (${fw}×${fh} at ${x},${y}) lies outside its ${width}×${height} canvas`);
  }
  if (b[p + 24] > 2 || b[p + 25] > 1) throw new SafesealError('CORRUPT_IMAGE', `APNG frame ${index} has an unknown dispose or blend operation`);
}

// ---- JPEG: marker segments that fit, a frame header, entropy-coded scans, an EOI marker.

function isSof(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

const ICC_PROFILE = [0x49, 0x43, 0x43, 0x5f, 0x50, 0x52, 0x4f, 0x46, 0x49, 0x4c, 0x45, 0x00]; // "ICC_PROFILE\0"

function inspectJpeg(b: Uint8Array, finish: Finish): ImageHeader {
  let header: ((traits: Traits) => ImageHeader) | null = null;
  let icc = false;
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
    if (marker === 0xe2 && startsWith(b, ICC_PROFILE, pos + 2)) icc = true;
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
  return header({ frames: 1, animated: false, colourManaged: icc });
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
  const screen = { width, height };
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
      const left = u16le(b, pos + 1, 'GIF image descriptor');
      const top = u16le(b, pos + 3, 'GIF image descriptor');
      const fw = u16le(b, pos + 5, 'GIF image descriptor');
      const fh = u16le(b, pos + 7, 'GIF image descriptor');
      checkFrame(left, top, fw, fh, screen, images);
      if (images >= MAX_FRAMES) throw new SafesealError('IMAGE_TOO_LARGE', `GIF has more than ${MAX_FRAMES} frames; at most ${MAX_FRAMES} are scanned`);
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
  return header({ frames: images, animated: images > 1, colourManaged: false });
}

/**
 * Every frame must lie inside the logical screen: decoders size their buffers from a frame's far
 * corner, so a 1×1 frame at (16000, 16000) on a 1×1 screen made Chromium decode ~1 GB before it
 * gave up. Checked for all frames, from the descriptors alone, before any decoding.
 */
function checkFrame(left: number, top: number, fw: number, fh: number, header: { width: number; height: number }, index: number): void {
  if (fw === 0 || fh === 0) throw new SafesealError('CORRUPT_IMAGE', `GIF frame ${index} has a zero dimension`);
  if (left + fw > header.width || top + fh > header.height) {
    throw new SafesealError(
      'CORRUPT_IMAGE',
      `GIF frame ${index} (${fw}×${fh} at ${left},${top}) lies outside its ${header.width}×${header.height} logical screen`,
    );
  }
}

// ---- WebP: RIFF container whose size fits, chunks that fit, a VP8/VP8L/VP8X header.

function inspectWebp(b: Uint8Array, finish: Finish): ImageHeader {
  const riffSize = u32le(b, 4, 'WebP header');
  const end = 8 + riffSize;
  if (riffSize < 4 || end > b.length) throw truncated('WebP: RIFF size runs past the end');
  let header: ((traits: Traits) => ImageHeader) | null = null;
  let image = false;
  let canvas: [number, number] = [0, 0];
  let frames = 0;
  let icc = false;
  let pos = 12;
  while (pos < end) {
    const type = fourcc(b, pos, 'WebP chunk');
    const size = u32le(b, pos + 4, 'WebP chunk');
    const data = pos + 8;
    if (data + size > end) throw truncated(`WebP: ${type} chunk runs past the end`);
    if (pos === 12) {
      canvas = webpDimensions(b, type, data, size);
      header = finish(...canvas);
    }
    if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF') image = true;
    if (type === 'ICCP') icc = true;
    if (type === 'ANMF') {
      if (size < 16) throw truncated('WebP ANMF chunk');
      const x = 2 * u24le(b, data, 'WebP ANMF');
      const y = 2 * u24le(b, data + 3, 'WebP ANMF');
      const fw = u24le(b, data + 6, 'WebP ANMF') + 1;
      const fh = u24le(b, data + 9, 'WebP ANMF') + 1;
      if (x + fw > canvas[0] || y + fh > canvas[1]) {
        throw new SafesealError('CORRUPT_IMAGE', `WebP frame ${frames} (${fw}×${fh} at ${x},${y}) lies outside its ${canvas[0]}×${canvas[1]} canvas`);
      }
      if (++frames > MAX_FRAMES) throw new SafesealError('IMAGE_TOO_LARGE', `WebP has more than ${MAX_FRAMES} frames; at most ${MAX_FRAMES} are scanned`);
    }
    pos = data + size + (size & 1);
  }
  if (!header || !image) throw new SafesealError('CORRUPT_IMAGE', 'WebP has no image data');
  return header({ frames: Math.max(1, frames), animated: frames > 1, colourManaged: icc });
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
