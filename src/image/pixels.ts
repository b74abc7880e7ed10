// The decoder-independent input of PDQ: 8-bit interleaved samples with 1–4 channels.

/**
 * Decoded pixels, interleaved, 8 bits per sample, rows top to bottom without padding.
 * `channels`: 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA. Alpha is ignored by PDQ.
 */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array | Uint8ClampedArray;
}
