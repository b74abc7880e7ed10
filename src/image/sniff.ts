// Identifies an encoded image from its bytes, reads its dimensions from the header, enforces the
// pixel limit before anything large is allocated, then walks the file's structure to catch
// truncation and corruption that browsers would silently decode as a partial image.

import { SafesealError } from '../errors.js';
import { inspectAvif, isIsoBmff } from './avif.js';
import { fourcc, startsWith, truncated, u16be, u32be } from './bytes.js';
import { checkPixelLimit, DEFAULT_MAX_PIXELS, MAX_FRAMES, type Finish, type ImageFormat, type ImageHeader, type Traits } from './header.js';
import { inspectGif, inspectWebp } from './sniff-animated.js';

export { checkPixelLimit, DEFAULT_MAX_PIXELS, MAX_FRAMES, MAX_IMAGE_SIDE, type ImageFormat, type ImageHeader } from './header.js';

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

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
      if (traits.frames > MAX_FRAMES)
        throw new SafesealError('IMAGE_TOO_LARGE', `${format.toUpperCase()} has ${traits.frames} frames; at most ${MAX_FRAMES} are scanned`);
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
  if (isIsoBmff(bytes)) {
    // AVIF; HEIC and other HEIF brands are refused by name inside.
    const { width, height } = inspectAvif(bytes, (w, h, what) => checkPixelLimit(w, h, maxPixels, what));
    // Colour and sequences of AVIF are the platform decoder's: scanned as its first frame, as decoded.
    return limit('avif', 'image/avif')(width, height)({ frames: 1, animated: false, colourManaged: false });
  }
  const other = knownUnsupported(bytes);
  throw new SafesealError(
    'UNSUPPORTED_FORMAT',
    other ? `${other} images are not supported (JPEG, PNG, WebP, GIF, AVIF are)` : 'input is not a JPEG, PNG, WebP, GIF or AVIF image',
  );
}

function knownUnsupported(b: Uint8Array): string | null {
  if (startsWith(b, [0x42, 0x4d])) return 'BMP';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF';
  return null;
}

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
  if (!PNG_COLOUR_DEPTHS[colour]?.includes(depth))
    throw new SafesealError('CORRUPT_IMAGE', `PNG colour type ${colour} with bit depth ${depth} is invalid`);
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
      if (claimedFrames > MAX_FRAMES)
        throw new SafesealError('IMAGE_TOO_LARGE', `APNG claims ${claimedFrames} frames; at most ${MAX_FRAMES} are scanned`);
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
