// The fixed set of categories a hash list may use, with their one-byte codes in the list format.
// Lists cannot introduce categories: an unknown code is a format error, not a new label.

import { LIST_CATEGORIES, type ListCategory } from '../taxonomy.js';

export { isListCategory, LIST_CATEGORIES } from '../taxonomy.js';

/** Code of each category in the binary format (0 is never valid). */
export const CATEGORY_CODES: Readonly<Record<ListCategory, number>> = Object.freeze({ 'known-abuse': 1, test: 2 });

/** The category of a code, or null for an unknown code. */
export function categoryOfCode(code: number): ListCategory | null {
  for (const name of LIST_CATEGORIES) if (CATEGORY_CODES[name] === code) return name;
  return null;
}

/** Entry types and their codes: a PDQ hash (near-duplicate match) or a SHA-256 (exact match). */
export const ENTRY_TYPES = ['pdq', 'sha256'] as const;

export type EntryType = (typeof ENTRY_TYPES)[number];

export const ENTRY_TYPE_CODES: Readonly<Record<EntryType, number>> = Object.freeze({ pdq: 1, sha256: 2 });
