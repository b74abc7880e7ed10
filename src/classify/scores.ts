// Turns the model's output into the public result: named probabilities in label order, the
// derived sexual (porn + hentai) and suggestive (sexy) scores, and the model's sha256.

import { SafesealError } from '../errors.js';
import type { ClassifyResult } from '../protocol.js';
import { LABELS } from './pins.js';

/** How far the probabilities may sum from 1 (float32 softmax) before the output is refused. */
const SUM_TOLERANCE = 1e-3;

/**
 * Checks that `p` is a probability vector over LABELS and names its entries.
 * @throws SafesealError MODEL_LOAD for anything that is not one (wrong length, NaN, sum ≠ 1)
 */
export function toClassifyResult(p: ArrayLike<number>, model: string): ClassifyResult {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new SafesealError('MODEL_LOAD', `the model gave ${p[i]} as a probability`);
    sum += p[i];
  }
  if (p.length !== LABELS.length || Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new SafesealError('MODEL_LOAD', `the model's output is not a distribution over ${LABELS.length} classes`);
  }
  const [drawing, hentai, neutral, porn, sexy] = LABELS.map((_, i) => p[i]);
  return { scores: { drawing, hentai, neutral, porn, sexy }, sexual: porn + hentai, suggestive: sexy, model };
}
