// PDQ (Meta's perceptual image hash) at full resolution: hash, quality and the 8 dihedral hashes.

import { dct16, PDQ_DCT } from './dct.js';
import { dihedralBlocks } from './dihedral.js';
import { downsampleLuma64 } from './downsample.js';
import { PDQ_BYTES, thresholdAtMedian } from './hash256.js';
import type { Pixels } from '../image/pixels.js';
import { pdqQuality } from './quality.js';

export type { Pixels } from '../image/pixels.js';
export { DIHEDRAL_NAMES } from './dihedral.js';
export { hammingDistance, hashToHex, hexToHash, PDQ_BYTES } from './hash256.js';

/** Images with a side below this hash to all zeros with quality 0 (the reference's rule). */
export const PDQ_MIN_SIDE = 5;

export interface PdqResult {
  /** The 256-bit hash as 32 bytes (hex order). */
  readonly hash: Uint8Array;
  /** 0..100; the reference discards hashes below 50 for matching. */
  readonly quality: number;
  /** 8 hashes: orig (= hash), rot90, rot180, rot270, flipx, flipy, flipp, flipm. */
  readonly dihedral: Uint8Array[];
}

/**
 * Computes the PDQ hash, quality and dihedral hashes of decoded pixels, hashing them at full
 * resolution (no pre-resize), alpha ignored. Bit-exact with the reference on its decoded vectors.
 */
export function pdqHash(px: Pixels): PdqResult {
  if (px.width < PDQ_MIN_SIDE || px.height < PDQ_MIN_SIDE) {
    const zero = new Uint8Array(PDQ_BYTES);
    return { hash: zero, quality: 0, dihedral: Array.from({ length: 8 }, () => zero.slice()) };
  }
  const a = downsampleLuma64(px);
  const quality = pdqQuality(a);
  const b = dct16(a);
  const scratch = new Float64Array(PDQ_DCT * PDQ_DCT);
  const hash = thresholdAtMedian(b, scratch);
  const blocks = Array.from({ length: 7 }, () => new Float64Array(PDQ_DCT * PDQ_DCT));
  dihedralBlocks(b, blocks);
  return { hash, quality, dihedral: [hash, ...blocks.map((blk) => thresholdAtMedian(blk, scratch))] };
}
