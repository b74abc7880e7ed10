// The demo's end-to-end encryption re-done by the audit from demo/PROTOCOL.md alone (not from the
// app's code), so a captured frame is accepted only if the pinned construction explains it.

import sodium from 'libsodium-wrappers';

export const NONCE_BYTES = 24;
const AD_CONTEXT = 'safeseal-demo-v1';
const AUTH_CONTEXT = 'safeseal-demo-auth-v1';

/** One person's keys as the audit holds them (from the page's auditSecrets()). */
export interface AccountKeys {
  readonly user: string;
  readonly signPk: Uint8Array;
  readonly kxPk: Uint8Array;
  readonly kxSk: Uint8Array;
}

export const ready = (): Promise<void> => sodium.ready;

export const fromB64 = (text: string): Uint8Array | null => {
  // Standard base64 with padding, canonical: decoding and re-encoding gives the same text.
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return Buffer.from(bytes).toString('base64') === text ? bytes : null;
};

/** PROTOCOL's str(x): u16 big-endian byte count ‖ UTF-8. */
export function str(value: string): Uint8Array {
  const bytes = Buffer.from(value, 'utf8');
  const out = new Uint8Array(2 + bytes.length);
  out[0] = bytes.length >> 8;
  out[1] = bytes.length & 0xff;
  out.set(bytes, 2);
  return out;
}

/** The pinned associated data of one message. */
export function messageAd(sender: string, recipient: string, messageId: string, commitment: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(AD_CONTEXT + '\0', 'latin1'), str(sender), str(recipient), str(messageId), commitment]);
}

/** The key `sender` encrypts with towards `recipient`: crypto_kx, the bytewise smaller kxPk is the client. */
export function senderKey(sender: AccountKeys, recipientKxPk: Uint8Array): Uint8Array {
  const client = Buffer.compare(Buffer.from(sender.kxPk), Buffer.from(recipientKxPk)) < 0;
  const keys = client
    ? sodium.crypto_kx_client_session_keys(sender.kxPk, sender.kxSk, recipientKxPk)
    : sodium.crypto_kx_server_session_keys(sender.kxPk, sender.kxSk, recipientKxPk);
  return keys.sharedTx;
}

/** nonce ‖ aead opened with `key`, or null when it does not authenticate. */
export function openMessage(ciphertext: Uint8Array, ad: Uint8Array, key: Uint8Array): Uint8Array | null {
  if (ciphertext.length < NONCE_BYTES + 16) return null;
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext.subarray(NONCE_BYTES), ad, ciphertext.subarray(0, NONCE_BYTES), key);
  } catch {
    return null;
  }
}

/** Whether `sig` is `signPk`'s Ed25519 signature over the hello's pinned input for `nonce`. */
export function verifyHello(sig: Uint8Array, nonce: Uint8Array, signPk: Uint8Array): boolean {
  try {
    return sodium.crypto_sign_verify_detached(sig, Buffer.concat([Buffer.from(AUTH_CONTEXT + '\0', 'latin1'), nonce]), signPk);
  } catch {
    return false;
  }
}
