// Sealed boxes (libsodium's crypto_box_seal) to an X25519 key, built from crypto_box_easy so that
// the construction is visible and a test vector can fix the ephemeral key:
//   sealed = epk ‖ crypto_box_easy(m, nonce = BLAKE2b-192(epk ‖ pk), pk, esk)
// which is byte for byte what crypto_box_seal produces for the same ephemeral key. libsodium is
// loaded only when a report or stamp is sealed or opened.

import sodium from 'libsodium-wrappers';
import { concatBytes } from '../bytes.js';
import { SafesealError } from '../errors.js';

/** X25519 key and sealed-box sizes in bytes. */
export const X25519_KEY_BYTES = 32;
export const BOX_MAC_BYTES = 16;
/** What sealing adds: the ephemeral public key and the MAC. */
export const SEAL_OVERHEAD_BYTES = X25519_KEY_BYTES + BOX_MAC_BYTES;

/** Waits for libsodium's wasm. */
export async function loadSodium(): Promise<typeof sodium> {
  await sodium.ready;
  return sodium;
}

function checkKey(key: Uint8Array, name: string): void {
  if (!(key instanceof Uint8Array) || key.length !== X25519_KEY_BYTES) {
    throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be a ${X25519_KEY_BYTES}-byte X25519 key`);
  }
}

/** A fresh X25519 key pair (the authority's). Zero `secretKey` when done with it. */
export async function generateBoxKeyPair(): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }> {
  const s = await loadSodium();
  const { publicKey, privateKey } = s.crypto_box_keypair();
  return { publicKey, secretKey: privateKey };
}

/** The X25519 public key of `secretKey`. */
export async function boxPublicKeyOf(secretKey: Uint8Array): Promise<Uint8Array> {
  checkKey(secretKey, 'secretKey');
  return (await loadSodium()).crypto_scalarmult_base(secretKey);
}

/**
 * Seals `message` to `publicKey` (anonymous sender). `ephemeralSecretKey` is for test vectors only:
 * by default a fresh ephemeral key is drawn and zeroed afterwards.
 * @throws SafesealError INVALID_ARGUMENT for a malformed key
 */
export async function sealBox(message: Uint8Array, publicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): Promise<Uint8Array> {
  checkKey(publicKey, 'publicKey');
  const s = await loadSodium();
  const esk = ephemeralSecretKey ? ephemeralSecretKey.slice() : s.randombytes_buf(X25519_KEY_BYTES);
  checkKey(esk, 'ephemeralSecretKey');
  try {
    const epk = s.crypto_scalarmult_base(esk);
    const nonce = s.crypto_generichash(s.crypto_box_NONCEBYTES, concatBytes(epk, publicKey), null);
    return concatBytes(epk, s.crypto_box_easy(message, nonce, publicKey, esk));
  } finally {
    s.memzero(esk);
  }
}

/**
 * Opens a sealed box with the recipient's key pair; null when it does not open (wrong key,
 * altered bytes, too short). The caller owns (and should zero) the plaintext.
 */
export async function openBox(sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Promise<Uint8Array | null> {
  checkKey(publicKey, 'publicKey');
  checkKey(secretKey, 'secretKey');
  if (!(sealed instanceof Uint8Array) || sealed.length < SEAL_OVERHEAD_BYTES) return null;
  const s = await loadSodium();
  try {
    return s.crypto_box_seal_open(sealed, publicKey, secretKey);
  } catch {
    return null;
  }
}

/** Overwrites `bytes` with zeros (sodium_memzero). */
export async function memzero(bytes: Uint8Array): Promise<void> {
  (await loadSodium()).memzero(bytes);
}
