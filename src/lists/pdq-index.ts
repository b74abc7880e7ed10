// Near-duplicate search over PDQ hashes with multi-index hashing (MIH). The 256 bits are cut into
// m chunks; if two hashes are within distance d, some chunk differs in at most floor(d/m) bits, so
// probing every chunk with its value and its neighbours up to that radius finds every match; each
// candidate is then checked with the full 256-bit distance, so results equal a linear scan.
//
// The chunk width follows the list size (about log2 n bits, see indexLayout): 16 chunks of 16 bits
// up to 2^22 entries (this file), 11 chunks of 23–24 bits above (pdq-wide.ts), so buckets stay at a
// few entries each.
//
// Memory: the hashes (32 B/entry) must be sorted by their leading bits, as a canonical list body
// is, so chunk 0 needs no posting list; the other chunks keep entry ids bit-packed at ceil(log2 n).

import { SafesealError } from '../errors.js';
import { popcount32 } from '../pdq/hash256.js';
import { MAX_ENTRIES } from './format.js';
import { bitsAt, PDQ_WORDS, WARM_BLOCK, writePacked, type MatchSink } from './pdq-bits.js';
import { MAX_TRAILING_BITS, WideChunks } from './pdq-wide.js';

export { PDQ_WORDS, type MatchSink } from './pdq-bits.js';
/** Above this chunk radius probing costs more than scanning: scan instead. */
const MAX_PROBE_RADIUS = 2;
/** Up to this many entries, 16 chunks of 16 bits (radius 1 at distance 31). */
export const NARROW_LAYOUT_MAX_ENTRIES = 1 << 22;
/** Bucket directories hold at most 2^20 slots (4 MB each). */
export const MAX_DIRECTORY_BITS = 20;

/** Chunk widths in bits (summing to 256, from the first bit on) and the directory width. */
export interface IndexLayout {
  readonly widths: readonly number[];
  readonly directoryBits: number;
}

/**
 * The layout for `n` entries: 16 × 16 bits up to 2^22 entries; above, 11 chunks (3 of 24 bits,
 * 8 of 23) — the fewest chunks that keep the probe radius at 2 for distance 31, so the widest
 * chunks and the fewest candidates.
 */
export function indexLayout(n: number): IndexLayout {
  if (n <= NARROW_LAYOUT_MAX_ENTRIES) return { widths: new Array<number>(16).fill(16), directoryBits: 16 };
  return { widths: [24, 24, 24, ...new Array<number>(8).fill(23)], directoryBits: MAX_DIRECTORY_BITS };
}

/** Copies a 32-byte hash into 8 big-endian words at `out[at..at+8]`. */
export function hashWords(hash: Uint8Array, out: Uint32Array = new Uint32Array(PDQ_WORDS), at = 0): Uint32Array {
  for (let j = 0; j < PDQ_WORDS; j++) {
    const b = 4 * j;
    out[at + j] = ((hash[b] << 24) | (hash[b + 1] << 16) | (hash[b + 2] << 8) | hash[b + 3]) >>> 0;
  }
  return out;
}

/** Distance between entry `i` and `q`, or threshold + 1 as soon as it is known to exceed it. */
function boundedDistance(hashes: Uint32Array, i: number, q: Uint32Array, threshold: number): number {
  const base = i * PDQ_WORDS;
  let d = 0;
  for (let j = 0; j < PDQ_WORDS; j++) {
    d += popcount32(hashes[base + j] ^ q[j]);
    if (d > threshold) return threshold + 1;
  }
  return d;
}

/**
 * The brute-force reference: every entry's distance to `q`. Also the path for radii MIH does not
 * help with, and the peer the benchmark measures the index against.
 */
export function linearScan(hashes: Uint32Array, q: Uint32Array, threshold: number, sink: MatchSink): void {
  const n = hashes.length / PDQ_WORDS;
  for (let i = 0; i < n; i++) {
    const d = boundedDistance(hashes, i, q, threshold);
    if (d <= threshold) sink(i, d);
  }
}

/** One chunk of the narrow layout (every chunk value is a directory slot). */
interface Chunk {
  readonly start: number;
  readonly width: number;
  /** 2^width + 1 offsets: value k is positions offsets[k] .. offsets[k+1] − 1. */
  readonly offsets: Uint32Array;
  /** Entry ids bit-packed at idBits, in order of chunk value; empty for chunk 0 (the identity). */
  readonly postings: Uint32Array;
}

export class PdqIndex {
  /** Number of entries. */
  readonly size: number;
  /** Chunk widths, in bits. */
  readonly widths: readonly number[];
  readonly #hashes: Uint32Array;
  /** The narrow layout's chunks (empty when #wide holds the index). */
  readonly #chunks: Chunk[];
  readonly #wide: WideChunks | undefined;
  readonly #idBits: number;
  /** Query scratch: a bitset of entries already checked, and the ids to clear afterwards. */
  readonly #seen: Uint32Array;
  #touched = new Uint32Array(1024);
  /** Folds in the values the warming loop reads, so that the compiler cannot drop those loads. */
  #warm = 0;

  private constructor(hashes: Uint32Array, widths: readonly number[], chunks: Chunk[], wide: WideChunks | undefined, idBits: number) {
    this.size = hashes.length / PDQ_WORDS;
    this.widths = Object.freeze([...widths]);
    this.#hashes = hashes;
    this.#chunks = chunks;
    this.#wide = wide;
    this.#idBits = idBits;
    this.#seen = new Uint32Array(wide === undefined ? Math.ceil(this.size / 32) + 1 : 0);
  }

  /**
   * Indexes `hashes` (8 words per entry, kept by reference), which must be sorted by their
   * leading bits (chunk 0). Time O(m n), no comparison sort; `layout` defaults to indexLayout(n).
   * @throws SafesealError INVALID_ARGUMENT when the length is not a multiple of 8, exceeds MAX_ENTRIES, the layout is invalid or the order is wrong.
   */
  static build(hashes: Uint32Array, layout?: IndexLayout): PdqIndex {
    if (!(hashes instanceof Uint32Array) || hashes.length % PDQ_WORDS !== 0) {
      throw new SafesealError('INVALID_ARGUMENT', '"hashes" must be a Uint32Array of 8 words per entry');
    }
    const n = hashes.length / PDQ_WORDS;
    if (n > MAX_ENTRIES) throw new SafesealError('INVALID_ARGUMENT', `at most ${MAX_ENTRIES} hashes can be indexed`); // packed bit offsets stay < 2^32
    const { widths, directoryBits } = layout ?? indexLayout(n);
    if (
      widths.reduce((a, b) => a + b, 0) !== 256 ||
      widths.some((w) => !Number.isInteger(w) || w < 1 || w > 24 || w - directoryBits > MAX_TRAILING_BITS) ||
      !Number.isInteger(directoryBits) ||
      directoryBits < 1 ||
      directoryBits > MAX_DIRECTORY_BITS
    ) {
      throw new SafesealError(
        'INVALID_ARGUMENT',
        `"layout" must cut 256 bits into chunks of 1..24 bits, with a directory of 1..${MAX_DIRECTORY_BITS} bits and at most ${MAX_TRAILING_BITS} trailing bits`,
      );
    }
    const idBits = Math.max(1, Math.ceil(Math.log2(Math.max(n, 2))));
    if (widths.some((w) => w > directoryBits)) return new PdqIndex(hashes, widths, [], WideChunks.build(hashes, widths, directoryBits), idBits);
    const keys = new Uint32Array(n);
    const chunks: Chunk[] = [];
    let start = 0;
    for (let c = 0; c < widths.length; c++) {
      const width = widths[c];
      const slots = 2 ** width;
      const offsets = new Uint32Array(slots + 1);
      for (let i = 0; i < n; i++) {
        const k = bitsAt(hashes, i * PDQ_WORDS, start, width);
        keys[i] = k;
        offsets[k + 1]++;
      }
      for (let k = 0; k < slots; k++) offsets[k + 1] += offsets[k];
      let postings = new Uint32Array(0);
      if (c === 0) {
        for (let i = 1; i < n; i++)
          if (keys[i] < keys[i - 1]) throw new SafesealError('INVALID_ARGUMENT', `"hashes" must be sorted by their first ${width} bits`);
      } else {
        postings = new Uint32Array(Math.ceil((n * idBits) / 32) + 1);
        const cursor = offsets.slice(0, slots);
        for (let i = 0; i < n; i++) writePacked(postings, cursor[keys[i]]++, idBits, i);
      }
      chunks.push({ start, width, offsets, postings });
      start += width;
    }
    return new PdqIndex(hashes, widths, chunks, undefined, idBits);
  }

  /** Bytes held by the hashes and the index (directories, postings, query scratch). */
  get bytes(): number {
    let total = this.#hashes.byteLength + this.#seen.byteLength + this.#touched.byteLength + (this.#wide?.bytes ?? 0);
    for (const c of this.#chunks) total += c.offsets.byteLength + c.postings.byteLength;
    return total;
  }

  /** The brute-force scan of the same entries (the benchmark's peer; results are the same). */
  scan(q: Uint32Array, threshold: number, sink: MatchSink): void {
    linearScan(this.#hashes, q, threshold, sink);
  }

  /**
   * Reports every entry within `threshold` bits of `q` (8 words) exactly once, in no fixed order.
   * The result is exactly the linear scan's.
   */
  search(q: Uint32Array, threshold: number, sink: MatchSink): void {
    const radius = Math.floor(threshold / this.widths.length);
    if (radius > MAX_PROBE_RADIUS || this.size === 0) {
      linearScan(this.#hashes, q, threshold, sink);
      return;
    }
    if (this.#wide !== undefined) {
      this.#wide.search(q, threshold, sink);
      return;
    }
    // Two passes: gather the distinct candidates first, then check them in one tight loop whose
    // independent loads the CPU can overlap (the hashes are a random-access 32 B per entry), each
    // block of candidates' hashes touched ahead of its check (36 % faster at 1 M, bench:match-regress).
    let count = 0;
    for (let c = 0; c < this.#chunks.length; c++) {
      const chunk = this.#chunks[c];
      const key = bitsAt(q, 0, chunk.start, chunk.width);
      count = this.#gather(chunk, c, key, count);
      for (let a = 0; a < chunk.width && radius >= 1; a++) {
        count = this.#gather(chunk, c, key ^ (1 << a), count);
        for (let b = a + 1; b < chunk.width && radius >= 2; b++) count = this.#gather(chunk, c, key ^ (1 << a) ^ (1 << b), count);
      }
    }
    const ids = this.#touched.subarray(0, count);
    const seen = this.#seen;
    for (let t = 0; t < count; t++) seen[ids[t] >>> 5] = 0;
    const hashes = this.#hashes;
    let warm = 0;
    for (let t = 0; t < count; t++) {
      if (t % WARM_BLOCK === 0) {
        // Touch the next block's hashes first (see pdq-wide.ts): their misses then overlap.
        const to = Math.min(count, t + WARM_BLOCK);
        for (let u = t; u < to; u++) warm ^= hashes[ids[u] * PDQ_WORDS];
      }
      const d = boundedDistance(hashes, ids[t], q, threshold);
      if (d <= threshold) sink(ids[t], d);
    }
    this.#warm ^= warm;
  }

  /** Appends the unseen entries whose chunk `c` has value `key` to the candidates; returns the count. */
  #gather(chunk: Chunk, c: number, key: number, count: number): number {
    const start = chunk.offsets[key];
    const end = chunk.offsets[key + 1];
    if (end - start > this.#touched.length - count) this.#grow(count + end - start);
    const out = this.#touched;
    const seen = this.#seen;
    if (c === 0) {
      // Chunk 0 is the identity: positions are entry ids.
      for (let i = start; i < end; i++) {
        const bit = 1 << (i & 31);
        if ((seen[i >>> 5] & bit) === 0) {
          seen[i >>> 5] |= bit;
          out[count++] = i;
        }
      }
      return count;
    }
    const packed = chunk.postings;
    const bits = this.#idBits;
    const idMask = (1 << bits) - 1; // bits ≤ 27 (MAX_ENTRIES)
    for (let p = start; p < end; p++) {
      const at = p * bits; // < 2^32: n · bits is bounded by MAX_ENTRIES
      const word = at >>> 5;
      const shift = at & 31;
      let i = packed[word] >>> shift;
      if (shift + bits > 32) i |= packed[word + 1] << (32 - shift);
      i &= idMask;
      const bit = 1 << (i & 31);
      if ((seen[i >>> 5] & bit) === 0) {
        seen[i >>> 5] |= bit;
        out[count++] = i;
      }
    }
    return count;
  }

  #grow(needed: number): void {
    const grown = new Uint32Array(Math.max(needed, this.#touched.length * 2));
    grown.set(this.#touched);
    this.#touched = grown;
  }
}
