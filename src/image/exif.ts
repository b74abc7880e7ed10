// Neutralises the EXIF Orientation tag in place. PDQ hashes pixels as stored, but Chromium applies
// EXIF rotation in createImageBitmap even with imageOrientation: 'none', so before a browser
// decodes a JPEG or WebP we set Orientation to 1 ("as stored") in our own copy of the bytes.

import { fourcc, startsWith, u16be, u32le } from './bytes.js';
import type { ImageFormat } from './sniff.js';

const ORIENTATION_TAG = 0x0112;
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"

/**
 * Rewrites every Orientation entry of IFD0 to 1 in `bytes` (which the caller owns).
 * Returns the number of entries changed (already-1 entries are not counted). Malformed EXIF is left alone: it then cannot rotate.
 */
export function neutraliseOrientation(bytes: Uint8Array, format: ImageFormat): number {
  if (format === 'jpeg') return jpegExif(bytes);
  if (format === 'webp') return webpExif(bytes);
  return 0;
}

function jpegExif(b: Uint8Array): number {
  let changed = 0;
  let pos = 2;
  while (pos + 4 <= b.length && b[pos] === 0xff) {
    const marker = b[pos + 1];
    if (marker === 0xda || marker === 0xd9) break; // metadata comes before the first scan
    if (marker === 0xff) {
      pos++;
      continue;
    }
    const len = u16be(b, pos + 2, 'JPEG segment');
    const data = pos + 4;
    if (marker === 0xe1 && startsWith(b, EXIF_HEADER, data)) {
      changed += tiffOrientation(b, data + 6, Math.min(b.length, pos + 2 + len));
    }
    pos += 2 + len;
  }
  return changed;
}

function webpExif(b: Uint8Array): number {
  let changed = 0;
  const end = Math.min(b.length, 8 + u32le(b, 4, 'WebP'));
  for (let pos = 12; pos + 8 <= end; ) {
    const size = u32le(b, pos + 4, 'WebP chunk');
    const data = pos + 8;
    if (fourcc(b, pos, 'WebP chunk') === 'EXIF') {
      const tiff = startsWith(b, EXIF_HEADER, data) ? data + 6 : data;
      changed += tiffOrientation(b, tiff, Math.min(end, data + size));
    }
    pos = data + size + (size & 1);
  }
  return changed;
}

/** Sets Orientation to 1 in the IFD0 of the TIFF structure at [start, end). */
function tiffOrientation(b: Uint8Array, start: number, end: number): number {
  if (start + 8 > end) return 0;
  const little = b[start] === 0x49 && b[start + 1] === 0x49;
  const big = b[start] === 0x4d && b[start + 1] === 0x4d;
  if (!little && !big) return 0;
  const r16 = (p: number): number => (little ? b[p] | (b[p + 1] << 8) : (b[p] << 8) | b[p + 1]);
  const r32 = (p: number): number =>
    (little ? b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24) : (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  if (r16(start + 2) !== 42) return 0;
  const ifd = start + r32(start + 4);
  if (ifd + 2 > end) return 0;
  const count = r16(ifd);
  let changed = 0;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + 12 * i;
    if (entry + 12 > end) break;
    if (r16(entry) !== ORIENTATION_TAG) continue;
    const type = r16(entry + 2);
    if (type !== 3 || r32(entry + 4) !== 1) continue; // SHORT, one value, stored inline
    const value = entry + 8;
    if (r16(value) === 1) continue;
    b[value] = little ? 1 : 0;
    b[value + 1] = little ? 0 : 1;
    changed++;
  }
  return changed;
}
