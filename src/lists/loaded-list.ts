// A verified list turned into what matching needs: the PDQ entries in a MIH index, the SHA-256
// entries in an exact set, one category byte per entry, and the values status() publishes. The
// parsed file is not kept: nothing but these compact arrays stays in memory.

import type { ListCategory, ListInfo } from '../protocol.js';
import { categoryOfCode } from './categories.js';
import { ENTRY_BYTES, HASH_BYTES, type ParsedList } from './format.js';
import { ExactSet } from './exact-set.js';
import { PDQ_WORDS, PdqIndex } from './pdq-index.js';
import type { VerifiedList } from './verify.js';

export interface LoadedList {
  readonly info: ListInfo;
  /** notAfter in ms since the epoch. */
  readonly notAfterMs: number;
  readonly pdq: PdqIndex;
  /** SHA-256 entries; entry index = pdq.size + position. */
  readonly sha256: ExactSet;
  /** Category code of every entry, in entry order. */
  readonly categoryCodes: Uint8Array;
}

/** Copies the entries out of the parsed body into the index structures. Time O(16 n). */
export function indexEntries(list: ParsedList): { pdq: PdqIndex; sha256: ExactSet; categoryCodes: Uint8Array } {
  const { body, pdqCount, sha256Count } = list;
  const n = pdqCount + sha256Count;
  const words = new Uint32Array(pdqCount * PDQ_WORDS);
  const digests = new Uint8Array(sha256Count * HASH_BYTES);
  const categoryCodes = new Uint8Array(n);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let i = 0; i < n; i++) {
    const at = i * ENTRY_BYTES;
    categoryCodes[i] = body[at + ENTRY_BYTES - 1];
    if (i < pdqCount) {
      for (let j = 0; j < PDQ_WORDS; j++) words[i * PDQ_WORDS + j] = view.getUint32(at + 1 + 4 * j);
    } else {
      digests.set(body.subarray(at + 1, at + 1 + HASH_BYTES), (i - pdqCount) * HASH_BYTES);
    }
  }
  return { pdq: PdqIndex.build(words), sha256: new ExactSet(digests), categoryCodes };
}

/** Builds the in-memory form of a verified list. */
export function loadVerified(verified: VerifiedList): LoadedList {
  const { list, root, signers } = verified;
  const info: ListInfo = Object.freeze({
    id: list.id,
    sequence: list.sequence,
    root,
    signers: Object.freeze([...signers]),
    entries: list.pdqCount + list.sha256Count,
    categories: Object.freeze([...list.categories]),
    createdAt: new Date(list.createdAt * 1000).toISOString(),
    notAfter: new Date(list.notAfter * 1000).toISOString(),
  });
  return { info, notAfterMs: list.notAfter * 1000, ...indexEntries(list) };
}

/** The category name of entry `index` (codes were checked when the list was parsed). */
export function categoryAt(list: LoadedList, index: number): ListCategory {
  return categoryOfCode(list.categoryCodes[index]) as ListCategory;
}
