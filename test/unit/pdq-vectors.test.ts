// Bit-exact PDQ on the reference decoder's own pixels: hash, quality and all 8 dihedral hashes.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToHex, pdqHash } from '../../src/pdq/index.js';
import { cppRows, readPpm, VECTORS } from '../helpers/vectors.js';

const ppmDir = join(VECTORS, 'derived/decoded-ppm');
const rows = cppRows();

function rowFor(ppm: string) {
  const m = /^(.*)\.(fullres|nn512x512)\.ppm$/.exec(ppm);
  if (!m) throw new Error(`unexpected vector name ${ppm}`);
  const mode = m[2] === 'fullres' ? 'fullres' : 'ref512';
  const row = rows.find(
    (r) =>
      r.mode === mode &&
      r.file
        .split('/')
        .pop()!
        .replace(/\.[a-z]+$/, '') === m[1],
  );
  if (!row) throw new Error(`no ${mode} row for ${ppm}`);
  return row;
}

describe('PDQ on decoded-ppm vectors', () => {
  const ppms = readdirSync(ppmDir)
    .filter((f) => f.endsWith('.ppm'))
    .sort();
  it('has all nine vectors', () => expect(ppms.length).toBe(9));
  for (const ppm of ppms) {
    it(`${ppm} equals the reference bit for bit`, () => {
      const row = rowFor(ppm);
      const result = pdqHash(readPpm(join(ppmDir, ppm)));
      expect(hashToHex(result.hash)).toBe(row.hash);
      expect(result.quality).toBe(row.quality);
      expect(result.dihedral.map(hashToHex)).toEqual(row.dihedral);
    });
  }
});
