// EXIF Orientation is rewritten to 1 ("as stored") in our copy of the bytes, and nothing else
// changes — so a browser decodes the pixels PDQ's reference hashes.

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { neutraliseOrientation } from '../../src/image/exif.js';
import { vector } from '../helpers/bad-inputs.js';

describe('neutraliseOrientation', () => {
  for (const n of [3, 6, 8]) {
    it(`sets exif-rotn-${n}.jpg to orientation 1, changing only those bytes`, async () => {
      const original = vector(`pdq/data/reg-test-input/exif-rotn/exif-rotn-${n}.jpg`);
      expect((await sharp(original).metadata()).orientation).toBe(n);
      const bytes = original.slice();
      expect(neutraliseOrientation(bytes, 'jpeg')).toBe(1);
      expect((await sharp(bytes).metadata()).orientation).toBe(1);
      let changed = 0;
      for (let i = 0; i < bytes.length; i++) if (bytes[i] !== original[i]) changed++;
      expect(changed).toBeLessThanOrEqual(2);
    });
  }

  it('handles WebP EXIF chunks', async () => {
    const webp = new Uint8Array(await sharp(vector('pdq/data/misc-images/wee.jpg')).webp().withMetadata({ orientation: 6 }).toBuffer());
    expect((await sharp(webp).metadata()).orientation).toBe(6);
    expect(neutraliseOrientation(webp, 'webp')).toBe(1);
    expect((await sharp(webp).metadata()).orientation).toBe(1);
  });

  it('leaves files without orientation alone', () => {
    const bytes = vector('pdq/data/misc-images/wee.jpg');
    const copy = bytes.slice();
    expect(neutraliseOrientation(copy, 'jpeg')).toBe(0);
    expect(Buffer.from(copy).equals(Buffer.from(bytes))).toBe(true);
  });
});
