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

/** Duplicates are merged after sorting, so the raw records must fit one buffer below 4 GiB. */
const MAX_RAW_ENTRIES = Math.floor(2 ** 32 / ENTRY_BYTES) - 1;

/** Checks entry `i` and writes its record (type, hash, category) at `records[at..]`. */
function writeRecord(e: ListEntryInput, i: number, records: Uint8Array, at: number): void {
  if (typeof e !== 'object' || e === null) throw bad(`"entries[${i}]" must be an object`);
  if (e.type !== 'pdq' && e.type !== 'sha256') throw bad(`"entries[${i}].type" must be "pdq" or "sha256"`);
  if (!isListCategory(e.category)) throw bad(`"entries[${i}].category" must be one of ${LIST_CATEGORIES.join(', ')}`);
  const hash = typeof e.hash === 'string' ? fromHex(e.hash) : e.hash;
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_BYTES) throw bad(`"entries[${i}].hash" must be 32 bytes or 64 hex digits`);
  records[at] = ENTRY_TYPE_CODES[e.type];
  records.set(hash, at + 1);
  records[at + ENTRY_BYTES - 1] = CATEGORY_CODES[e.category];
}

/** Compares the (type, hash) keys of the records at byte offsets a and b. */
function compareRecords(records: Uint8Array, a: number, b: number): number {
  for (let k = 0; k < 1 + HASH_BYTES; k++) {
    const d = records[a + k] - records[b + k];
    if (d !== 0) return d;
  }
  return 0;
}

/** Record numbers in (type, hash) order; equal keys in input order. Time O(n) for spread hashes. */
function canonicalOrder(records: Uint8Array, n: number): Uint32Array {
  const bucketOf = (r: number): number => {
    const at = r * ENTRY_BYTES;
    return ((records[at] === ENTRY_TYPE_CODES.pdq ? 0 : 1) << 16) | (records[at + 1] << 8) | records[at + 2];
  };
  const BUCKETS = 2 << 16;
  const starts = new Uint32Array(BUCKETS + 1);
  for (let r = 0; r < n; r++) starts[bucketOf(r) + 1]++;
  for (let b = 0; b < BUCKETS; b++) starts[b + 1] += starts[b];
  const order = new Uint32Array(n);
  const cursor = starts.slice(0, BUCKETS);
  for (let r = 0; r < n; r++) order[cursor[bucketOf(r)]++] = r;
  const byKey = (x: number, y: number): number => compareRecords(records, x * ENTRY_BYTES, y * ENTRY_BYTES) || x - y;
  for (let b = 0; b < BUCKETS; b++) if (starts[b + 1] - starts[b] > 1) order.subarray(starts[b], starts[b + 1]).sort(byKey);
  return order;
}

/**
 * Builds an unsigned list (no signatures yet) in canonical form.
 * @throws SafesealError INVALID_ARGUMENT for a bad field, too many entries, or one hash given two categories.
 */
export function buildList(options: BuildListOptions): Uint8Array {
  const { id, sequence, createdAt, notAfter, entries } = options;
  if (typeof id !== 'string' || !LIST_ID_RE.test(id)) throw bad('"id" must be 1–64 characters of [a-z0-9._-], starting with a letter or digit');
  if (!isU53(sequence)) throw bad('"sequence" must be an integer from 0 to 2^53 − 1');
  if (!isU53(createdAt) || !isU53(notAfter) || createdAt > MAX_TIME_SECONDS || notAfter > MAX_TIME_SECONDS)
    throw bad('"createdAt" and "notAfter" must be Unix times in seconds');
  if (notAfter <= createdAt) throw bad('"notAfter" must be later than "createdAt"');
  // Records go into one flat buffer (no object per entry: lists reach tens of millions), then are
  // put in (type, hash) byte order by a counting sort on type and the first two hash bytes and a
  // comparison sort within each of those buckets; equal keys end up next to each other.
  let records = new Uint8Array(ENTRY_BYTES * 1024);
  let n = 0;
  for (const e of entries) {
    if (n >= MAX_RAW_ENTRIES) throw bad(`a list holds at most ${MAX_ENTRIES} entries (${MAX_RAW_ENTRIES} given before duplicates are merged)`);
    if ((n + 1) * ENTRY_BYTES > records.length) {
      const grown = new Uint8Array(Math.min(records.length * 2, MAX_RAW_ENTRIES * ENTRY_BYTES));
      grown.set(records);
      records = grown;
    }
    writeRecord(e, n, records, n * ENTRY_BYTES);
    n++;
  }
  const order = canonicalOrder(records, n);
  const body = new Uint8Array(n * ENTRY_BYTES);
  const used = new Uint8Array(256);
  let pdqCount = 0;
  let count = 0;
  let previous = -1;
  for (let k = 0; k < n; k++) {
    const at = order[k] * ENTRY_BYTES;
    if (previous >= 0 && compareRecords(records, previous, at) === 0) {
      if (records[previous + ENTRY_BYTES - 1] !== records[at + ENTRY_BYTES - 1]) {
        throw bad(`"entries[${order[k]}]": the same ${records[at] === ENTRY_TYPE_CODES.pdq ? 'pdq' : 'sha256'} hash is given two categories`);
      }
      continue;
    }
    previous = at;
    body.set(records.subarray(at, at + ENTRY_BYTES), count * ENTRY_BYTES);
    used[records[at + ENTRY_BYTES - 1]] = 1;
    if (records[at] === ENTRY_TYPE_CODES.pdq) pdqCount++;
    count++;
  }
  if (count > MAX_ENTRIES) throw bad(`a list holds at most ${MAX_ENTRIES} entries`);
  const categories = LIST_CATEGORIES.filter((c) => used[CATEGORY_CODES[c]] === 1);
  const header: ListHeader = { id, sequence, createdAt, notAfter, categories, pdqCount, sha256Count: count - pdqCount };
  return assembleList(encodeHeader(header), body.subarray(0, count * ENTRY_BYTES), []);
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
