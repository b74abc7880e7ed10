// The 16×16 block of DCT-II coefficients 1..16 of the 64×64 plane: B = D · A · Dᵀ.

import { PDQ_GRID } from './downsample.js';

/** Side of the coefficient block that becomes the 256-bit hash. */
export const PDQ_DCT = 16;

/** D[k][n] = sqrt(2/64) · cos(π/128 · (k+1) · (2n+1)), k < 16, n < 64; row-major. */
const DCT_MATRIX: Float64Array = (() => {
  const d = new Float64Array(PDQ_DCT * PDQ_GRID);
  const scale = Math.sqrt(2 / PDQ_GRID);
  for (let k = 0; k < PDQ_DCT; k++) {
    for (let n = 0; n < PDQ_GRID; n++) {
      d[k * PDQ_GRID + n] = scale * Math.cos((Math.PI / 2 / PDQ_GRID) * (k + 1) * (2 * n + 1));
    }
  }
  return d;
})();

/** Returns B (16×16, row-major; row = vertical frequency) for a 64×64 row-major plane. */
export function dct16(a: Float64Array, out: Float64Array = new Float64Array(PDQ_DCT * PDQ_DCT)): Float64Array {
  const t = new Float64Array(PDQ_DCT * PDQ_GRID); // T = D · A
  for (let k = 0; k < PDQ_DCT; k++) {
    const dRow = k * PDQ_GRID;
    const tRow = k * PDQ_GRID;
    for (let n = 0; n < PDQ_GRID; n++) {
      const dkn = DCT_MATRIX[dRow + n];
      const aRow = n * PDQ_GRID;
      for (let j = 0; j < PDQ_GRID; j++) t[tRow + j] += dkn * a[aRow + j];
    }
  }
  for (let u = 0; u < PDQ_DCT; u++) {
    const tRow = u * PDQ_GRID;
    for (let v = 0; v < PDQ_DCT; v++) {
      const dRow = v * PDQ_GRID;
      let sum = 0;
      for (let j = 0; j < PDQ_GRID; j++) sum += t[tRow + j] * DCT_MATRIX[dRow + j];
      out[u * PDQ_DCT + v] = sum;
    }
  }
  return out;
}
