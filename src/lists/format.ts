// Binary layout of a safeseal hash list, format version 1 (docs/hash-list-format.md): parsing
// checks every count against the byte length before anything is allocated; encoding writes the
// same layout. Signatures are only located here; their policy is in verify.ts.

import { SafesealError } from '../errors.js';
import type { ListCategory } from '../taxonomy.js';
import { CATEGORY_CODES, categoryOfCode, ENTRY_TYPE_CODES } from './categories.js';

/** "\x89SSL\r\n\x1a\n": a high byte, a name, and line endings that text-mode copies would mangle. */
export const LIST_MAGIC: readonly number[] = [0x89, 0x53, 0x53, 0x4c, 0x0d, 0x0a, 0x1a, 0x0a];
export const LIST_FORMAT_VERSION = 1;

/** Limits on every count (docs/hash-list-format.md §Limits). */
export const MAX_ID_LENGTH = 64;
/** 100 M: above the largest known databases (57 M); keeps the index's packed bit offsets below 2^32 and a list file below 4 GB. */
export const MAX_ENTRIES = 100_000_000;
export const MAX_SIGNATURES = 32;
export const ENTRY_BYTES = 34; // type (1) + hash (32) + category (1)
export const HASH_BYTES = 32;
export const KEY_ID_BYTES = 16;
export const SIGNATURE_RECORD_BYTES = KEY_ID_BYTES + 64;
/** Largest sequence number and time accepted: JavaScript's exact-integer limit. */
export const MAX_U53 = Number.MAX_SAFE_INTEGER;
/** Latest time accepted, in Unix seconds: the last instant a JavaScript Date can hold. */
export const MAX_TIME_SECONDS = 8_640_000_000_000;

/** List ids: short, lowercase ASCII, no look-alikes. */
export const LIST_ID_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface ListHeader {
  readonly id: string;
  readonly sequence: number;
  /** Unix time, seconds. */
  readonly createdAt: number;
  /** Unix time, seconds: the list is refused after this instant. */
  readonly notAfter: number;
  /** Categories used by the entries, in code order; each is used at least once. */
  readonly categories: readonly ListCategory[];
  readonly pdqCount: number;
  readonly sha256Count: number;
}

export interface SignatureRecord {
  readonly keyId: Uint8Array;
  readonly signature: Uint8Array;
}

/** A list whose layout is valid. Byte fields are views into the parsed buffer. */
export interface ParsedList extends ListHeader {
  /** The header bytes: everything the header digest covers. */
  readonly headerBytes: Uint8Array;
  /** The canonical body: pdqCount + sha256Count entries of ENTRY_BYTES, sorted, no duplicates. */
  readonly body: Uint8Array;
  readonly signatures: readonly SignatureRecord[];
}

const fail = (why: string): SafesealError => new SafesealError('LIST_FORMAT', `hash list: ${why}`);

/** A bounds-checked big-endian reader: reading past the end is LIST_FORMAT, never a RangeError. */
class Reader {
  readonly #view: DataView;
  pos = 0;
  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.bytes.length - this.pos < n) throw fail(`truncated in ${what}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.#view.getUint8(this.pos++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.#view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.#view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  u53(what: string): number {
    this.need(8, what);
    const hi = this.#view.getUint32(this.pos);
    const lo = this.#view.getUint32(this.pos + 4);
    this.pos += 8;
    if (hi > 0x1fffff) throw fail(`${what} is larger than 2^53 − 1`);
    return hi * 2 ** 32 + lo;
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

function parseHeader(r: Reader): ListHeader {
  for (let i = 0; i < LIST_MAGIC.length; i++) if (r.u8('magic') !== LIST_MAGIC[i]) throw fail('wrong magic: not a safeseal hash list');
  const version = r.u16('format version');
  if (version !== LIST_FORMAT_VERSION) throw fail(`format version ${version} is not supported (expected ${LIST_FORMAT_VERSION})`);
  if (r.u16('flags') !== 0) throw fail('reserved flags must be 0');
  const idLength = r.u8('id length');
  if (idLength < 1 || idLength > MAX_ID_LENGTH) throw fail(`id length ${idLength} is outside 1..${MAX_ID_LENGTH}`);
  const id = String.fromCharCode(...r.take(idLength, 'id'));
  if (!LIST_ID_RE.test(id)) throw fail('id must match [a-z0-9][a-z0-9._-]*');
  const sequence = r.u53('sequence');
  const createdAt = r.u53('creation time');
  const notAfter = r.u53('notAfter');
  if (createdAt > MAX_TIME_SECONDS || notAfter > MAX_TIME_SECONDS) throw fail('a time is beyond the year 275760');
  if (notAfter <= createdAt) throw fail('notAfter must be later than the creation time');
  const categoryCount = r.u8('category count');
  if (categoryCount > Object.keys(CATEGORY_CODES).length) throw fail(`category count ${categoryCount} exceeds the taxonomy`);
  const categories: ListCategory[] = [];
  let previous = 0;
  for (let i = 0; i < categoryCount; i++) {
    const code = r.u8('categories');
    const name = categoryOfCode(code);
    if (name === null) throw fail(`unknown category code ${code}`);
    if (code <= previous) throw fail('categories must be listed in increasing code order, once each');
    previous = code;
    categories.push(name);
  }
  const pdqCount = r.u32('PDQ count');
  const sha256Count = r.u32('SHA-256 count');
  if (pdqCount + sha256Count > MAX_ENTRIES) throw fail(`${pdqCount + sha256Count} entries exceed the limit of ${MAX_ENTRIES}`);
  return { id, sequence, createdAt, notAfter, categories, pdqCount, sha256Count };
}

/**
 * Checks the canonical body: types in blocks of the announced sizes, (type, hash) strictly
 * increasing, every category announced in the header and every announced one used.
 */
function checkBody(body: Uint8Array, header: ListHeader): void {
  const allowed = new Uint8Array(256);
  for (const c of header.categories) allowed[CATEGORY_CODES[c]] = 1;
  const used = new Uint8Array(256);
  const n = header.pdqCount + header.sha256Count;
  for (let i = 0; i < n; i++) {
    const at = i * ENTRY_BYTES;
    const type = body[at];
    const expected = i < header.pdqCount ? ENTRY_TYPE_CODES.pdq : ENTRY_TYPE_CODES.sha256;
    if (type !== expected) throw fail(`entry ${i} has type ${type}, expected ${expected}`);
    const category = body[at + ENTRY_BYTES - 1];
    if (categoryOfCode(category) === null) throw fail(`entry ${i} has unknown category code ${category}`);
    if (allowed[category] !== 1) throw fail(`entry ${i} has a category the header does not announce`);
    used[category] = 1;
    if (i > 0 && compareKeys(body, at - ENTRY_BYTES, at) >= 0)
      throw fail(`entry ${i} is not after entry ${i - 1}: entries must be sorted, without duplicates`);
  }
  for (const c of header.categories) if (used[CATEGORY_CODES[c]] !== 1) throw fail(`category ${c} is announced but not used`);
}

/** Compares the (type, hash) keys of the entries at byte offsets a and b. */
function compareKeys(body: Uint8Array, a: number, b: number): number {
  for (let k = 0; k < 1 + HASH_BYTES; k++) {
    const d = body[a + k] - body[b + k];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Parses a hash list and checks its layout; no signature is checked.
 * @throws SafesealError LIST_FORMAT for anything not exactly as specified.
 */
export function parseList(bytes: Uint8Array): ParsedList {
  const r = new Reader(bytes);
  const header = parseHeader(r);
  const headerBytes = bytes.subarray(0, r.pos);
  const n = header.pdqCount + header.sha256Count;
  // Check the whole length from the counts before touching the body: no count drives a read or
  // an allocation beyond the bytes actually present.
  const bodyBytes = n * ENTRY_BYTES;
  if (bytes.length - r.pos < bodyBytes + 1) throw fail(`the counts announce ${n} entries but the list is too short for them`);
  const body = r.take(bodyBytes, 'entries');
  const signatureCount = r.u8('signature count');
  if (signatureCount > MAX_SIGNATURES) throw fail(`${signatureCount} signatures exceed the limit of ${MAX_SIGNATURES}`);
  if (bytes.length - r.pos !== signatureCount * SIGNATURE_RECORD_BYTES) {
    throw fail(`${signatureCount} signatures need ${signatureCount * SIGNATURE_RECORD_BYTES} bytes, ${bytes.length - r.pos} remain`);
  }
  const signatures: SignatureRecord[] = [];
  for (let i = 0; i < signatureCount; i++) {
    signatures.push({ keyId: r.take(KEY_ID_BYTES, 'key id'), signature: r.take(SIGNATURE_RECORD_BYTES - KEY_ID_BYTES, 'signature') });
  }
  checkBody(body, header);
  return { ...header, headerBytes, body, signatures };
}

/** Writes a header in the v1 layout. Values must already be valid (see build.ts). */
export function encodeHeader(h: ListHeader): Uint8Array {
  const out = new Uint8Array(8 + 2 + 2 + 1 + h.id.length + 24 + 1 + h.categories.length + 8);
  const view = new DataView(out.buffer);
  out.set(LIST_MAGIC, 0);
  let p = 8;
  view.setUint16(p, LIST_FORMAT_VERSION);
  view.setUint16(p + 2, 0);
  p += 4;
  out[p++] = h.id.length;
  for (let i = 0; i < h.id.length; i++) out[p++] = h.id.charCodeAt(i);
  for (const v of [h.sequence, h.createdAt, h.notAfter]) {
    view.setUint32(p, Math.floor(v / 2 ** 32));
    view.setUint32(p + 4, v >>> 0);
    p += 8;
  }
  out[p++] = h.categories.length;
  for (const c of h.categories) out[p++] = CATEGORY_CODES[c];
  view.setUint32(p, h.pdqCount);
  view.setUint32(p + 4, h.sha256Count);
  return out;
}

/** Concatenates header, body, signature count and signature records into one list file. */
export function assembleList(headerBytes: Uint8Array, body: Uint8Array, signatures: readonly SignatureRecord[]): Uint8Array {
  const out = new Uint8Array(headerBytes.length + body.length + 1 + signatures.length * SIGNATURE_RECORD_BYTES);
  out.set(headerBytes, 0);
  out.set(body, headerBytes.length);
  let p = headerBytes.length + body.length;
  out[p++] = signatures.length;
  for (const s of signatures) {
    out.set(s.keyId, p);
    out.set(s.signature, p + KEY_ID_BYTES);
    p += SIGNATURE_RECORD_BYTES;
  }
  return out;
}
