// The self-test's built-in image is exactly the reference's decoded wee.jpg, with its reference row.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selfTest, WEE_KNOWN_ANSWER } from '../../src/engine/self-test.js';
import * as ka from '../../src/pdq/known-answer.js';
import { cppRows, readPpm, VECTORS } from '../helpers/vectors.js';

describe('known-answer self-test data', () => {
  it('is the reference decoded pixels of wee.jpg', () => {
    const ppm = readPpm(join(VECTORS, 'derived/decoded-ppm/wee.fullres.ppm'));
    expect(ka.KNOWN_ANSWER_WIDTH).toBe(ppm.width);
    expect(ka.KNOWN_ANSWER_HEIGHT).toBe(ppm.height);
    expect(Buffer.from(ka.KNOWN_ANSWER_RGB_BASE64, 'base64').equals(Buffer.from(ppm.data))).toBe(true);
  });

  it('carries the reference fullres row', () => {
    const row = cppRows().find((r) => r.mode === 'fullres' && r.file === 'pdq/data/misc-images/wee.jpg')!;
    expect(ka.KNOWN_ANSWER_DIHEDRAL).toEqual(row.dihedral);
    expect(ka.KNOWN_ANSWER_QUALITY).toBe(row.quality);
  });

  it('passes on the real answer and fails closed on a wrong one', async () => {
    await expect(selfTest()).resolves.toBeUndefined();
    const flipped = WEE_KNOWN_ANSWER.dihedral.map((h, i) => (i === 5 ? (h[0] === '0' ? '1' : '0') + h.slice(1) : h));
    await expect(selfTest({ ...WEE_KNOWN_ANSWER, dihedral: flipped })).rejects.toMatchObject({ code: 'SELF_TEST' });
    await expect(selfTest({ ...WEE_KNOWN_ANSWER, quality: 99 })).rejects.toMatchObject({ code: 'SELF_TEST' });
  });
});
