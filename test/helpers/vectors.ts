// Reads the shared PDQ reference vectors (../shared/pdq-vectors): TSV rows and binary PPMs.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pixels } from '../../src/image/pixels.js';

/** The shared PDQ vectors: ../shared/pdq-vectors beside the checkout, or $SAFESEAL_VECTORS. */
export const VECTORS = process.env.SAFESEAL_VECTORS ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/pdq-vectors');

export interface CppRow {
  file: string;
  mode: 'ref512' | 'fullres';
  quality: number;
  hash: string;
  decoded: string;
  dihedral: string[];
}

/** Rows of COMPUTED-CPP.tsv (the reference C++ run on every image). */
export function cppRows(): CppRow[] {
  const lines = readFileSync(join(VECTORS, 'COMPUTED-CPP.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const c = line.split('\t');
    return {
      file: c[0],
      mode: c[1] as CppRow['mode'],
      quality: Number(c[2]),
      hash: c[3],
      decoded: c[4],
      dihedral: [c[3], ...c.slice(6, 13)],
    };
  });
}

/** Parses a binary P6 PPM with maxval 255. */
export function readPpm(path: string): Pixels {
  const buf = readFileSync(path);
  let pos = 0;
  const token = (): string => {
    while (/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    if (buf[pos] === 0x23) {
      while (buf[pos] !== 0x0a) pos++;
      return token();
    }
    const start = pos;
    while (!/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    return buf.subarray(start, pos).toString('latin1');
  };
  if (token() !== 'P6') throw new Error(`${path}: not a P6 PPM`);
  const width = Number(token());
  const height = Number(token());
  if (Number(token()) !== 255) throw new Error(`${path}: maxval must be 255`);
  pos++; // the single whitespace before the raster
  return { width, height, channels: 3, data: new Uint8Array(buf.buffer, buf.byteOffset + pos, width * height * 3) };
}
