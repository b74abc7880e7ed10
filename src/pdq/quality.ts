// PDQ's quality metric: how much gradient the 64×64 plane has, 0 (flat) to 100.

import { PDQ_GRID } from './downsample.js';

/**
 * Sums |trunc(Δ · 100 / 255)| over all vertical and horizontal neighbour pairs of the 64×64 plane
 * and returns min(100, floor(sum / 90)), as the reference does. Truncation is toward zero.
 */
export function pdqQuality(a: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < PDQ_GRID - 1; i++) {
    for (let j = 0; j < PDQ_GRID; j++) {
      sum += Math.abs(Math.trunc(((a[i * PDQ_GRID + j] - a[(i + 1) * PDQ_GRID + j]) * 100) / 255));
    }
  }
  for (let i = 0; i < PDQ_GRID; i++) {
    for (let j = 0; j < PDQ_GRID - 1; j++) {
      sum += Math.abs(Math.trunc(((a[i * PDQ_GRID + j] - a[i * PDQ_GRID + j + 1]) * 100) / 255));
    }
  }
  return Math.min(100, Math.floor(sum / 90));
}
