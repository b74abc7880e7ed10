// The `safeseal/franking` entry (browsers and Node): message franking with a sealed platform stamp.
// The sender commits to each message with a fresh key; the platform signs the commitment with the
// routing metadata it authenticated and seals that signature to the reporting authority, so only
// the authority — once a recipient reports — can check who sent what (docs/franking.md).
// HMAC-SHA-256 and SHA-256 come from WebCrypto; libsodium is loaded only to stamp.

import { bytesEqual } from '../bytes.js';
import { sealBox } from '../crypto/box.js';
import { loadEd25519 } from '../crypto/ed25519.js';
import { sha256 } from '../crypto/digest.js';
import { hmacSha256 } from '../crypto/hmac.js';
import { checkKeyPair, checkPublicKey } from '../crypto/keys.js';
import { SafesealError } from '../errors.js';
import { COMMITMENT_BYTES, commitmentInput, FRANKING_KEY_BYTES, SEALED_STAMP_BYTES, stampInput, type StampMetadata } from './construction.js';

export { COMMITMENT_BYTES, FRANKING_KEY_BYTES, SEALED_STAMP_BYTES, type StampMetadata };

/** A franked message's secret opening and public commitment. */
export interface Franking {
  /** 32 random bytes: travels inside the encrypted payload; the recipient keeps it to report. */
  readonly frankingKey: Uint8Array;
  /** 32 bytes: travels beside the ciphertext, for the platform to stamp. */
  readonly commitment: Uint8Array;
}

function messageBytes(message: unknown): Uint8Array {
  if (typeof message === 'string') return new TextEncoder().encode(message);
  if (message instanceof Uint8Array) return message;
  throw new SafesealError('INVALID_ARGUMENT', '"message" must be a string (UTF-8) or a Uint8Array');
}

function optionalBytes(value: unknown, name: string): Uint8Array | null {
  if (value === undefined) return null;
  if (!(value instanceof Uint8Array)) throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be a Uint8Array`);
  return value;
}

function exactBytes(value: unknown, name: string, length: number): Uint8Array {
  // HMAC silently pads a short key, so a wrong length must be an error, not a different MAC.
  if (!(value instanceof Uint8Array) || value.length !== length)
    throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be exactly ${length} bytes`);
  return value;
}

/**
 * The commitment for `message` (and the SHA-256 of its attachment, if any) under `frankingKey`.
 * @throws SafesealError INVALID_ARGUMENT (a key that is not 32 bytes)
 */
export async function franking(frankingKey: Uint8Array, message: string | Uint8Array, attachmentSha256: Uint8Array | null): Promise<Uint8Array> {
  exactBytes(frankingKey, 'frankingKey', FRANKING_KEY_BYTES);
  if (attachmentSha256 !== null) exactBytes(attachmentSha256, 'attachmentSha256', 32);
  return hmacSha256(frankingKey, commitmentInput(messageBytes(message), attachmentSha256));
}

/**
 * Franks a message before encryption: a fresh 32-byte key and the commitment to the message and
 * to the SHA-256 of its attachment's plaintext.
 * @throws SafesealError INVALID_ARGUMENT
 */
export async function frankMessage(message: string | Uint8Array, attachment?: Uint8Array): Promise<Franking> {
  const bytes = messageBytes(message);
  const file = optionalBytes(attachment, 'attachment');
  const frankingKey = crypto.getRandomValues(new Uint8Array(FRANKING_KEY_BYTES));
  return { frankingKey, commitment: await franking(frankingKey, bytes, file ? await sha256(file) : null) };
}

/**
 * The receiver's check after decryption, before display: true iff the commitment is the one for
 * this message and attachment under this key (compared in constant time). Do not show a message
 * that fails.
 * @throws SafesealError INVALID_ARGUMENT (a franking key or commitment that is not 32 bytes)
 */
export async function verifyFrankedMessage(opening: {
  readonly message: string | Uint8Array;
  readonly attachment?: Uint8Array;
  readonly frankingKey: Uint8Array;
  readonly commitment: Uint8Array;
}): Promise<boolean> {
  if (typeof opening !== 'object' || opening === null) throw new SafesealError('INVALID_ARGUMENT', '"opening" must be an object');
  exactBytes(opening.frankingKey, 'frankingKey', FRANKING_KEY_BYTES);
  const commitment = exactBytes(opening.commitment, 'commitment', COMMITMENT_BYTES);
  const file = optionalBytes(opening.attachment, 'attachment');
  const expected = await franking(opening.frankingKey, opening.message, file ? await sha256(file) : null);
  return bytesEqual(expected, commitment);
}

/**
 * The platform's stamp: its Ed25519 signature over the commitment and the routing metadata it
 * authenticated, sealed to the authority (112 bytes), so recipients hold no transferable proof of
 * who said what. `platformKey` is a parsed platform `NAME.key.json`, `authorityPublicKey` the
 * authority's parsed `NAME.pub.json`.
 * @throws SafesealError INVALID_ARGUMENT (keys of the wrong kind, a commitment that is not 32
 *   bytes, identifiers outside 1–255 UTF-8 bytes, a timestamp outside 0 … 2^53 − 1)
 */
export async function stampCommitment(
  commitment: Uint8Array,
  metadata: StampMetadata,
  platformKey: unknown,
  authorityPublicKey: unknown,
): Promise<Uint8Array> {
  const authority = await checkPublicKey(authorityPublicKey, 'authorityPublicKey', 'authority');
  const platform = await checkKeyPair(platformKey, 'platformKey', 'platform');
  const ed25519 = await loadEd25519();
  try {
    const signature = ed25519.sign(stampInput(platform.id, commitment, metadata), platform.secretKey);
    return await sealBox(signature, authority.publicKey);
  } finally {
    platform.secretKey.fill(0);
  }
}
