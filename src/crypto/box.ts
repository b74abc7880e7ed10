// Sealed boxes (libsodium's crypto_box_seal) to an X25519 key, built from crypto_box_easy so that
// the construction is visible and a test vector can fix the ephemeral key:
//   sealed = epk ‖ crypto_box_easy(m, nonce = BLAKE2b-192(epk ‖ pk), pk, esk)
// which is byte for byte what crypto_box_seal produces for the same ephemeral key.
//
// Lazy, like crypto/ed25519.ts and for the same reason: libsodium is WebAssembly, and a scanner
// that only hashes must work under a CSP without 'wasm-unsafe-eval'. This drives libsodium's raw
// module (importing it compiles nothing); the wasm is compiled when a report or stamp is first
// sealed or opened.

import factory, { type SodiumModule } from 'libsodium';
import { concatBytes } from '../bytes.js';
import { SafesealError } from '../errors.js';
import { sodiumHeap } from './sodium-heap.js';
import { assertWasmAllowed } from './wasm-allowed.js';

/** X25519 key and sealed-box sizes in bytes. */
export const X25519_KEY_BYTES = 32;
export const BOX_MAC_BYTES = 16;
const BOX_NONCE_BYTES = 24;
/** What sealing adds: the ephemeral public key and the MAC. */
export const SEAL_OVERHEAD_BYTES = X25519_KEY_BYTES + BOX_MAC_BYTES;

/** The box operations over one instantiated module. */
interface Box {
  scalarmultBase(secretKey: Uint8Array): Uint8Array;
  blake2b(outBytes: number, input: Uint8Array): Uint8Array;
  boxEasy(message: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array;
  sealOpen(sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | null;
}

function facade(m: SodiumModule): Box {
  const raw = m as unknown as Record<string, (...args: number[]) => number>;
  const { withHeap, read } = sodiumHeap(m);
  const ok = (rc: number, what: string): void => {
    if (rc !== 0) throw new SafesealError('INTERNAL', `libsodium could not ${what}`);
  };
  return {
    scalarmultBase: (sk) =>
      withHeap([sk], [X25519_KEY_BYTES], ([s, q]) => (ok(raw._crypto_scalarmult_base(q, s), 'derive a public key'), read(q, X25519_KEY_BYTES))),
    blake2b: (n, input) =>
      withHeap([input], [n], ([i, out]) => (ok(raw._crypto_generichash(out, n, i, input.length, 0, 0, 0), 'hash'), read(out, n))),
    boxEasy: (msg, nonce, pk, sk) =>
      withHeap([msg, nonce, pk, sk], [msg.length + BOX_MAC_BYTES], ([mm, nn, p, s, c]) => {
        ok(raw._crypto_box_easy(c, mm, msg.length, 0, nn, p, s), 'seal');
        return read(c, msg.length + BOX_MAC_BYTES);
      }),
    sealOpen: (sealed, pk, sk) =>
      withHeap([sealed, pk, sk], [sealed.length - SEAL_OVERHEAD_BYTES], ([c, p, s, out]) =>
        raw._crypto_box_seal_open(out, c, sealed.length, 0, p, s) === 0 ? read(out, sealed.length - SEAL_OVERHEAD_BYTES) : null,
      ),
  };
}

let loading: Promise<Box> | null = null;

/**
 * Compiles libsodium for sealing (once per context, on first use).
 * @throws SafesealError SEAL when libsodium cannot be instantiated (under a CSP without
 *   'wasm-unsafe-eval' the message says so)
 */
function loadBox(): Promise<Box> {
  loading ??= (async () => {
    await assertWasmAllowed('libsodium (sealed reports and stamps)', 'SEAL');
    let m: SodiumModule;
    try {
      m = await factory({ getRandomValue: () => crypto.getRandomValues(new Uint32Array(1))[0] >>> 0 });
    } catch (e) {
      throw new SafesealError('SEAL', `libsodium could not be instantiated: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    if (m._sodium_init() < 0) throw new SafesealError('SEAL', 'libsodium could not be initialised');
    return facade(m);
  })();
  const pending = loading;
  pending.catch(() => {
    if (loading === pending) loading = null;
  });
  return pending;
}

function checkKey(key: Uint8Array, name: string): void {
  if (!(key instanceof Uint8Array) || key.length !== X25519_KEY_BYTES) {
    throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be a ${X25519_KEY_BYTES}-byte X25519 key`);
  }
}

/** A fresh X25519 key pair (the authority's). Zero `secretKey` when done with it. */
export async function generateBoxKeyPair(): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }> {
  const secretKey = crypto.getRandomValues(new Uint8Array(X25519_KEY_BYTES));
  return { publicKey: (await loadBox()).scalarmultBase(secretKey), secretKey };
}

/** The X25519 public key of `secretKey`. */
export async function boxPublicKeyOf(secretKey: Uint8Array): Promise<Uint8Array> {
  checkKey(secretKey, 'secretKey');
  return (await loadBox()).scalarmultBase(secretKey);
}

/**
 * Seals `message` to `publicKey` (anonymous sender). `ephemeralSecretKey` is for test vectors only:
 * by default a fresh ephemeral key is drawn and zeroed afterwards.
 * @throws SafesealError INVALID_ARGUMENT for a malformed key
 */
export async function sealBox(message: Uint8Array, publicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): Promise<Uint8Array> {
  checkKey(publicKey, 'publicKey');
  const box = await loadBox();
  const esk = ephemeralSecretKey ? ephemeralSecretKey.slice() : crypto.getRandomValues(new Uint8Array(X25519_KEY_BYTES));
  checkKey(esk, 'ephemeralSecretKey');
  try {
    const epk = box.scalarmultBase(esk);
    const nonce = box.blake2b(BOX_NONCE_BYTES, concatBytes(epk, publicKey));
    return concatBytes(epk, box.boxEasy(message, nonce, publicKey, esk));
  } finally {
    esk.fill(0);
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
  return (await loadBox()).sealOpen(sealed, publicKey, secretKey);
}
