// The digests a list's signatures rest on: the canonical root of the entries, the digest of the
// header, the domain-separated message signers sign, and signer key ids. All SHA-256 (WebCrypto).

import { sha256 } from '../crypto/digest.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Signatures cover this context string first, so they cannot be replayed as anything else. */
export const SIGNING_CONTEXT = ascii('safeseal-list-v1\0');
const ROOT_CONTEXT = ascii('safeseal-list-root-v1\0');

/**
 * The root: SHA-256("safeseal-list-root-v1\0" ‖ body). The body is canonical (sorted by type and
 * hash, no duplicates, each entry with its category), so the same set always has the same root.
 */
export function listRoot(body: Uint8Array): Promise<Uint8Array> {
  return sha256(ROOT_CONTEXT, body);
}

/** SHA-256 of the header bytes: id, sequence, times, categories and counts. */
export function headerDigest(headerBytes: Uint8Array): Promise<Uint8Array> {
  return sha256(headerBytes);
}

/** What a signer signs: "safeseal-list-v1\0" ‖ SHA-256(header) ‖ root (17 + 32 + 32 bytes). */
export function signedMessage(headerDigestBytes: Uint8Array, root: Uint8Array): Uint8Array {
  const out = new Uint8Array(SIGNING_CONTEXT.length + 64);
  out.set(SIGNING_CONTEXT, 0);
  out.set(headerDigestBytes, SIGNING_CONTEXT.length);
  out.set(root, SIGNING_CONTEXT.length + 32);
  return out;
}

/** A signer's key id: the first 16 bytes of SHA-256("safeseal-key-id-v1\0" ‖ public key). */
export { keyIdOf } from '../crypto/key-id.js';
