// Key ids: the first 16 bytes of SHA-256("safeseal-key-id-v1" ‖ 0x00 ‖ public key), for every kind
// of key (list signers, platforms, authorities), so a key is named the same way everywhere.

import { sha256 } from './digest.js';

/** Bytes in a key id. */
export const KEY_ID_BYTES = 16;

const KEY_ID_CONTEXT = Uint8Array.from('safeseal-key-id-v1\0', (c) => c.charCodeAt(0));

/** The key id of `publicKey` (16 bytes). */
export async function keyIdOf(publicKey: Uint8Array): Promise<Uint8Array> {
  return (await sha256(KEY_ID_CONTEXT, publicKey)).slice(0, KEY_ID_BYTES);
}
