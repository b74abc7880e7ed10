// Building and signing lists (the list operator's side, used by the CLI and tests): entries are
// sorted and deduplicated into the canonical body, so the same set always gives the same root.

import type { Ed25519 } from '../crypto/ed25519.js';
import { fromHex, toHex } from '../bytes.js';
import { SafesealError } from '../errors.js';
import type { ListCategory } from '../taxonomy.js';
import { CATEGORY_CODES, ENTRY_TYPE_CODES, isListCategory, LIST_CATEGORIES, type EntryType } from './categories.js';
import { headerDigest, keyIdOf, listRoot, signedMessage } from './digests.js';
import {
  assembleList,
  encodeHeader,
  ENTRY_BYTES,
  HASH_BYTES,
  LIST_ID_RE,
  MAX_ENTRIES,
  MAX_SIGNATURES,
  MAX_TIME_SECONDS,
  MAX_U53,
  parseList,
  type ListHeader,
} from './format.js';

export interface ListEntryInput {
  readonly type: EntryType;
  /** 32 bytes, or 64 hex digits. */
  readonly hash: Uint8Array | string;
  readonly category: ListCategory;
}

export interface BuildListOptions {
  readonly id: string;
  readonly sequence: number;
  /** Unix time, seconds. */
  readonly createdAt: number;
  /** Unix time, seconds; must be later than createdAt. */
  readonly notAfter: number;
  readonly entries: Iterable<ListEntryInput>;
}

const bad = (why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', why);
const isU53 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_U53;

function entryRecord(e: ListEntryInput, i: number): Uint8Array {
  if (typeof e !== 'object' || e === null) throw bad(`"entries[${i}]" must be an object`);
  if (e.type !== 'pdq' && e.type !== 'sha256') throw bad(`"entries[${i}].type" must be "pdq" or "sha256"`);
  if (!isListCategory(e.category)) throw bad(`"entries[${i}].category" must be one of ${LIST_CATEGORIES.join(', ')}`);
  const hash = typeof e.hash === 'string' ? fromHex(e.hash) : e.hash;
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_BYTES) throw bad(`"entries[${i}].hash" must be 32 bytes or 64 hex digits`);
  const record = new Uint8Array(ENTRY_BYTES);
  record[0] = ENTRY_TYPE_CODES[e.type];
  record.set(hash, 1);
  record[ENTRY_BYTES - 1] = CATEGORY_CODES[e.category];
  return record;
}

/**
 * Builds an unsigned list (no signatures yet) in canonical form.
 * @throws SafesealError INVALID_ARGUMENT for a bad field, too many entries, or one hash given two categories.
 */
export function buildList(options: BuildListOptions): Uint8Array {
  const { id, sequence, createdAt, notAfter, entries } = options;
  if (typeof id !== 'string' || !LIST_ID_RE.test(id)) throw bad('"id" must be 1–64 characters of [a-z0-9._-], starting with a letter or digit');
  if (!isU53(sequence)) throw bad('"sequence" must be an integer from 0 to 2^53 − 1');
  if (!isU53(createdAt) || !isU53(notAfter) || createdAt > MAX_TIME_SECONDS || notAfter > MAX_TIME_SECONDS) throw bad('"createdAt" and "notAfter" must be Unix times in seconds');
  if (notAfter <= createdAt) throw bad('"notAfter" must be later than "createdAt"');
  // Key each record by its (type, hash) as a latin1 string: sorting those is byte order.
  const byKey = new Map<string, Uint8Array>();
  let i = 0;
  for (const e of entries) {
    const record = entryRecord(e, i++);
    const key = String.fromCharCode(...record.subarray(0, 1 + HASH_BYTES));
    const seen = byKey.get(key);
    if (seen && seen[ENTRY_BYTES - 1] !== record[ENTRY_BYTES - 1]) throw bad(`"entries[${i - 1}]": the same ${e.type} hash is given two categories`);
    byKey.set(key, record);
    if (byKey.size > MAX_ENTRIES) throw bad(`a list holds at most ${MAX_ENTRIES} entries`);
  }
  const keys = [...byKey.keys()].sort();
  const body = new Uint8Array(keys.length * ENTRY_BYTES);
  const used = new Set<number>();
  let pdqCount = 0;
  keys.forEach((key, k) => {
    const record = byKey.get(key)!;
    body.set(record, k * ENTRY_BYTES);
    used.add(record[ENTRY_BYTES - 1]);
    if (record[0] === ENTRY_TYPE_CODES.pdq) pdqCount++;
  });
  const categories = LIST_CATEGORIES.filter((c) => used.has(CATEGORY_CODES[c]));
  const header: ListHeader = { id, sequence, createdAt, notAfter, categories, pdqCount, sha256Count: keys.length - pdqCount };
  return assembleList(encodeHeader(header), body, []);
}

/**
 * Adds the signature of the key with `seed` to a list (any existing signatures are kept).
 * @throws SafesealError LIST_FORMAT (not a valid list), INVALID_ARGUMENT (already signed by this key, or full)
 */
export async function signList(bytes: Uint8Array, seed: Uint8Array, ed25519: Ed25519): Promise<Uint8Array> {
  const list = parseList(bytes);
  const publicKey = ed25519.publicKeyOf(seed);
  const keyId = await keyIdOf(publicKey);
  if (list.signatures.some((s) => toHex(s.keyId) === toHex(keyId))) throw bad(`the list is already signed by key ${toHex(keyId)}`);
  if (list.signatures.length >= MAX_SIGNATURES) throw bad(`a list holds at most ${MAX_SIGNATURES} signatures`);
  const message = signedMessage(await headerDigest(list.headerBytes), await listRoot(list.body));
  const signature = ed25519.sign(message, seed);
  return assembleList(list.headerBytes, list.body, [...list.signatures, { keyId, signature }]);
}
