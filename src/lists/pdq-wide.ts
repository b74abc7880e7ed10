// The PDQ index layout for lists above 2^22 entries (see indexLayout): chunks of 23–24 bits whose
// bucket directories have at most 2^20 slots, keyed by a chunk's leading bits. A slot's record also
// says where each value of the 3–4 trailing bits starts inside the slot (one byte per value), so a
// probe reads exactly its bucket and no posting is decoded that the probe does not want.
//
// At 20 M entries a query is bound by random reads (640 MB of hashes, ~780 MB of ids, 156 MB of
// directories: nearly every read misses the cache and the TLB), not by arithmetic. JavaScript has
// no prefetch instruction, so each phase first runs a tiny loop that only touches what the next
// loop will read (slot records, then the slots' ids, then candidates' hashes in blocks): many misses
// are then in flight at once instead of one after the other, which halved the query time. The
// check's test on the first 128 bits is nearly always false (a random candidate is ~64 bits away
// there), so it does not stall on a mispredicted branch. Duplicates (an entry found through two
// chunks) are rare and are dropped among the matches only, so candidates need no bitset.

import { SafesealError } from '../errors.js';
import { popcount32 } from '../pdq/hash256.js';
import { bitsAt, PDQ_WORDS, WARM_BLOCK, writePacked, type MatchSink } from './pdq-bits.js';

/** At most this many trailing bits per chunk: a slot record holds 2^4 − 1 one-byte sub-offsets. */
export const MAX_TRAILING_BITS = 4;
/** Flag on a slot's first position: more than 255 entries, so its sub-offsets are unused and the whole slot is read. */
const DENSE = 0x80000000;
const POSITION = 0x7fffffff; // positions are < MAX_ENTRIES < 2^31
const MAX_SUB_OFFSET = 255;
/** Slot bits at most (pdq-index.ts checks the layout): bounds a probe's visits at radius 2. */
const MAX_DIRECTORY_SLOT_BITS = 20;

interface WideChunk {
  readonly start: number;
  readonly width: number;
  /** Directory bits (the slot) and trailing bits (the values inside a slot). */
  readonly prefix: number;
  readonly suffix: number;
  /** Words per slot record: the slot's first position (| DENSE), then 2^suffix − 1 sub-offset bytes. */
  readonly stride: number;
  /** 2^prefix + 1 records, the last holding only n. */
  readonly directory: Uint32Array;
  /** Entry ids in order of chunk value, bit-packed at idBits; empty for chunk 0 (the identity). */
  readonly ids: Uint32Array;
}

/** Trailing values within `budget` bits of `trailing`, as a bitmask over the 2^suffix values. */
function within(trailing: number, suffix: number, budget: number): number {
  let want = 0;
  for (let t = 0; t < 1 << suffix; t++) if (popcount32(t ^ trailing) <= budget) want |= 1 << t;
  return want;
}

/** Where trailing value `t` (0 ..= values) starts in the slot record at `rec`, as a position. */
function subOffset(dir: Uint32Array, rec: number, t: number, first: number, end: number, values: number): number {
  if (t === 0) return first;
  if (t === values) return end;
  return first + ((dir[rec + 1 + ((t - 1) >>> 2)] >>> (((t - 1) & 3) * 8)) & 255);
}

export class WideChunks {
  readonly #hashes: Uint32Array;
  readonly #chunks: WideChunk[];
  readonly #idBits: number;
  /** Chunk indices, widest first: the generalised pigeonhole gives the narrowest the smaller radius. */
  readonly #byWidth: number[];
  /** Bitset of the matches already reported in this query (duplicates come through several chunks). */
  readonly #seen: Uint32Array;
  #candidates = new Uint32Array(1 << 14);
  /** Query scratch: the slots one chunk's probe visits and the trailing values wanted in each. */
  readonly #slots = new Uint32Array(1 + (MAX_DIRECTORY_SLOT_BITS * (MAX_DIRECTORY_SLOT_BITS + 1)) / 2);
  readonly #wants = new Uint32Array(1 + (MAX_DIRECTORY_SLOT_BITS * (MAX_DIRECTORY_SLOT_BITS + 1)) / 2);
  /** Folds in the values the warming loops read, so that the compiler cannot drop those loads. */
  #warm = 0;

  private constructor(hashes: Uint32Array, chunks: WideChunk[], idBits: number) {
    this.#hashes = hashes;
    this.#chunks = chunks;
    this.#idBits = idBits;
    this.#byWidth = chunks.map((_, c) => c).sort((a, b) => chunks[b].width - chunks[a].width || a - b);
    this.#seen = new Uint32Array(Math.ceil(hashes.length / PDQ_WORDS / 32) + 1);
  }

  /**
   * Indexes `hashes` (8 words per entry, kept by reference, sorted by their first widths[0] bits)
   * with chunks of `widths` bits and directories of at most 2^directoryBits slots; the caller has
   * checked that the widths sum to 256, are at most 24 and leave at most 4 trailing bits.
   * Time O(m n); temporary memory 4 · (n + 2^max(widths)) bytes.
   * @throws SafesealError INVALID_ARGUMENT when the hashes are not sorted by chunk 0.
   */
  static build(hashes: Uint32Array, widths: readonly number[], directoryBits: number): WideChunks {
    const n = hashes.length / PDQ_WORDS;
    const idBits = Math.max(1, Math.ceil(Math.log2(Math.max(n, 2))));
    const keys = new Uint32Array(n);
    const counts = new Uint32Array(2 ** Math.max(...widths) + 1);
    const chunks: WideChunk[] = [];
    let start = 0;
    for (let c = 0; c < widths.length; c++) {
      const width = widths[c];
      const prefix = Math.min(width, directoryBits);
      const suffix = width - prefix;
      const values = 1 << suffix;
      const stride = 1 + Math.ceil((values - 1) / 4);
      // counts[k] becomes the first position of chunk value k (a counting sort by the whole value).
      counts.fill(0, 0, 2 ** width + 1);
      for (let i = 0; i < n; i++) {
        const k = bitsAt(hashes, i * PDQ_WORDS, start, width);
        keys[i] = k;
        counts[k + 1]++;
      }
      for (let k = 0; k < 2 ** width; k++) counts[k + 1] += counts[k];
      const slots = 2 ** prefix;
      const directory = new Uint32Array((slots + 1) * stride);
      for (let s = 0; s < slots; s++) {
        const first = counts[s * values];
        const rec = s * stride;
        if (counts[(s + 1) * values] - first > MAX_SUB_OFFSET) {
          directory[rec] = (first | DENSE) >>> 0;
          continue;
        }
        directory[rec] = first;
        for (let t = 1; t < values; t++) directory[rec + 1 + ((t - 1) >>> 2)] |= (counts[s * values + t] - first) << (((t - 1) & 3) * 8);
      }
      directory[slots * stride] = n;
      let ids = new Uint32Array(0);
      if (c === 0) {
        for (let i = 1; i < n; i++)
          if (keys[i] < keys[i - 1]) throw new SafesealError('INVALID_ARGUMENT', `"hashes" must be sorted by their first ${width} bits`);
      } else {
        ids = new Uint32Array(Math.ceil((n * idBits) / 32) + 1);
        for (let i = 0; i < n; i++) writePacked(ids, counts[keys[i]]++, idBits, i);
      }
      chunks.push({ start, width, prefix, suffix, stride, directory, ids });
      start += width;
    }
    return new WideChunks(hashes, chunks, idBits);
  }

  /** Bytes held by the directories, ids and query scratch (the hashes are the caller's). */
  get bytes(): number {
    let total = this.#seen.byteLength + this.#candidates.byteLength;
    for (const c of this.#chunks) total += c.directory.byteLength + c.ids.byteLength;
    return total;
  }

  /**
   * Reports every entry within `threshold` bits of `q` exactly once. By the generalised pigeonhole
   * principle (threshold = m·quot + rest), some chunk among any rest + 1 of them is within quot
   * bits, or one of the others within quot − 1; the caller ensures quot ≤ 2.
   */
  search(q: Uint32Array, threshold: number, sink: MatchSink): void {
    const m = this.#chunks.length;
    const quot = Math.floor(threshold / m);
    const rest = threshold - quot * m;
    let count = 0;
    for (let r = 0; r < m; r++) {
      const radius = r <= rest ? quot : quot - 1;
      if (radius >= 0) count = this.#probe(this.#byWidth[r], q, radius, count);
    }
    this.#verify(q, threshold, count, sink);
  }

  /** Gathers the entries of chunk `c` within `radius` bits of the query's value; returns the count. */
  #probe(c: number, q: Uint32Array, radius: number, count: number): number {
    const chunk = this.#chunks[c];
    const key = bitsAt(q, 0, chunk.start, chunk.width);
    const slot = key >>> chunk.suffix;
    const trailing = key & ((1 << chunk.suffix) - 1);
    // Flip up to `radius` slot bits; the budget left over is spent on the trailing bits. The
    // flips are enumerated high bit outermost, so that consecutive slots are near each other.
    const slots = this.#slots;
    const wants = this.#wants;
    const exact = 1 << trailing;
    slots[0] = slot;
    wants[0] = radius === 0 ? exact : within(trailing, chunk.suffix, radius);
    let v = 1;
    if (radius > 0) {
      const near = radius === 1 ? exact : within(trailing, chunk.suffix, 1);
      for (let b = 0; b < chunk.prefix; b++) {
        const far = slot ^ (1 << b);
        for (let a = 0; a < b && radius >= 2; a++) {
          slots[v] = far ^ (1 << a);
          wants[v++] = exact;
        }
        slots[v] = far;
        wants[v++] = near;
      }
    }
    // Touch every slot record, then every slot's first ids, before reading any: the loops are
    // tiny, so their cache and TLB misses overlap instead of coming one after the other.
    const dir = chunk.directory;
    const stride = chunk.stride;
    let warm = 0;
    for (let k = 0; k < v; k++) warm ^= dir[slots[k] * stride];
    if (c !== 0) {
      const ids = chunk.ids;
      const bits = this.#idBits;
      for (let k = 0; k < v; k++) warm ^= ids[((dir[slots[k] * stride] & POSITION) * bits) >>> 5];
    }
    this.#warm ^= warm;
    for (let k = 0; k < v; k++) count = this.#read(c, slots[k], wants[k], count);
    return count;
  }

  /** Appends the entries of slot `slot` of chunk `c` whose trailing value is in `want`. */
  #read(c: number, slot: number, want: number, count: number): number {
    const chunk = this.#chunks[c];
    const dir = chunk.directory;
    const rec = slot * chunk.stride;
    const head = dir[rec];
    const first = head & POSITION;
    const end = dir[rec + chunk.stride] & POSITION;
    if (first === end) return count;
    const values = 1 << chunk.suffix;
    if ((head & DENSE) !== 0) return this.#append(c, first, end, count);
    if ((want & (want - 1)) === 0) {
      const t = 31 - Math.clz32(want);
      return this.#append(c, subOffset(dir, rec, t, first, end, values), subOffset(dir, rec, t + 1, first, end, values), count);
    }
    // Several values: read each run of consecutive wanted values as one range.
    for (let t = 0; t < values; t++) {
      if (((want >>> t) & 1) === 0) continue;
      let u = t + 1;
      while (u < values && ((want >>> u) & 1) !== 0) u++;
      count = this.#append(c, subOffset(dir, rec, t, first, end, values), subOffset(dir, rec, u, first, end, values), count);
      t = u;
    }
    return count;
  }

  /** Appends the entries at positions lo .. hi − 1 of chunk `c`'s order. */
  #append(c: number, lo: number, hi: number, count: number): number {
    if (hi - lo > this.#candidates.length - count) {
      const grown = new Uint32Array(Math.max(count + hi - lo, this.#candidates.length * 2));
      grown.set(this.#candidates.subarray(0, count));
      this.#candidates = grown;
    }
    const out = this.#candidates;
    if (c === 0) {
      for (let p = lo; p < hi; p++) out[count++] = p; // chunk 0 is the identity
      return count;
    }
    const packed = this.#chunks[c].ids;
    const bits = this.#idBits;
    const mask = (1 << bits) - 1; // bits ≤ 27 (MAX_ENTRIES)
    for (let p = lo; p < hi; p++) {
      const at = p * bits; // < 2^32: n · bits is bounded by MAX_ENTRIES
      const word = at >>> 5;
      const shift = at & 31;
      let i = packed[word] >>> shift;
      if (shift + bits > 32) i |= packed[word + 1] << (32 - shift);
      out[count++] = i & mask;
    }
    return count;
  }

  /** Checks the candidates' full distances and reports each matching entry once. */
  #verify(q: Uint32Array, threshold: number, count: number, sink: MatchSink): void {
    const ids = this.#candidates;
    const hashes = this.#hashes;
    const seen = this.#seen;
    const [q0, q1, q2, q3, q4, q5, q6, q7] = q;
    let found = 0;
    let warm = 0;
    for (let t = 0; t < count; t++) {
      if (t % WARM_BLOCK === 0) {
        // Touch the next block's hashes first, in a loop small enough to keep them all in flight.
        const to = Math.min(count, t + WARM_BLOCK);
        for (let u = t; u < to; u++) warm ^= hashes[ids[u] * PDQ_WORDS];
      }
      const i = ids[t];
      const b = i * PDQ_WORDS;
      const half = popcount32(hashes[b] ^ q0) + popcount32(hashes[b + 1] ^ q1) + popcount32(hashes[b + 2] ^ q2) + popcount32(hashes[b + 3] ^ q3);
      if (half > threshold) continue;
      const d =
        half + popcount32(hashes[b + 4] ^ q4) + popcount32(hashes[b + 5] ^ q5) + popcount32(hashes[b + 6] ^ q6) + popcount32(hashes[b + 7] ^ q7);
      const bit = 1 << (i & 31);
      if (d > threshold || (seen[i >>> 5] & bit) !== 0) continue;
      seen[i >>> 5] |= bit;
      ids[found++] = i; // found ≤ t: the candidate array keeps the matches, to clear their bits after
      sink(i, d);
    }
    for (let t = 0; t < found; t++) seen[ids[t] >>> 5] = 0;
    this.#warm ^= warm;
  }
}
