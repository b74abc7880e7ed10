// SHA-256 through WebCrypto (crypto.subtle: browsers, workers, Node ≥ 19). The standard
// libsodium-wrappers build has no SHA-256, and the platform's is native and fast on 30 MB lists.

import { concatBytes, toHex } from '../bytes.js';
import { SafesealError } from '../errors.js';

/** Length of a SHA-256 digest in bytes. */
export const SHA256_BYTES = 32;

/**
 * SHA-256 of the concatenation of `parts` (each part is copied once into one buffer).
 * @throws SafesealError INTERNAL when the platform has no WebCrypto.
 */
export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  if (typeof crypto === 'undefined' || !crypto.subtle) throw new SafesealError('INTERNAL', 'WebCrypto (crypto.subtle) is not available');
  const input = parts.length === 1 ? parts[0] : concatBytes(...parts);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input as Uint8Array<ArrayBuffer>));
}

/** SHA-256 of `bytes` as 64 lowercase hex digits (image digests, the model and wasm pins). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await sha256(bytes));
}
