// The one place safeseal touches libsodium: Ed25519 key pairs, detached signatures and memzero,
// handed out only after `ready` and a known-answer self-test (RFC 8032 §7.1, test 1).

import sodium from 'libsodium-wrappers';
import { SafesealError } from '../errors.js';

/** Ed25519 sizes in bytes. */
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SEED_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/** A key pair. `seed` is the 32-byte RFC 8032 private key: secret, zero it after use. */
export interface Ed25519KeyPair {
  readonly publicKey: Uint8Array;
  readonly seed: Uint8Array;
}

/** Ed25519 over libsodium. Obtain with `loadEd25519()`. */
export interface Ed25519 {
  /** A fresh key pair from libsodium's CSPRNG. */
  generateKeyPair(): Ed25519KeyPair;
  /** The public key of a 32-byte seed. */
  publicKeyOf(seed: Uint8Array): Uint8Array;
  /** Detached signature (64 bytes) of `message` with the key of `seed`; the expanded key is zeroed. */
  sign(message: Uint8Array, seed: Uint8Array): Uint8Array;
  /** True iff `signature` is valid for `message` under `publicKey`; false for malformed input too. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /** Overwrites `bytes` with zeros (libsodium's sodium_memzero). */
  memzero(bytes: Uint8Array): void;
}

const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC8032_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

function checkLength(value: Uint8Array, bytes: number, name: string): void {
  if (!(value instanceof Uint8Array) || value.length !== bytes) {
    throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be ${bytes} bytes`);
  }
}

function seedKeyPair(seed: Uint8Array): { publicKey: Uint8Array; privateKey: Uint8Array } {
  checkLength(seed, ED25519_SEED_BYTES, 'seed');
  return sodium.crypto_sign_seed_keypair(seed);
}

const ed25519: Ed25519 = Object.freeze({
  generateKeyPair(): Ed25519KeyPair {
    const seed = sodium.randombytes_buf(ED25519_SEED_BYTES);
    const { publicKey, privateKey } = seedKeyPair(seed);
    sodium.memzero(privateKey);
    return { publicKey, seed };
  },
  publicKeyOf(seed: Uint8Array): Uint8Array {
    const { publicKey, privateKey } = seedKeyPair(seed);
    sodium.memzero(privateKey);
    return publicKey;
  },
  sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
    const { privateKey } = seedKeyPair(seed);
    try {
      return sodium.crypto_sign_detached(message, privateKey);
    } finally {
      sodium.memzero(privateKey);
    }
  },
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    if (signature.length !== ED25519_SIGNATURE_BYTES || publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
    try {
      return sodium.crypto_sign_verify_detached(signature, message, publicKey);
    } catch {
      return false; // libsodium throws on some malformed keys: that is simply "not valid"
    }
  },
  memzero(bytes: Uint8Array): void {
    sodium.memzero(bytes);
  },
});

/**
 * Waits for libsodium and runs the RFC 8032 known answer (key derivation, signature, verification
 * of the good signature and refusal of a corrupted one) before handing out the API.
 * @throws SafesealError SELF_TEST
 */
export async function loadEd25519(): Promise<Ed25519> {
  await sodium.ready;
  const seed = sodium.from_hex(RFC8032_SEED);
  const empty = new Uint8Array(0);
  const publicKey = ed25519.publicKeyOf(seed);
  const signature = ed25519.sign(empty, seed);
  const bad = signature.slice();
  bad[0] ^= 1;
  const ok =
    sodium.to_hex(publicKey) === RFC8032_PUBLIC &&
    sodium.to_hex(signature) === RFC8032_SIGNATURE &&
    ed25519.verify(signature, empty, publicKey) &&
    !ed25519.verify(bad, empty, publicKey);
  if (!ok) throw new SafesealError('SELF_TEST', 'Ed25519 self-test failed: RFC 8032 test 1 did not give its known answer');
  return ed25519;
}
