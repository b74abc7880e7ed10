// Exact lookup of SHA-256 digests: the list's SHA-256 entries, already sorted in the canonical
// body, kept as one byte array and searched by bisection (O(log n), no per-entry objects).

import { HASH_BYTES } from './format.js';

export class ExactSet {
  /** Number of digests. */
  readonly size: number;
  readonly #digests: Uint8Array;

  /** `digests`: n × 32 bytes in strictly increasing byte order (kept by reference). */
  constructor(digests: Uint8Array) {
    this.size = digests.length / HASH_BYTES;
    this.#digests = digests;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#digests.byteLength;
  }

  /** Position of `digest` (32 bytes) in the set, or −1. */
  indexOf(digest: Uint8Array): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.#compareAt(mid, digest);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  #compareAt(i: number, digest: Uint8Array): number {
    const base = i * HASH_BYTES;
    for (let k = 0; k < HASH_BYTES; k++) {
      const d = this.#digests[base + k] - digest[k];
      if (d !== 0) return d;
    }
    return 0;
  }
}
