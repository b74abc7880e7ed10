// The app's trust policy for lists: which Ed25519 keys may sign and how many must (k of n).
// Checked at the boundary; keys marked demo-only, or known to be safeseal's published demo keys,
// do not count unless the app explicitly allows demo keys.

import { bytesEqual, fromHex, toHex } from '../bytes.js';
import { ED25519_PUBLIC_KEY_BYTES } from '../crypto/ed25519.js';
import { describeValue } from '../check.js';
import { SafesealError } from '../errors.js';
import type { TrustedSigner, TrustSet } from '../protocol.js';
import { KNOWN_DEMO_PUBLIC_KEYS } from './demo-keys.js';
import { keyIdOf } from './digests.js';
import { DEFAULT_TRUST_THRESHOLD, MAX_TRUSTED_SIGNERS } from './trust-limits.js';

export { DEFAULT_TRUST_THRESHOLD, MAX_TRUSTED_SIGNERS };

/** A checked trust set: signers that count, by key id (hex). */
export interface ResolvedTrust {
  readonly threshold: number;
  readonly counted: ReadonlyMap<string, Uint8Array>;
  /** How many trusted signers were left out because they are demo-only. */
  readonly demoIgnored: number;
}

const bad = (why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', `"trust" ${why}`);

/**
 * Checks a trust set from the app and resolves key ids.
 * @throws SafesealError INVALID_ARGUMENT naming the field that is wrong.
 */
export async function resolveTrust(trust: unknown, allowDemoKeys: boolean): Promise<ResolvedTrust> {
  if (typeof trust !== 'object' || trust === null) throw bad(`must be an object, got ${describeValue(trust)}`);
  const { threshold = DEFAULT_TRUST_THRESHOLD, signers } = trust as Partial<TrustSet>;
  if (!Array.isArray(signers) || signers.length === 0 || signers.length > MAX_TRUSTED_SIGNERS) {
    throw bad(`.signers must be an array of 1..${MAX_TRUSTED_SIGNERS} signers`);
  }
  const byKey = new Map<string, { key: Uint8Array; demo: boolean }>();
  for (let i = 0; i < signers.length; i++) {
    const s = signers[i] as Partial<TrustedSigner> | null;
    if (typeof s !== 'object' || s === null) throw bad(`.signers[${i}] must be an object`);
    const key = typeof s.publicKey === 'string' ? fromHex(s.publicKey) : null;
    if (!key || key.length !== ED25519_PUBLIC_KEY_BYTES) throw bad(`.signers[${i}].publicKey must be ${ED25519_PUBLIC_KEY_BYTES * 2} hex digits`);
    if (s.demoOnly !== undefined && typeof s.demoOnly !== 'boolean') throw bad(`.signers[${i}].demoOnly must be a boolean`);
    const kind = (s as { kind?: unknown }).kind;
    if (kind !== undefined && kind !== 'signer') throw bad(`.signers[${i}] is a ${String(kind).slice(0, 20)} key; lists are signed by signer keys`);
    const hex = toHex(key);
    const demo = s.demoOnly === true || KNOWN_DEMO_PUBLIC_KEYS.includes(hex);
    const seen = byKey.get(hex);
    byKey.set(hex, { key, demo: demo || (seen?.demo ?? false) }); // the same key twice is one signer
    if (s.id !== undefined && (typeof s.id !== 'string' || s.id.toLowerCase() !== toHex(await keyIdOf(key)))) {
      throw bad(`.signers[${i}].id is not the key id of its publicKey`);
    }
  }
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1 || threshold > byKey.size) {
    throw bad(`.threshold must be an integer from 1 to the number of distinct signers (${byKey.size})`);
  }
  const counted = new Map<string, Uint8Array>();
  let demoIgnored = 0;
  for (const { key, demo } of byKey.values()) {
    if (demo && !allowDemoKeys) {
      demoIgnored++;
      continue;
    }
    const id = toHex(await keyIdOf(key));
    const other = counted.get(id);
    if (other && !bytesEqual(other, key)) throw bad('holds two keys with the same key id');
    counted.set(id, key);
  }
  return { threshold, counted, demoIgnored };
}
