// The 8 dihedral variants of a PDQ hash ("PDQ-8"), derived from the float DCT block: a rotation
// or flip of the image changes the signs of, or transposes, the coefficients.

import { PDQ_DCT } from './dct.js';

/** Order of `dihedral[]`: the same as the reference's `--pdqdih` output. */
export const DIHEDRAL_NAMES = ['orig', 'rot90', 'rot180', 'rot270', 'flipx', 'flipy', 'flipp', 'flipm'] as const;

/** s(x) = +1 for odd x, −1 for even x (even index = odd frequency). */
const sign = (x: number): number => ((x & 1) === 1 ? 1 : -1);

/**
 * Writes the 7 transformed blocks (rot90 … flipm) of `b` into `out[0..6]`, each 256 float64.
 */
export function dihedralBlocks(b: Float64Array, out: Float64Array[]): void {
  const [rot90, rot180, rot270, flipx, flipy, flipp, flipm] = out;
  for (let u = 0; u < PDQ_DCT; u++) {
    for (let v = 0; v < PDQ_DCT; v++) {
      const x = b[u * PDQ_DCT + v];
      const uv = u * PDQ_DCT + v;
      const vu = v * PDQ_DCT + u;
      const parity = ((u + v) & 1) === 0 ? 1 : -1;
      rot90[vu] = sign(v) * x;
      rot180[uv] = parity * x;
      rot270[vu] = sign(u) * x;
      flipx[uv] = sign(u) * x;
      flipy[uv] = sign(v) * x;
      flipp[vu] = x;
      flipm[vu] = parity * x;
    }
  }
}
