// A small PNG encoder for tests: every colour type and bit depth, Adam7, and a chosen filter per
// row, so the decoder is checked against an independent decoder (sharp/libpng) on files that
// exercise paths common encoders never produce.

import { deflateSync } from 'node:zlib';
import { ADAM7 } from '../../src/image/png.js';
import { pngChunk, pngFile } from './bad-inputs.js';

export interface PngSpec {
  width: number;
  height: number;
  colour: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  interlace: boolean;
  /** Raw samples, one number per sample (already within 0 .. 2^depth − 1), row-major. */
  samples: number[];
  palette?: number[]; // RGB triples for colour type 3
  paletteAlpha?: number[];
  /** Filter type (0–4) for row index i (within its pass). */
  filterFor: (i: number) => number;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
function packRow(values: number[], depth: number): number[] {
  if (depth === 8) return values;
  if (depth === 16) return values.flatMap((v) => [v >> 8, v & 255]);
  const out: number[] = [];
  const perByte = 8 / depth;
  for (let i = 0; i < values.length; i += perByte) {
    let byte = 0;
    for (let k = 0; k < perByte; k++) byte |= (values[i + k] ?? 0) << (8 - depth * (k + 1));
    out.push(byte);
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function filterRow(row: number[], prev: number[] | null, type: number, bpp: number): number[] {
  const up = (i: number) => (prev ? prev[i] : 0);
  const left = (i: number) => (i >= bpp ? row[i - bpp] : 0);
  const upLeft = (i: number) => (prev && i >= bpp ? prev[i - bpp] : 0);
  return row.map((x, i) => {
    const pred = [0, left(i), up(i), (left(i) + up(i)) >> 1, paeth(left(i), up(i), upLeft(i))][type];
    return (x - pred) & 255;
  });
}

export function encodePng(spec: PngSpec): Uint8Array {
  const { width, height, colour, depth } = spec;
  const ch = CHANNELS[colour];
  const bpp = Math.max(1, (ch * depth) >> 3);
  const passes = spec.interlace ? ADAM7 : [[0, 0, 1, 1]];
  const raw: number[] = [];
  let rowIndex = 0;
  for (const [x0, y0, dx, dy] of passes) {
    let prev: number[] | null = null;
    for (let y = y0; y < height; y += dy) {
      const values: number[] = [];
      for (let x = x0; x < width; x += dx) for (let c = 0; c < ch; c++) values.push(spec.samples[(y * width + x) * ch + c]);
      if (values.length === 0) continue;
      const row = packRow(values, depth);
      const type = spec.filterFor(rowIndex++);
      raw.push(type, ...filterRow(row, prev, type, bpp));
      prev = row;
    }
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([depth, colour, 0, 0, spec.interlace ? 1 : 0], 8);
  const chunks = [pngChunk('IHDR', ihdr)];
  if (spec.palette) chunks.push(pngChunk('PLTE', Uint8Array.from(spec.palette)));
  if (spec.paletteAlpha) chunks.push(pngChunk('tRNS', Uint8Array.from(spec.paletteAlpha)));
  const z = deflateSync(Uint8Array.from(raw));
  // Split the data over two IDAT chunks, as streaming encoders do.
  const cut = Math.floor(z.length / 2);
  chunks.push(pngChunk('IDAT', z.subarray(0, cut)), pngChunk('IDAT', z.subarray(cut)), pngChunk('IEND', new Uint8Array(0)));
  return pngFile(chunks);
}
