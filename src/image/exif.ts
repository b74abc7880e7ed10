// Reads and neutralises the EXIF Orientation tag. PDQ hashes pixels as stored, but Chromium applies
// EXIF rotation in createImageBitmap even with imageOrientation: 'none', so before a browser
// decodes a JPEG or WebP we set Orientation to 1 ("as stored") in our own copy of the bytes; the
// orientation itself is read first, because the pixels "as shown" apply it.
//
// As lenient as Chromium, or an attacker picks the difference: "Exif\0" followed by any byte (Blink
// ignores the sixth), standalone markers (TEM, RSTn) and fill bytes before APP1, every APP1.

import { fourcc, startsWith, u16be, u32le } from './bytes.js';
import type { ImageFormat } from './sniff.js';

const ORIENTATION_TAG = 0x0112;
const EXIF_PREFIX = [0x45, 0x78, 0x69, 0x66, 0x00]; // "Exif\0"; the sixth byte is padding, any value

/** EXIF orientation as stored: 1 = as stored, 2–8 = the TIFF rotations and flips. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/**
 * Rewrites every Orientation entry of IFD0 to 1 in `bytes` (which the caller owns).
 * Returns the number of entries changed (already-1 entries are not counted). Malformed EXIF is left alone: it then cannot rotate.
 */
export function neutraliseOrientation(bytes: Uint8Array, format: ImageFormat): number {
  let changed = 0;
  forEachTiff(bytes, format, (start, end) => {
    changed += tiffOrientation(bytes, start, end, true).changed;
  });
  return changed;
}

/**
 * The orientation a browser applies when it shows the image: the first valid (1–8) Orientation
 * of the first EXIF block that has one; 1 when there is none. Does not modify `bytes`.
 */
export function readOrientation(bytes: Uint8Array, format: ImageFormat): Orientation {
  let found: Orientation | null = null;
  forEachTiff(bytes, format, (start, end) => {
    if (found === null) found = tiffOrientation(bytes, start, end, false).value;
  });
  return found ?? 1;
}

type TiffVisitor = (start: number, end: number) => void;

function forEachTiff(bytes: Uint8Array, format: ImageFormat, visit: TiffVisitor): void {
  if (format === 'jpeg') jpegExif(bytes, visit);
  else if (format === 'webp') webpExif(bytes, visit);
}

function jpegExif(b: Uint8Array, visit: TiffVisitor): void {
  let pos = 2;
  while (pos + 2 <= b.length && b[pos] === 0xff) {
    const marker = b[pos + 1];
    if (marker === 0xda || marker === 0xd9) break; // metadata comes before the first scan
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2; // standalone marker: no length
      continue;
    }
    if (pos + 4 > b.length) break;
    const len = u16be(b, pos + 2, 'JPEG segment');
    const data = pos + 4;
    if (marker === 0xe1 && data + 6 <= b.length && startsWith(b, EXIF_PREFIX, data)) visit(data + 6, Math.min(b.length, pos + 2 + len));
    pos += 2 + len;
  }
}

function webpExif(b: Uint8Array, visit: TiffVisitor): void {
  const end = Math.min(b.length, 8 + u32le(b, 4, 'WebP'));
  for (let pos = 12; pos + 8 <= end;) {
    const size = u32le(b, pos + 4, 'WebP chunk');
    const data = pos + 8;
    if (fourcc(b, pos, 'WebP chunk') === 'EXIF') {
      const tiff = startsWith(b, EXIF_PREFIX, data) ? data + 6 : data;
      visit(tiff, Math.min(end, data + size));
    }
    pos = data + size + (size & 1);
  }
}

/**
 * Reads the first valid Orientation of the IFD0 of the TIFF structure at [start, end) and, when
 * `rewrite`, sets every Orientation entry there to 1.
 */
function tiffOrientation(b: Uint8Array, start: number, end: number, rewrite: boolean): { value: Orientation | null; changed: number } {
  const none = { value: null, changed: 0 };
  if (start + 8 > end) return none;
  const little = b[start] === 0x49 && b[start + 1] === 0x49;
  const big = b[start] === 0x4d && b[start + 1] === 0x4d;
  if (!little && !big) return none;
  const r16 = (p: number): number => (little ? b[p] | (b[p + 1] << 8) : (b[p] << 8) | b[p + 1]);
  const r32 = (p: number): number =>
    (little ? b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24) : (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  if (r16(start + 2) !== 42) return none;
  const ifd = start + r32(start + 4);
  if (ifd + 2 > end) return none;
  const count = r16(ifd);
  let value: Orientation | null = null;
  let changed = 0;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + 12 * i;
    if (entry + 12 > end) break;
    if (r16(entry) !== ORIENTATION_TAG) continue;
    const type = r16(entry + 2);
    if (type !== 3 || r32(entry + 4) !== 1) continue; // SHORT, one value, stored inline
    const at = entry + 8;
    const v = r16(at);
    if (value === null && v >= 1 && v <= 8) value = v as Orientation;
    if (!rewrite || v === 1) continue;
    b[at] = little ? 1 : 0;
    b[at + 1] = little ? 0 : 1;
    changed++;
  }
  return { value, changed };
}
