// Near-duplicate search over PDQ hashes with multi-index hashing (MIH): 16 chunks of 16 bits.
// If two hashes are within distance d, some chunk differs in at most floor(d/16) bits, so probing
// every chunk with its value and its neighbours up to that radius finds every match; each
// candidate is then checked with the full 256-bit distance, so results equal a linear scan.
//
// Memory: the hashes (32 B/entry) must be sorted by their first 16 bits, as a canonical list body
// is, so chunk 0 needs no posting list; chunks 1..15 keep entry ids bit-packed at ceil(log2 n) bits.

import { SafesealError } from '../errors.js';
import { popcount32 } from '../pdq/hash256.js';
import { MAX_ENTRIES } from './format.js';

export const PDQ_WORDS = 8; // 256 bits as 8 uint32, big-endian within the 32 bytes
const CHUNKS = 16;
const KEYS = 1 << 16;
/** Above this chunk radius (thresholds ≥ 48) probing costs more than scanning: scan instead. */
const MAX_PROBE_RADIUS = 2;

/** Called for each match: entry index and Hamming distance in bits. */
export type MatchSink = (index: number, distance: number) => void;

/** Copies a 32-byte hash into 8 big-endian words at `out[at..at+8]`. */
export function hashWords(hash: Uint8Array, out: Uint32Array = new Uint32Array(PDQ_WORDS), at = 0): Uint32Array {
  for (let j = 0; j < PDQ_WORDS; j++) {
    const b = 4 * j;
    out[at + j] = ((hash[b] << 24) | (hash[b + 1] << 16) | (hash[b + 2] << 8) | hash[b + 3]) >>> 0;
  }
  return out;
}

const chunkOf = (hashes: Uint32Array, i: number, c: number): number => {
  const w = hashes[i * PDQ_WORDS + (c >>> 1)];
  return (c & 1) === 0 ? w >>> 16 : w & 0xffff;
};

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

export class PdqIndex {
  /** Number of entries. */
  readonly size: number;
  readonly #hashes: Uint32Array;
  /** Per chunk, 65 537 offsets: bucket k is positions offsets[k] .. offsets[k+1] − 1. */
  readonly #offsets: Uint32Array[];
  /** Per chunk 1..15, entry ids bit-packed at #idBits bits (chunk 0 is the identity). */
  readonly #postings: Uint32Array[];
  readonly #idBits: number;
  /** Query scratch: a bitset of entries already checked, and the ids to clear afterwards. */
  readonly #seen: Uint32Array;
  #touched = new Uint32Array(1024);

  private constructor(hashes: Uint32Array, offsets: Uint32Array[], postings: Uint32Array[], idBits: number) {
    this.size = hashes.length / PDQ_WORDS;
    this.#hashes = hashes;
    this.#offsets = offsets;
    this.#postings = postings;
    this.#idBits = idBits;
    this.#seen = new Uint32Array(Math.ceil(this.size / 32) + 1);
  }

  /**
   * Indexes `hashes` (8 words per entry, kept by reference), which must be sorted by their first
   * 16 bits. Time O(16 n), no comparison sort.
   * @throws SafesealError INVALID_ARGUMENT when the length is not a multiple of 8, exceeds 2^24 entries, or the order is wrong.
   */
  static build(hashes: Uint32Array): PdqIndex {
    if (!(hashes instanceof Uint32Array) || hashes.length % PDQ_WORDS !== 0) {
      throw new SafesealError('INVALID_ARGUMENT', '"hashes" must be a Uint32Array of 8 words per entry');
    }
    const n = hashes.length / PDQ_WORDS;
    if (n > MAX_ENTRIES) throw new SafesealError('INVALID_ARGUMENT', `at most ${MAX_ENTRIES} hashes can be indexed`); // packed bit offsets stay < 2^32
    const idBits = Math.max(1, Math.ceil(Math.log2(Math.max(n, 2))));
    const offsets: Uint32Array[] = [];
    const postings: Uint32Array[] = [];
    const cursor = new Uint32Array(KEYS);
    for (let c = 0; c < CHUNKS; c++) {
      const off = new Uint32Array(KEYS + 1);
      for (let i = 0; i < n; i++) off[chunkOf(hashes, i, c) + 1]++;
      for (let k = 0; k < KEYS; k++) off[k + 1] += off[k];
      offsets.push(off);
      if (c === 0) {
        for (let i = 1; i < n; i++) {
          if (chunkOf(hashes, i, 0) < chunkOf(hashes, i - 1, 0)) throw new SafesealError('INVALID_ARGUMENT', '"hashes" must be sorted by their first 16 bits');
        }
        continue;
      }
      const packed = new Uint32Array(Math.ceil((n * idBits) / 32) + 1);
      cursor.set(off.subarray(0, KEYS));
      for (let i = 0; i < n; i++) writePacked(packed, cursor[chunkOf(hashes, i, c)]++, idBits, i);
      postings.push(packed);
    }
    return new PdqIndex(hashes, offsets, postings, idBits);
  }

  /** Bytes held by the hashes and the index (offsets, postings, query bitset). */
  get bytes(): number {
    let total = this.#hashes.byteLength + this.#seen.byteLength + this.#touched.byteLength;
    for (const o of this.#offsets) total += o.byteLength;
    for (const p of this.#postings) total += p.byteLength;
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
    const radius = Math.floor(threshold / CHUNKS);
    if (radius > MAX_PROBE_RADIUS || this.size === 0) {
      linearScan(this.#hashes, q, threshold, sink);
      return;
    }
    // Two passes: gather the distinct candidates first, then check them in one tight loop whose
    // independent loads the CPU can overlap (the hashes are a random-access 32 MB at 1M entries).
    let count = 0;
    for (let c = 0; c < CHUNKS; c++) {
      const key = (c & 1) === 0 ? q[c >>> 1] >>> 16 : q[c >>> 1] & 0xffff;
      count = this.#gather(c, key, count);
      for (let a = 0; a < 16 && radius >= 1; a++) {
        count = this.#gather(c, key ^ (1 << a), count);
        for (let b = a + 1; b < 16 && radius >= 2; b++) count = this.#gather(c, key ^ (1 << a) ^ (1 << b), count);
      }
    }
    const ids = this.#touched.subarray(0, count);
    const seen = this.#seen;
    for (let t = 0; t < count; t++) seen[ids[t] >>> 5] = 0;
    const hashes = this.#hashes;
    for (let t = 0; t < count; t++) {
      const d = boundedDistance(hashes, ids[t], q, threshold);
      if (d <= threshold) sink(ids[t], d);
    }
  }

  /** Appends the unseen entries of bucket `key` of chunk `c` to the candidates; returns the count. */
  #gather(c: number, key: number, count: number): number {
    const off = this.#offsets[c];
    const start = off[key];
    const end = off[key + 1];
    if (end - start > this.#touched.length - count) this.#grow(count + end - start);
    const out = this.#touched;
    const seen = this.#seen;
    if (c === 0) {
      for (let i = start; i < end; i++) {
        const bit = 1 << (i & 31);
        if ((seen[i >>> 5] & bit) === 0) {
          seen[i >>> 5] |= bit;
          out[count++] = i;
        }
      }
      return count;
    }
    const packed = this.#postings[c - 1];
    const bits = this.#idBits;
    const mask = (1 << bits) - 1;
    for (let p = start; p < end; p++) {
      const at = p * bits; // < 2^32: at most 2^24 entries of at most 24 bits
      const word = at >>> 5;
      const shift = at & 31;
      let i = packed[word] >>> shift;
      if (shift + bits > 32) i |= packed[word + 1] << (32 - shift);
      i &= mask;
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

function writePacked(packed: Uint32Array, position: number, bits: number, value: number): void {
  const bit = position * bits;
  const word = Math.floor(bit / 32);
  const shift = bit % 32;
  packed[word] |= value << shift;
  if (shift + bits > 32) packed[word + 1] |= value >>> (32 - shift);
}

