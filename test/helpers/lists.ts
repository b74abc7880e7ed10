// Test keys and lists built in memory: deterministic seeds (never real keys), and helpers that
// build, sign and verify lists the way a list operator and the app would.

import { toHex } from '../../src/bytes.js';
import { loadEd25519, type Ed25519 } from '../../src/crypto/ed25519.js';
import { buildList, signList, type BuildListOptions, type ListEntryInput } from '../../src/lists/build.js';
import { keyIdOf } from '../../src/lists/digests.js';
import { seededRandom } from './prng.js';
import type { TrustSet } from '../../src/protocol.js';
import { verifyList, type VerifyOptions } from '../../src/lists/verify.js';

export interface TestKey {
  readonly seed: Uint8Array;
  readonly publicKey: string;
  readonly id: string;
}

export const ed25519: Ed25519 = await loadEd25519();

/** Key number `n`: its seed is 32 bytes of value n + 1 (test-only, obviously). */
export async function testKey(n: number): Promise<TestKey> {
  const seed = new Uint8Array(32).fill(n + 1);
  const pk = ed25519.publicKeyOf(seed);
  return { seed, publicKey: toHex(pk), id: toHex(await keyIdOf(pk)) };
}

export const KEYS: readonly TestKey[] = await Promise.all([0, 1, 2, 3].map(testKey));

export function trustOf(keys: readonly TestKey[], threshold?: number): TrustSet {
  return { ...(threshold === undefined ? {} : { threshold }), signers: keys.map((k) => ({ id: k.id, publicKey: k.publicKey })) };
}

/** Deterministic pseudo-random 32-byte hashes. */
export function randomHashes(n: number, seed = 1): Uint8Array[] {
  const next = seededRandom(seed);
  return Array.from({ length: n }, () => Uint8Array.from({ length: 32 }, () => next() & 0xff));
}

export const NOW_S = 1_800_000_000; // a fixed "now" for list times (2027-01-15)

export function listOptions(over: Partial<BuildListOptions> = {}): BuildListOptions {
  const pdq: ListEntryInput[] = randomHashes(20, 7).map((hash) => ({ type: 'pdq', hash, category: 'test' }));
  const sha: ListEntryInput[] = randomHashes(5, 8).map((hash) => ({ type: 'sha256', hash, category: 'test' }));
  return { id: 'test-list', sequence: 5, createdAt: NOW_S - 3600, notAfter: NOW_S + 86_400, entries: [...pdq, ...sha], ...over };
}

/** Builds a list and signs it with each of `keys`, in order. */
export async function signedList(keys: readonly TestKey[], over: Partial<BuildListOptions> = {}): Promise<Uint8Array> {
  let bytes = buildList(listOptions(over));
  for (const k of keys) bytes = await signList(bytes, k.seed, ed25519);
  return bytes;
}

/** verifyList at the fixed test time. */
export function verifyAtNow(bytes: Uint8Array, options: Omit<VerifyOptions, 'now'>) {
  return verifyList(bytes, ed25519, { now: NOW_S * 1000, ...options });
}
