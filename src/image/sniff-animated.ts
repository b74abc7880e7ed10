// Structure walks of the animated formats, GIF and WebP: blocks and chunks that fit, every frame
// inside its screen or canvas, frames counted against MAX_FRAMES, all from the headers alone.

import { SafesealError } from '../errors.js';
import { fourcc, startsWith, truncated, u16le, u24le, u32le } from './bytes.js';
import { MAX_FRAMES, type Finish, type ImageHeader, type Traits } from './header.js';

// ---- GIF: logical screen, blocks that fit, at least one image, the trailer.

function skipSubBlocks(b: Uint8Array, pos: number): number {
  for (;;) {
    if (pos >= b.length) throw truncated('GIF data');
    const size = b[pos];
    pos += 1 + size;
    if (size === 0) return pos;
  }
}

export function inspectGif(b: Uint8Array, finish: Finish): ImageHeader {
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
      if (images >= MAX_FRAMES)
        throw new SafesealError('IMAGE_TOO_LARGE', `GIF has more than ${MAX_FRAMES} frames; at most ${MAX_FRAMES} are scanned`);
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

export function inspectWebp(b: Uint8Array, finish: Finish): ImageHeader {
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
      if (++frames > MAX_FRAMES)
        throw new SafesealError('IMAGE_TOO_LARGE', `WebP has more than ${MAX_FRAMES} frames; at most ${MAX_FRAMES} are scanned`);
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
