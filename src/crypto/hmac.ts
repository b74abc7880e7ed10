// HMAC-SHA-256 through WebCrypto (browsers, workers, Node ≥ 19): the standard libsodium-wrappers
// build has no HMAC-SHA-256.

import { SafesealError } from '../errors.js';

/**
 * HMAC-SHA-256(key, data), 32 bytes.
 * @throws SafesealError INTERNAL when the platform has no WebCrypto
 */
export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (typeof crypto === 'undefined' || !crypto.subtle) throw new SafesealError('INTERNAL', 'WebCrypto (crypto.subtle) is not available');
  const k = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, data as Uint8Array<ArrayBuffer>));
}
