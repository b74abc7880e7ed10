// The 256-bit PDQ hash: bit layout, hex form and Hamming distance.
//
// Bit k = 16·u + v is DCT coefficient (u, v). The reference stores 16 uint16 words, word u = row u,
// and prints w[15] … w[0] as 4 hex digits each. We keep the same order as 32 big-endian bytes, so
// the hex is the bytes in order: byte 2·(15−u) holds columns 15..8 of row u, the next columns 7..0.

import { SafesealError } from '../errors.js';
import { fromHex, toHex } from '../bytes.js';
import { describeValue } from '../check.js';
import { PDQ_BYTES, PDQ_HEX_LENGTH } from './constants.js';
import { PDQ_DCT } from './dct.js';

/** Length of a PDQ hash in bytes. */
export { PDQ_BYTES };

/** Sets bit (u, v) of a 32-byte hash. */
function setBit(hash: Uint8Array, u: number, v: number): void {
  const byte = 2 * (PDQ_DCT - 1 - u) + (v >= 8 ? 0 : 1);
  hash[byte] |= 1 << (v & 7);
}

/**
 * Thresholds a 16×16 coefficient block at its lower median (the 128th smallest value): bit = 1
 * iff the coefficient is strictly greater. `scratch` (256 float64) avoids an allocation.
 */
export function thresholdAtMedian(b: Float64Array, scratch: Float64Array = new Float64Array(256)): Uint8Array {
  scratch.set(b);
  scratch.sort();
  const median = scratch[127];
  const hash = new Uint8Array(PDQ_BYTES);
  for (let u = 0; u < PDQ_DCT; u++) {
    for (let v = 0; v < PDQ_DCT; v++) {
      if (b[u * PDQ_DCT + v] > median) setBit(hash, u, v);
    }
  }
  return hash;
}

/** 64 lowercase hex digits, compatible with ThreatExchange / HMA. */
export function hashToHex(hash: Uint8Array): string {
  return toHex(hash);
}

/**
 * Parses a 64-hex-digit PDQ hash (either case).
 * @throws SafesealError INVALID_ARGUMENT when `hex` is not exactly 64 hex digits.
 */
export function hexToHash(hex: string): Uint8Array {
  const bytes = typeof hex === 'string' && hex.length === PDQ_HEX_LENGTH ? fromHex(hex) : null;
  if (!bytes) throw new SafesealError('INVALID_ARGUMENT', `"hex" must be ${PDQ_HEX_LENGTH} hex digits, got ${describeValue(hex)}`);
  return bytes;
}

/** Number of set bits in a 32-bit integer. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Hamming distance in bits between two PDQ hashes, given as 64-hex strings or 32-byte arrays.
 * @throws SafesealError INVALID_ARGUMENT when either is not a PDQ hash.
 */
export function hammingDistance(a: string | Uint8Array, b: string | Uint8Array): number {
  const x = toHash(a, 'a');
  const y = toHash(b, 'b');
  let d = 0;
  for (let i = 0; i < PDQ_BYTES; i += 4) {
    const wx = (x[i] << 24) | (x[i + 1] << 16) | (x[i + 2] << 8) | x[i + 3];
    const wy = (y[i] << 24) | (y[i + 1] << 16) | (y[i + 2] << 8) | y[i + 3];
    d += popcount32(wx ^ wy);
  }
  return d;
}

function toHash(v: string | Uint8Array, name: string): Uint8Array {
  if (typeof v === 'string') {
    const bytes = v.length === PDQ_HEX_LENGTH ? fromHex(v) : null;
    if (!bytes) throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be 64 hex digits or 32 bytes, got a string of length ${v.length}`);
    return bytes;
  }
  if (v instanceof Uint8Array && v.length === PDQ_BYTES) return v;
  throw new SafesealError(
    'INVALID_ARGUMENT',
    `"${name}" must be 64 hex digits or 32 bytes, got ${v instanceof Uint8Array ? `${v.length} bytes` : describeValue(v)}`,
  );
}
