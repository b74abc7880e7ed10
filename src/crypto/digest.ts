// SHA-256 through WebCrypto (crypto.subtle: browsers, workers, Node ≥ 19). The standard
// libsodium-wrappers build has no SHA-256, and the platform's is native and fast on 30 MB lists.

import { SafesealError } from '../errors.js';

/** Length of a SHA-256 digest in bytes. */
export const SHA256_BYTES = 32;

/**
 * SHA-256 of the concatenation of `parts` (each part is copied once into one buffer).
 * @throws SafesealError INTERNAL when the platform has no WebCrypto.
 */
export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  if (typeof crypto === 'undefined' || !crypto.subtle) throw new SafesealError('INTERNAL', 'WebCrypto (crypto.subtle) is not available');
  let input: Uint8Array;
  if (parts.length === 1) {
    input = parts[0];
  } else {
    input = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      input.set(p, offset);
      offset += p.length;
    }
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input as Uint8Array<ArrayBuffer>));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/** Bytes of an even-length hex string, or null when it is not one. */
export function fromHex(hex: string): Uint8Array | null {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Constant-time equality of two byte arrays of the same length (false if the lengths differ). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** SHA-256 of `bytes` as 64 lowercase hex digits (image digests, the model and wasm pins). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await sha256(bytes));
}
