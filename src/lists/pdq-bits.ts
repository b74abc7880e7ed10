// Bit-level helpers shared by the two layouts of the PDQ index (pdq-index.ts for lists up to 2^22
// entries, pdq-wide.ts above): hashes as 8 big-endian words, chunk extraction, packed records.

export const PDQ_WORDS = 8; // 256 bits as 8 uint32, big-endian within the 32 bytes

/** Candidates whose hashes are touched ahead of their check: 256 lines, well within L1 and the TLB. */
export const WARM_BLOCK = 256;

/** Called for each match: entry index and Hamming distance in bits. */
export type MatchSink = (index: number, distance: number) => void;

/** Bits start .. start+width−1 (bit 0 = the first word's top bit) of the hash at `base`; width ≤ 32. */
export function bitsAt(words: Uint32Array, base: number, start: number, width: number): number {
  const w = start >>> 5;
  const off = start & 31;
  const top = (words[base + w] << off) >>> (32 - width);
  if (off + width <= 32) return top;
  return (top | (words[base + w + 1] >>> (64 - off - width))) >>> 0;
}

/** Stores `value` (< 2^bits, bits ≤ 31) as record `position` of `packed`, which starts zeroed. */
export function writePacked(packed: Uint32Array, position: number, bits: number, value: number): void {
  const bit = position * bits; // < 2^32 (MAX_ENTRIES), so the 32-bit operators below are exact
  const word = bit >>> 5;
  const shift = bit & 31;
  packed[word] |= value << shift;
  if (shift + bits > 32) packed[word + 1] |= value >>> (32 - shift);
}
