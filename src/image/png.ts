// safeseal's own PNG decoder. Browsers decode PNG into premultiplied canvases, which rounds the
// colour of translucent pixels and blacks out fully transparent ones; PDQ hashes the stored
// colour (alpha dropped), so we decode PNG ourselves, identically in browsers and Node.
//
// Output: 8-bit samples. 16-bit samples keep their high byte (as libpng's strip_16, browsers and
// sharp do). Grey of 1/2/4 bits is scaled to 0..255. Palette images become RGB, or RGBA when a
// tRNS chunk gives palette alpha. An out-of-range palette index reads as black.
// Expects a file that `inspectImage` has accepted (chunk structure already validated).

import { SafesealError } from '../errors.js';
import type { Pixels } from './pixels.js';
import { fourcc, u32be } from './bytes.js';
import type { Inflate } from './inflate.js';

export { inflateWithStreams, type Inflate } from './inflate.js';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Adam7 passes: x0, y0, dx, dy. */
export const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
  rowBytes: number;
}

/** What every frame of a PNG shares: its sample format and palette. */
export interface PngFormat {
  readonly depth: number;
  readonly colour: number;
  readonly interlaced: boolean;
  readonly samples: number;
  readonly palette: Uint8Array | null;
  readonly paletteAlpha: Uint8Array | null;
}

/**
 * Reads the sample format and palette of a PNG `inspectImage` accepted.
 * @throws SafesealError CORRUPT_IMAGE (bad palette, palette image without one)
 */
export function pngFormat(bytes: Uint8Array): PngFormat {
  const depth = bytes[24];
  const colour = bytes[25];
  let palette: Uint8Array | null = null;
  let paletteAlpha: Uint8Array | null = null;
  forEachChunk(bytes, (type, data) => {
    if (type === 'PLTE') {
      if (data.length % 3 !== 0 || data.length === 0 || data.length > 768)
        throw new SafesealError('CORRUPT_IMAGE', 'PNG palette has an invalid length');
      palette = data;
    } else if (type === 'tRNS' && colour === 3) {
      paletteAlpha = data;
    }
  });
  if (colour === 3 && !palette) throw new SafesealError('CORRUPT_IMAGE', 'PNG palette image has no PLTE chunk');
  return { depth, colour, interlaced: bytes[28] === 1, samples: CHANNELS[colour], palette, paletteAlpha };
}

/** Calls `visit` with each chunk's type and data, in file order, up to IEND. */
export function forEachChunk(bytes: Uint8Array, visit: (type: string, data: Uint8Array) => void): void {
  for (let pos = 8; pos < bytes.length;) {
    const len = u32be(bytes, pos, 'PNG chunk');
    const type = fourcc(bytes, pos + 4, 'PNG chunk');
    if (type === 'IEND') break;
    visit(type, bytes.subarray(pos + 8, pos + 8 + len));
    pos += 12 + len;
  }
}

/**
 * Decodes the default image (IDAT) of a PNG `inspectImage` accepted, as stored: the pixels PDQ's
 * reference convention hashes.
 * @throws SafesealError CORRUPT_IMAGE
 */
export async function decodePng(bytes: Uint8Array, inflate: Inflate): Promise<Pixels> {
  const width = u32be(bytes, 16, 'PNG');
  const height = u32be(bytes, 20, 'PNG');
  const format = pngFormat(bytes);
  const idat: Uint8Array[] = [];
  forEachChunk(bytes, (type, data) => {
    if (type === 'IDAT') idat.push(data);
  });
  return decodeImageData(idat, width, height, format, inflate);
}

/**
 * Inflates, unfilters and converts one image's zlib data (split over `parts`) of `width` ×
 * `height` pixels: the default image, or an APNG frame.
 * @throws SafesealError CORRUPT_IMAGE
 */
export async function decodeImageData(parts: Uint8Array[], width: number, height: number, format: PngFormat, inflate: Inflate): Promise<Pixels> {
  const { depth, colour, interlaced, samples, palette, paletteAlpha } = format;
  const bitsPerPixel = samples * depth;
  const passes: Pass[] = (interlaced ? ADAM7 : [[0, 0, 1, 1] as const]).map(([x0, y0, dx, dy]) => {
    const w = Math.max(0, Math.ceil((width - x0) / dx));
    const h = Math.max(0, Math.ceil((height - y0) / dy));
    return { x0, y0, dx, dy, width: w, height: h, rowBytes: Math.ceil((w * bitsPerPixel) / 8) };
  });
  const expected = passes.reduce((n, p) => n + (p.width && p.height ? p.height * (p.rowBytes + 1) : 0), 0);

  const compressed =
    parts.length === 1
      ? parts[0]
      : concat(
          parts,
          parts.reduce((n, p) => n + p.length, 0),
        );
  const raw = await inflate(compressed, expected);

  const outChannels = colour === 3 ? (paletteAlpha ? 4 : 3) : samples;
  const out = new Uint8Array(width * height * outChannels);
  const bpp = Math.max(1, bitsPerPixel >> 3); // filter distance in bytes
  let offset = 0;
  for (const pass of passes) {
    if (pass.width === 0 || pass.height === 0) continue;
    unfilter(raw, offset, pass.rowBytes, pass.height, bpp);
    writePass(raw, offset, pass, { width, depth, colour, samples, outChannels, out, palette, paletteAlpha });
    offset += pass.height * (pass.rowBytes + 1);
  }
  return { width, height, channels: outChannels as Pixels['channels'], data: out };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const all = new Uint8Array(total);
  let p = 0;
  for (const part of parts) {
    all.set(part, p);
    p += part.length;
  }
  return all;
}

/**
 * The Paeth predictor: whichever of left (a), up (b), up-left (c) is closest to a + b − c, ties
 * to a then b. Branch-free: on photographic data the branches mispredict, costing ~2× the time.
 */
function paeth(a: number, b: number, c: number): number {
  let pa = b - c;
  let s = pa >> 31;
  pa = (pa ^ s) - s;
  let pb = a - c;
  s = pb >> 31;
  pb = (pb ^ s) - s;
  let pc = a + b - 2 * c;
  s = pc >> 31;
  pc = (pc ^ s) - s;
  const notA = ((pb - pa) | (pc - pa)) >> 31; // −1 when pa is not the smallest
  const toC = (pc - pb) >> 31; // −1 when pc < pb
  return (~notA & a) | (notA & ((~toC & b) | (toC & c)));
}

/** Reverses the per-row filters in place; each row is a filter byte followed by `rowBytes`. */
function unfilter(raw: Uint8Array, start: number, rowBytes: number, rows: number, bpp: number): void {
  const stride = rowBytes + 1;
  for (let y = 0; y < rows; y++) {
    const row = start + y * stride;
    const filter = raw[row];
    const cur = row + 1;
    const prev = cur - stride; // valid only when y > 0
    switch (filter) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < rowBytes; i++) raw[cur + i] = (raw[cur + i] + raw[cur + i - bpp]) & 255;
        break;
      case 2:
        if (y > 0) for (let i = 0; i < rowBytes; i++) raw[cur + i] = (raw[cur + i] + raw[prev + i]) & 255;
        break;
      case 3:
        if (y > 0) {
          for (let i = 0; i < bpp; i++) raw[cur + i] = (raw[cur + i] + (raw[prev + i] >> 1)) & 255;
          for (let i = bpp; i < rowBytes; i++) raw[cur + i] = (raw[cur + i] + ((raw[cur + i - bpp] + raw[prev + i]) >> 1)) & 255;
        } else {
          for (let i = bpp; i < rowBytes; i++) raw[cur + i] = (raw[cur + i] + (raw[cur + i - bpp] >> 1)) & 255;
        }
        break;
      case 4:
        if (y > 0) {
          // One channel at a time, so left and up-left stay in registers.
          for (let ch = 0; ch < bpp; ch++) {
            let a = 0;
            let c = 0;
            for (let i = ch; i < rowBytes; i += bpp) {
              const b = raw[prev + i];
              a = (raw[cur + i] + paeth(a, b, c)) & 255;
              raw[cur + i] = a;
              c = b;
            }
          }
        } else {
          // Paeth with no previous row is the Sub filter.
          for (let i = bpp; i < rowBytes; i++) raw[cur + i] = (raw[cur + i] + raw[cur + i - bpp]) & 255;
        }
        break;
      default:
        throw new SafesealError('CORRUPT_IMAGE', `PNG row has unknown filter type ${filter}`);
    }
  }
}

interface Target {
  width: number;
  depth: number;
  colour: number;
  samples: number;
  outChannels: number;
  out: Uint8Array;
  palette: Uint8Array | null;
  paletteAlpha: Uint8Array | null;
}

/** Converts one unfiltered pass to 8-bit samples and scatters it into the output image. */
function writePass(raw: Uint8Array, start: number, pass: Pass, t: Target): void {
  const { depth, colour, samples, outChannels, out, width } = t;
  const stride = pass.rowBytes + 1;
  const greyScale = depth === 1 ? 255 : depth === 2 ? 85 : depth === 4 ? 17 : 1;
  const mask = (1 << depth) - 1;
  for (let y = 0; y < pass.height; y++) {
    const src = start + y * stride + 1;
    let dst = ((pass.y0 + y * pass.dy) * width + pass.x0) * outChannels;
    const step = pass.dx * outChannels;
    if (colour === 3) {
      const pal = t.palette!;
      const alpha = t.paletteAlpha;
      const entries = pal.length / 3;
      for (let x = 0; x < pass.width; x++, dst += step) {
        const index = depth === 8 ? raw[src + x] : (raw[src + ((x * depth) >> 3)] >> (8 - depth - ((x * depth) & 7))) & mask;
        if (index < entries) {
          out[dst] = pal[3 * index];
          out[dst + 1] = pal[3 * index + 1];
          out[dst + 2] = pal[3 * index + 2];
        } // else: black, already zero
        if (alpha) out[dst + 3] = index < alpha.length ? alpha[index] : 255;
      }
    } else if (depth < 8) {
      for (let x = 0; x < pass.width; x++, dst += step) {
        out[dst] = ((raw[src + ((x * depth) >> 3)] >> (8 - depth - ((x * depth) & 7))) & mask) * greyScale;
      }
    } else if (depth === 8 && pass.dx === 1) {
      // A whole row, already in output layout. Narrow rows are copied by hand: a subarray per row
      // costs more than the copy when a 5-pixel-wide image has a million rows.
      if (pass.rowBytes >= 64) out.set(raw.subarray(src, src + pass.rowBytes), dst);
      else for (let i = 0; i < pass.rowBytes; i++) out[dst + i] = raw[src + i];
    } else if (depth === 8) {
      for (let x = 0, s = src; x < pass.width; x++, dst += step) {
        for (let c = 0; c < samples; c++) out[dst + c] = raw[s++];
      }
    } else {
      // 16-bit big-endian samples: keep the high byte.
      for (let x = 0, s = src; x < pass.width; x++, dst += step) {
        for (let c = 0; c < samples; c++, s += 2) out[dst + c] = raw[s];
      }
    }
  }
}
