// The built Node entry (dist/node), as users run it: a real worker_threads worker, every input
// type, typed errors for bad inputs with the scanner still working after each.

import { Blob } from 'node:buffer';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, hammingDistance, SafesealError, type Scanner } from '../../dist/node/index.js';
import { badInputs, vector } from '../helpers/bad-inputs.js';

const WEE_PDQ = '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d';
let scanner: Scanner;

beforeAll(async () => {
  scanner = await createScanner({ model: false, exposeDetails: true });
});
afterAll(async () => {
  await scanner.dispose();
});

describe('Node scanner (dist/node, worker thread)', () => {
  it('hashes Buffer, Uint8Array, ArrayBuffer and Blob inputs alike', async () => {
    const bytes = vector('pdq/data/misc-images/wee.jpg');
    const results = await Promise.all([
      scanner.hashImage(Buffer.from(bytes)),
      scanner.hashImage(bytes),
      scanner.hashImage(bytes.slice().buffer),
      scanner.hashImage(new Blob([bytes]) as unknown as globalThis.Blob),
    ]);
    for (const r of results) {
      expect(r.pdq).toBe(WEE_PDQ);
      expect(r.dihedral).toHaveLength(8);
      expect(r.dihedral[0]).toBe(WEE_PDQ);
      expect(r.sha256).toBe('05636c50d0c2ffe3a820f964eaba35b404deadd10538fe452ad9fb16fdd823d7');
      expect([r.width, r.height, r.quality]).toEqual([34, 42, 100]);
    }
    expect(bytes.byteLength).toBeGreaterThan(0); // copied, not detached
  });

  it('hashes ImageData-like RGBA pixels like the file they came from (sha256 null)', async () => {
    const { data, info } = await sharp(vector('pdq/data/misc-images/wee.jpg')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const r = await scanner.hashImage({ width: info.width, height: info.height, data: new Uint8ClampedArray(data) });
    expect(r.sha256).toBeNull();
    expect(r.pdq).toBe(WEE_PDQ);
  });

  it('gives each bad input its typed error and keeps working after each', async () => {
    for (const bad of badInputs()) {
      const err = await scanner.hashImage(bad.bytes).catch((e: unknown) => e);
      expect(err, bad.name).toBeInstanceOf(SafesealError);
      expect((err as SafesealError).code, bad.name).toBe(bad.code);
      expect((await scanner.hashImage(vector('pdq/data/misc-images/wee.jpg'))).pdq).toBe(WEE_PDQ);
    }
    for (const wrong of [null, 'wee.jpg', 42, { not: 'an image' }]) {
      await expect(scanner.hashImage(wrong as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect((await scanner.hashImage(vector('pdq/data/misc-images/wee.jpg'))).pdq).toBe(WEE_PDQ);
  });

  it('matches the reference on a large photo, and its rotated copy through the dihedral hashes', async () => {
    const orig = await scanner.hashImage(vector('pdq/data/reg-test-input/dih/bridge-1-original.jpg'));
    const rot = await scanner.hashImage(vector('pdq/data/reg-test-input/dih/bridge-2-rotate-90.jpg'));
    expect(hammingDistance(orig.pdq, rot.pdq)).toBeGreaterThan(100);
    expect(Math.min(...orig.dihedral.map((h) => hammingDistance(h, rot.pdq)))).toBeLessThanOrEqual(10);
  });

  it('rejects bad options and refuses calls after dispose', async () => {
    await expect(createScanner({ exposeDetails: true, maxPixels: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const s = await createScanner({ model: false, exposeDetails: true, maxPixels: 1000 });
    await expect(s.hashImage(vector('pdq/data/misc-images/wee.jpg'))).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    await s.dispose();
    await s.dispose();
    await expect(s.hashImage(vector('pdq/data/misc-images/wee.jpg'))).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
