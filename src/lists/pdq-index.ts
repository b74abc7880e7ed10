// Near-duplicate search over PDQ hashes with multi-index hashing (MIH). The 256 bits are cut into
// m chunks; if two hashes are within distance d, some chunk differs in at most floor(d/m) bits, so
// probing every chunk with its value and its neighbours up to that radius finds every match; each
// candidate is then checked with the full 256-bit distance, so results equal a linear scan.
//
// The chunk width follows the list size (about log2 n bits, see indexLayout): 16 chunks of 16 bits
// up to 2^22 entries, 11 chunks of 23–24 bits above, so buckets stay at a few entries each. A
// chunk's bucket directory has at most 2^20 slots, keyed by the chunk's leading bits; the 3–4
// trailing bits are stored with each posting and checked while the slot is read.
//
// Memory: the hashes (32 B/entry) must be sorted by their leading bits, as a canonical list body
// is, so chunk 0 needs no posting list; the other chunks keep (entry id, trailing bits) records
// bit-packed at ceil(log2 n) + trailing bits.

import { SafesealError } from '../errors.js';
import { popcount32 } from '../pdq/hash256.js';
import { MAX_ENTRIES } from './format.js';

export const PDQ_WORDS = 8; // 256 bits as 8 uint32, big-endian within the 32 bytes
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

/** Bits start .. start+width−1 (bit 0 = the first word's top bit) of the hash at `base`; width ≤ 32. */
function bitsAt(words: Uint32Array, base: number, start: number, width: number): number {
  const w = start >>> 5;
  const off = start & 31;
  const top = (words[base + w] << off) >>> (32 - width);
  if (off + width <= 32) return top;
  return (top | (words[base + w + 1] >>> (64 - off - width))) >>> 0;
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

/** One chunk: where its bits are, how they split into directory slot and trailing bits. */
interface Chunk {
  readonly start: number;
  readonly width: number;
  /** Directory bits (the slot) and trailing bits (stored with each posting). */
  readonly prefix: number;
  readonly suffix: number;
  /** 2^prefix + 1 offsets: slot k is positions offsets[k] .. offsets[k+1] − 1. */
  readonly offsets: Uint32Array;
  /** (id << suffix | trailing bits) records bit-packed; empty for chunk 0 (the identity). */
  readonly postings: Uint32Array;
}

export class PdqIndex {
  /** Number of entries. */
  readonly size: number;
  /** Chunk widths, in bits. */
  readonly widths: readonly number[];
  readonly #hashes: Uint32Array;
  readonly #chunks: Chunk[];
  readonly #idBits: number;
  /** Query scratch: a bitset of entries already checked, and the ids to clear afterwards. */
  readonly #seen: Uint32Array;
  #touched = new Uint32Array(1024);

  private constructor(hashes: Uint32Array, chunks: Chunk[], idBits: number) {
    this.size = hashes.length / PDQ_WORDS;
    this.widths = Object.freeze(chunks.map((c) => c.width));
    this.#hashes = hashes;
    this.#chunks = chunks;
    this.#idBits = idBits;
    this.#seen = new Uint32Array(Math.ceil(this.size / 32) + 1);
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
      widths.some((w) => !Number.isInteger(w) || w < 1 || w > 24) ||
      directoryBits < 1 ||
      directoryBits > MAX_DIRECTORY_BITS
    ) {
      throw new SafesealError('INVALID_ARGUMENT', '"layout" must cut 256 bits into chunks of 1..24 bits, with a directory of 1..20 bits');
    }
    const idBits = Math.max(1, Math.ceil(Math.log2(Math.max(n, 2))));
    const keys = new Uint32Array(n);
    const chunks: Chunk[] = [];
    let start = 0;
    for (let c = 0; c < widths.length; c++) {
      const width = widths[c];
      const prefix = Math.min(width, directoryBits);
      const suffix = width - prefix;
      const slots = 2 ** prefix;
      const offsets = new Uint32Array(slots + 1);
      for (let i = 0; i < n; i++) {
        const k = bitsAt(hashes, i * PDQ_WORDS, start, width);
        keys[i] = k;
        offsets[(k >>> suffix) + 1]++;
      }
      for (let k = 0; k < slots; k++) offsets[k + 1] += offsets[k];
      let postings = new Uint32Array(0);
      if (c === 0) {
        for (let i = 1; i < n; i++)
          if (keys[i] < keys[i - 1]) throw new SafesealError('INVALID_ARGUMENT', `"hashes" must be sorted by their first ${width} bits`);
      } else {
        const recordBits = idBits + suffix;
        const mask = (1 << suffix) - 1;
        postings = new Uint32Array(Math.ceil((n * recordBits) / 32) + 1);
        const cursor = offsets.slice(0, slots);
        for (let i = 0; i < n; i++) writePacked(postings, cursor[keys[i] >>> suffix]++, recordBits, ((i << suffix) | (keys[i] & mask)) >>> 0);
      }
      chunks.push({ start, width, prefix, suffix, offsets, postings });
      start += width;
    }
    return new PdqIndex(hashes, chunks, idBits);
  }

  /** Bytes held by the hashes and the index (directories, postings, query bitset). */
  get bytes(): number {
    let total = this.#hashes.byteLength + this.#seen.byteLength + this.#touched.byteLength;
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
    const radius = Math.floor(threshold / this.#chunks.length);
    if (radius > MAX_PROBE_RADIUS || this.size === 0) {
      linearScan(this.#hashes, q, threshold, sink);
      return;
    }
    // Two passes: gather the distinct candidates first, then check them in one tight loop whose
    // independent loads the CPU can overlap (the hashes are a random-access 32 B per entry).
    let count = 0;
    for (let c = 0; c < this.#chunks.length; c++) {
      const chunk = this.#chunks[c];
      const key = bitsAt(q, 0, chunk.start, chunk.width);
      const slot = key >>> chunk.suffix;
      const trailing = key & ((1 << chunk.suffix) - 1);
      // Flip up to `radius` directory bits; the bits left over may differ in the trailing bits.
      count = this.#gather(chunk, c, slot, trailing, radius, count);
      for (let a = 0; a < chunk.prefix && radius >= 1; a++) {
        count = this.#gather(chunk, c, slot ^ (1 << a), trailing, radius - 1, count);
        for (let b = a + 1; b < chunk.prefix && radius >= 2; b++) count = this.#gather(chunk, c, slot ^ (1 << a) ^ (1 << b), trailing, 0, count);
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

  /**
   * Appends the unseen entries of directory slot `slot` of chunk `c` whose trailing bits are
   * within `budget` bits of `trailing` to the candidates; returns the count.
   */
  #gather(chunk: Chunk, c: number, slot: number, trailing: number, budget: number, count: number): number {
    const start = chunk.offsets[slot];
    const end = chunk.offsets[slot + 1];
    if (end - start > this.#touched.length - count) this.#grow(count + end - start);
    const out = this.#touched;
    const seen = this.#seen;
    const suffix = chunk.suffix;
    const mask = (1 << suffix) - 1;
    if (c === 0) {
      // Chunk 0 is the identity: positions are entry ids; trailing bits are read from the hash.
      const hashes = this.#hashes;
      const shift = 32 - chunk.width;
      for (let i = start; i < end; i++) {
        if (suffix > 0 && popcount32(((hashes[i * PDQ_WORDS] >>> shift) & mask) ^ trailing) > budget) continue;
        const bit = 1 << (i & 31);
        if ((seen[i >>> 5] & bit) === 0) {
          seen[i >>> 5] |= bit;
          out[count++] = i;
        }
      }
      return count;
    }
    const packed = chunk.postings;
    const bits = this.#idBits + suffix;
    const recordMask = (1 << bits) - 1; // bits ≤ 31 (MAX_ENTRIES)
    if (suffix === 0) {
      // The narrow layout: records are bare ids (kept apart so the 16 × 16 loop stays as tight as it was).
      for (let p = start; p < end; p++) {
        const at = p * bits;
        const word = at >>> 5;
        const shift = at & 31;
        let i = packed[word] >>> shift;
        if (shift + bits > 32) i |= packed[word + 1] << (32 - shift);
        i &= recordMask;
        const bit = 1 << (i & 31);
        if ((seen[i >>> 5] & bit) === 0) {
          seen[i >>> 5] |= bit;
          out[count++] = i;
        }
      }
      return count;
    }
    for (let p = start; p < end; p++) {
      const at = p * bits; // < 2^32: n · bits is bounded by MAX_ENTRIES
      const word = at >>> 5;
      const shift = at & 31;
      let r = packed[word] >>> shift;
      if (shift + bits > 32) r |= packed[word + 1] << (32 - shift);
      r &= recordMask;
      if (popcount32((r & mask) ^ trailing) > budget) continue;
      const i = r >>> suffix;
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
  const bit = position * bits; // < 2^32 (MAX_ENTRIES), so the 32-bit operators below are exact
  const word = bit >>> 5;
  const shift = bit & 31;
  packed[word] |= value << shift;
  if (shift + bits > 32) packed[word + 1] |= value >>> (32 - shift);
}
