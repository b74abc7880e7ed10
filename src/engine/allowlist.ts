// The user's local allowlist: images they marked "not sensitive", as HMAC-SHA-256(key, image
// SHA-256) under a non-extractable key the app keeps, so the stored list reveals nothing about the
// images without the key. It only ever stops the classifier flagging an image again; it never
// suppresses a known-list match. The list is never sent anywhere: the app stores it.

import { fromHex, toHex } from '../bytes.js';
import { SafesealError } from '../errors.js';

/** Bytes per allowlist entry. */
export const ALLOWLIST_ENTRY_BYTES = 32;
/** Most entries kept (a bound on memory and on what a hostile app can make the worker hold). */
export const MAX_ALLOWLIST_ENTRIES = 100_000;

const bad = (why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', `"allowlist" ${why}`);

/**
 * Checks `allowlist: { key, entries? }` from createScanner.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function checkAllowlistKey(key: unknown): CryptoKey {
  if (typeof CryptoKey === 'undefined' || !(key instanceof CryptoKey)) throw bad('.key must be a CryptoKey');
  const algorithm = key.algorithm as HmacKeyAlgorithm;
  if (algorithm.name !== 'HMAC' || algorithm.hash?.name !== 'SHA-256') throw bad('.key must be an HMAC-SHA-256 key');
  if (key.extractable) throw bad('.key must be non-extractable (create it with extractable: false)');
  if (!key.usages.includes('sign')) throw bad('.key must allow "sign"');
  return key;
}

export class Allowlist {
  readonly #key: CryptoKey;
  readonly #entries = new Set<string>();

  /** @throws SafesealError INVALID_ARGUMENT (a key that is not a non-extractable HMAC-SHA-256 key; entries not a multiple of 32 bytes) */
  constructor(key: unknown, entries?: unknown) {
    this.#key = checkAllowlistKey(key);
    if (entries !== undefined) {
      if (!(entries instanceof Uint8Array) || entries.length % ALLOWLIST_ENTRY_BYTES !== 0)
        throw bad('.entries must be a Uint8Array of 32-byte entries');
      if (entries.length / ALLOWLIST_ENTRY_BYTES > MAX_ALLOWLIST_ENTRIES) throw bad(`.entries holds more than ${MAX_ALLOWLIST_ENTRIES} entries`);
      for (let i = 0; i < entries.length; i += ALLOWLIST_ENTRY_BYTES) this.#entries.add(toHex(entries.subarray(i, i + ALLOWLIST_ENTRY_BYTES)));
    }
  }

  async #tag(imageSha256: string): Promise<string> {
    const digest = fromHex(imageSha256);
    if (!digest || digest.length !== 32) throw new SafesealError('INTERNAL', 'an image digest is not 32 bytes');
    return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', this.#key, digest as Uint8Array<ArrayBuffer>)));
  }

  /** Whether the image with this SHA-256 was marked not sensitive. */
  async has(imageSha256: string): Promise<boolean> {
    return this.#entries.has(await this.#tag(imageSha256));
  }

  /** Adds the image and returns the whole list, sorted, for the app to store. */
  async add(imageSha256: string): Promise<Uint8Array> {
    if (this.#entries.size >= MAX_ALLOWLIST_ENTRIES)
      throw new SafesealError('INVALID_ARGUMENT', `the allowlist is full (${MAX_ALLOWLIST_ENTRIES} entries)`);
    this.#entries.add(await this.#tag(imageSha256));
    return this.bytes();
  }

  /** Every entry, sorted, concatenated. */
  bytes(): Uint8Array {
    const sorted = [...this.#entries].sort();
    const out = new Uint8Array(sorted.length * ALLOWLIST_ENTRY_BYTES);
    sorted.forEach((h, i) => out.set(fromHex(h)!, i * ALLOWLIST_ENTRY_BYTES));
    return out;
  }
}
