// Inflating PNG image data, bounded: the output grows with the data that arrives (never from the
// header's claim), stops at the size the image needs, and ignores what libpng ignores.

import { SafesealError } from '../errors.js';

/**
 * Inflates a zlib stream into exactly `expected` bytes; throws CORRUPT_IMAGE if it is shorter or
 * bad. Output beyond `expected` and bytes after the end of the stream are ignored, as libpng (and
 * so every browser) ignores them: refusing what browsers show would let it through unscanned.
 */
export type Inflate = (data: Uint8Array, expected: number) => Promise<Uint8Array>;

/** First allocation for inflated data; it then doubles, so memory follows the data that arrived. */
const FIRST_OUTPUT_BYTES = 1 << 16;

/**
 * The output of an inflate, grown as data arrives (never allocated from the header's claim: a
 * 60-byte file may claim 400 MB) and capped at the `expected` bytes the image needs.
 */
export class InflateOutput {
  readonly expected: number;
  #buffer: Uint8Array;
  #filled = 0;

  constructor(expected: number) {
    this.expected = expected;
    this.#buffer = new Uint8Array(Math.min(expected, FIRST_OUTPUT_BYTES));
  }

  /** Appends what still fits; true once `expected` bytes are in. */
  push(chunk: Uint8Array): boolean {
    const take = Math.min(chunk.length, this.expected - this.#filled);
    if (this.#filled + take > this.#buffer.length) {
      const grown = new Uint8Array(Math.min(this.expected, Math.max(this.#filled + take, 2 * this.#buffer.length)));
      grown.set(this.#buffer.subarray(0, this.#filled));
      this.#buffer = grown;
    }
    this.#buffer.set(take === chunk.length ? chunk : chunk.subarray(0, take), this.#filled);
    this.#filled += take;
    return this.full;
  }

  get full(): boolean {
    return this.#filled === this.expected;
  }

  /** The `expected` bytes. @throws SafesealError CORRUPT_IMAGE when fewer arrived. */
  bytes(): Uint8Array {
    if (!this.full) throw new SafesealError('CORRUPT_IMAGE', `PNG image data is truncated (${this.#filled} of ${this.expected} bytes)`);
    return this.#buffer;
  }
}

type StreamResult = 'full' | 'junk' | 'short';

/** One DecompressionStream pass over `data`, stopping as soon as `out` is full. */
async function inflateOnce(data: Uint8Array, out: InflateOutput): Promise<StreamResult> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return out.full ? 'full' : 'short';
      if (out.push(value)) {
        await reader.cancel().catch(() => undefined);
        return 'full';
      }
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    if (out.full) return 'full';
    // Chromium errors the whole stream on bytes after the zlib end ("Junk found after end of
    // compressed data") and drops output it had queued; the message is the only signal.
    return e instanceof TypeError && /junk/i.test(e.message) ? 'junk' : 'short';
  }
}

/**
 * An `Inflate` built on the platform's DecompressionStream ("deflate" = zlib format), available
 * in browsers, workers and Node ≥ 18. Memory grows with the output that arrives, up to
 * `expected`, and reading stops there, so a decompression bomb costs no more than the image it
 * claims to be. A stream followed by other bytes (which libpng ignores and Chromium's
 * DecompressionStream refuses) is re-inflated up to its end, found by bisection: at most
 * ~log2(length) more bounded passes, for such files only.
 */
export const inflateWithStreams: Inflate = async (data, expected) => {
  let result = await tryInflate(data, expected);
  if (result instanceof Uint8Array) return result;
  if (result === 'junk') {
    let lo = 0;
    let hi = data.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      result = await tryInflate(data.subarray(0, mid), expected);
      if (result instanceof Uint8Array) return result;
      if (result === 'junk') hi = mid;
      else lo = mid + 1;
    }
  }
  throw new SafesealError('CORRUPT_IMAGE', 'PNG image data does not inflate to the size its header gives');
};

async function tryInflate(data: Uint8Array, expected: number): Promise<Uint8Array | 'junk' | 'short'> {
  const out = new InflateOutput(expected);
  const result = await inflateOnce(data, out);
  return result === 'full' ? out.bytes() : result;
}
