// Bad inputs every surface (engine, Node scanner, browser scanner, CLI) must refuse with a typed
// error. Generated from the shared vectors; nothing here is committed as a file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VECTORS } from './vectors.js';

export interface BadInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly code: string;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG chunk with a correct CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A well-formed PNG signature + IHDR claiming width × height (8-bit RGB), + empty IDAT + IEND. */
export function pngHeaderClaiming(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return pngFile([pngChunk('IHDR', ihdr), pngChunk('IDAT', new Uint8Array(0)), pngChunk('IEND', new Uint8Array(0))]);
}

/** The PNG signature followed by the given chunks. */
export function pngFile(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let o = 8;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

import { seededBytes } from './prng.js';

export { seededBytes };

export const vector = (file: string): Uint8Array => new Uint8Array(readFileSync(join(VECTORS, file)));

export function badInputs(): BadInput[] {
  const jpeg = vector('pdq/data/bridge-mods/aaa-orig.jpg');
  const png = vector('pdq/data/misc-images/c.png');
  return [
    { name: 'empty.jpg', bytes: new Uint8Array(0), code: 'UNSUPPORTED_FORMAT' },
    { name: 'random.bin', bytes: seededBytes(4096), code: 'UNSUPPORTED_FORMAT' },
    { name: 'text.png', bytes: new TextEncoder().encode('This is a text file, not a PNG.\n'), code: 'UNSUPPORTED_FORMAT' },
    { name: 'truncated.jpg', bytes: jpeg.slice(0, Math.floor(jpeg.length / 2)), code: 'CORRUPT_IMAGE' },
    { name: 'truncated.png', bytes: png.slice(0, Math.floor(png.length / 2)), code: 'CORRUPT_IMAGE' },
    { name: 'huge.png', bytes: pngHeaderClaiming(100_000, 100_000), code: 'IMAGE_TOO_LARGE' },
  ];
}
