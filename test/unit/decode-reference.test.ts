// The Node decoding path against the reference C++ hashes of the same files (COMPUTED-CPP.tsv,
// fullres): the portability rule of pdq/README.md is ≤ 10 bits when quality ≥ 80; we also require
// ≥ 90 % exactly equal. Prints the whole table.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { hammingDistance } from '../../src/pdq/index.js';
import type { HashResult } from '../../src/protocol.js';
import { vector } from '../helpers/bad-inputs.js';
import { extraImages, referenceImages, webpImages } from '../helpers/images.js';
import { nodeEngine, ownBuffer } from '../helpers/worker-harness.js';
import { cppRows, VECTORS } from '../helpers/vectors.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});

const hash = (file: string): Promise<HashResult> => engine.hashImage({ kind: 'encoded', bytes: ownBuffer(vector(file)) });

describe('Node decoding vs the reference C++ (fullres)', () => {
  it('every JPEG/PNG under pdq/data: ≤ 10 bits at quality ≥ 80, ≥ 90 % exact', async () => {
    const images = referenceImages();
    expect(images.length).toBeGreaterThanOrEqual(40);
    const table: string[] = [];
    let exact = 0;
    for (const { file, row } of images) {
      const r = await hash(file);
      const d = hammingDistance(r.pdq, row.hash);
      if (d === 0) exact++;
      table.push(`${String(d).padStart(3)}  q=${String(r.quality).padStart(3)} (ref ${String(row.quality).padStart(3)})  ${file}`);
      if (row.quality >= 80) expect(d, file).toBeLessThanOrEqual(10);
      expect(`${r.width}x${r.height}`).toBe(row.decoded.split('x').slice(0, 2).join('x'));
    }
    console.log(`distance to the reference hash (Node path):\n${table.join('\n')}\nexactly equal: ${exact}/${images.length}`);
    expect(exact / images.length).toBeGreaterThanOrEqual(0.9);
  });

  it('the WebPs in misc-images/modes are within 10 bits of modes/original.jpg', async () => {
    const original = await hash('pdq/data/misc-images/modes/original.jpg');
    const files = webpImages();
    expect(files.length).toBeGreaterThanOrEqual(4);
    const table: string[] = [];
    for (const file of files) {
      const d = hammingDistance((await hash(file)).pdq, original.pdq);
      table.push(`${String(d).padStart(3)}  ${file}`);
      expect(d, file).toBeLessThanOrEqual(10);
    }
    console.log(`WebP distance to modes/original.jpg:\n${table.join('\n')}`);
  });

  it('python-threatexchange test images: their asserted hashes, except the documented 16-bit rule', async () => {
    const expected = expectedRows();
    const files = extraImages();
    expect(files.length).toBe(6);
    for (const file of files) {
      const r = await hash(file);
      const d = hammingDistance(r.pdq, expected.get(file)!);
      if (file.endsWith('I16.png')) {
        // 16-bit samples keep their high byte (as libpng's strip_16, browsers and sharp do). The
        // reference C++ (CImg) keeps the low byte, i.e. noise; PIL clips. No two tools agree.
        expect(r.quality).toBe(100);
        expect(d).toBeGreaterThan(31);
      } else {
        expect(d, file).toBe(0);
      }
    }
  });

  it('hashes pixels as stored: EXIF-rotated files equal the reference (no rotation applied)', async () => {
    for (const n of [1, 3, 6, 8]) {
      const file = `pdq/data/reg-test-input/exif-rotn/exif-rotn-${n}.jpg`;
      const r = await hash(file);
      expect(r.width).toBe(4032);
      expect(hammingDistance(r.pdq, rows().get(file)!.hash)).toBe(0);
    }
  });
});

/** File → the hash python-threatexchange's tests assert, or else the reference fullres hash. */
function expectedRows(): Map<string, string> {
  const map = new Map([...rows()].map(([f, r]) => [f, r.hash]));
  const lines = readFileSync(join(VECTORS, 'EXPECTED.tsv'), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [file, hex, , source] = line.split('\t');
    if (source.endsWith('test_pdq_hasher.py')) map.set(file, hex);
  }
  return map;
}

function rows() {
  return new Map(
    cppRows()
      .filter((r) => r.mode === 'fullres')
      .map((r) => [r.file, r]),
  );
}
