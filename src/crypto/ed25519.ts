// The one place safeseal touches libsodium: Ed25519 key pairs, detached signatures and memzero,
// handed out only after a known-answer self-test (RFC 8032 §7.1, test 1).
//
// Lazy on purpose: libsodium is WebAssembly, and a scanner that only hashes must work under a
// Content-Security-Policy without 'wasm-unsafe-eval'. libsodium-wrappers compiles its wasm the
// moment it is imported, so this facade drives libsodium's raw module (the `libsodium` package the
// wrappers are built on, same version), whose import only defines a factory: nothing compiles
// until `loadEd25519()` is first called.

import factory, { type SodiumModule } from 'libsodium';
import { fromHex, toHex } from '../bytes.js';
import { SafesealError } from '../errors.js';
import { sodiumHeap } from './sodium-heap.js';
import { assertWasmAllowed } from './wasm-allowed.js';

/** Ed25519 sizes in bytes. */
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SEED_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
/** libsodium's secret key: the seed followed by the public key. */
const SECRET_KEY_BYTES = 64;

/** A key pair. `seed` is the 32-byte RFC 8032 private key: secret, zero it after use. */
export interface Ed25519KeyPair {
  readonly publicKey: Uint8Array;
  readonly seed: Uint8Array;
}

/** Ed25519 over libsodium. Obtain with `loadEd25519()`. */
export interface Ed25519 {
  /** A fresh key pair from the platform's CSPRNG (crypto.getRandomValues). */
  generateKeyPair(): Ed25519KeyPair;
  /** The public key of a 32-byte seed. */
  publicKeyOf(seed: Uint8Array): Uint8Array;
  /** Detached signature (64 bytes) of `message` with the key of `seed`; the expanded key is zeroed. */
  sign(message: Uint8Array, seed: Uint8Array): Uint8Array;
  /** True iff `signature` is valid for `message` under `publicKey`; false for malformed input too. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /** Overwrites `bytes` with zeros. */
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

function randomUint32(): number {
  const word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return word[0] >>> 0;
}

/** The facade over one instantiated module. Every buffer on the wasm heap is zeroed before it is freed. */
function facade(m: SodiumModule): Ed25519 {
  const { withHeap, read } = sodiumHeap(m);

  const publicKeyOf = (seed: Uint8Array): Uint8Array => {
    checkLength(seed, ED25519_SEED_BYTES, 'seed');
    return withHeap([seed], [ED25519_PUBLIC_KEY_BYTES, SECRET_KEY_BYTES], ([s, pk, sk]) => {
      if (m._crypto_sign_seed_keypair(pk, sk, s) !== 0) throw new SafesealError('INTERNAL', 'libsodium could not derive a key pair');
      return read(pk, ED25519_PUBLIC_KEY_BYTES);
    });
  };

  return Object.freeze({
    generateKeyPair(): Ed25519KeyPair {
      const seed = crypto.getRandomValues(new Uint8Array(ED25519_SEED_BYTES));
      return { publicKey: publicKeyOf(seed), seed };
    },
    publicKeyOf,
    sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
      checkLength(seed, ED25519_SEED_BYTES, 'seed');
      if (!(message instanceof Uint8Array)) throw new SafesealError('INVALID_ARGUMENT', '"message" must be a Uint8Array');
      return withHeap([seed, message], [ED25519_PUBLIC_KEY_BYTES, SECRET_KEY_BYTES, ED25519_SIGNATURE_BYTES], ([s, msg, pk, sk, sig]) => {
        if (m._crypto_sign_seed_keypair(pk, sk, s) !== 0) throw new SafesealError('INTERNAL', 'libsodium could not derive a key pair');
        if (m._crypto_sign_detached(sig, 0, msg, message.length, 0, sk) !== 0) throw new SafesealError('INTERNAL', 'libsodium could not sign');
        return read(sig, ED25519_SIGNATURE_BYTES);
      });
    },
    verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
      if (!(signature instanceof Uint8Array) || !(message instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) return false;
      if (signature.length !== ED25519_SIGNATURE_BYTES || publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
      return withHeap([signature, message, publicKey], [], ([sig, msg, pk]) => m._crypto_sign_verify_detached(sig, msg, message.length, 0, pk) === 0);
    },
    memzero(bytes: Uint8Array): void {
      bytes.fill(0);
    },
  });
}

/** RFC 8032 test 1: key derivation, signature, and verification of the good and a corrupted signature. */
function knownAnswer(ed: Ed25519): boolean {
  const seed = fromHex(RFC8032_SEED)!;
  const empty = new Uint8Array(0);
  const publicKey = ed.publicKeyOf(seed);
  const signature = ed.sign(empty, seed);
  const bad = signature.slice();
  bad[0] ^= 1;
  return (
    toHex(publicKey) === RFC8032_PUBLIC &&
    toHex(signature) === RFC8032_SIGNATURE &&
    ed.verify(signature, empty, publicKey) &&
    !ed.verify(bad, empty, publicKey)
  );
}

let loading: Promise<Ed25519> | null = null;

/**
 * Compiles libsodium (once per context, on first use) and runs the RFC 8032 known answer before
 * handing out the API. A failure is not cached: the next call tries again.
 * @throws SafesealError SELF_TEST (the known answer did not match, or libsodium could not be
 *   instantiated — under a CSP without 'wasm-unsafe-eval' the message says so)
 */
export function loadEd25519(): Promise<Ed25519> {
  loading ??= (async () => {
    await assertWasmAllowed('libsodium (Ed25519 signatures of hash lists)', 'SELF_TEST');
    let m: SodiumModule;
    try {
      m = await factory({ getRandomValue: randomUint32 });
    } catch (e) {
      throw new SafesealError('SELF_TEST', `libsodium could not be instantiated: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    if (m._sodium_init() < 0) throw new SafesealError('SELF_TEST', 'libsodium could not be initialised');
    const ed = facade(m);
    if (!knownAnswer(ed)) throw new SafesealError('SELF_TEST', 'Ed25519 self-test failed: RFC 8032 test 1 did not give its known answer');
    return ed;
  })();
  const pending = loading;
  pending.catch(() => {
    if (loading === pending) loading = null;
  });
  return pending;
}
