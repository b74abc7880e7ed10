// Writing a verified list's entries back out in the ecosystem's formats (the other direction of
// import.ts): jsonl carries every entry with its type and category, so it round-trips any list;
// python-threatexchange's local_file and dataset CSV carry PDQ hashes only, with no category.

import { toHex } from '../bytes.js';
import { categoryOfCode, ENTRY_TYPE_CODES } from './categories.js';
import { ENTRY_BYTES, HASH_BYTES, type ParsedList } from './format.js';
import { csvField, TE_CSV_COLUMNS } from './import-csv.js';

export const EXPORT_FORMATS = ['local-file', 'te-csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedList {
  /** Output lines, without line breaks. */
  readonly lines: string[];
  /** What the format could not carry, for people (null when nothing was left out). */
  readonly leftOut: string | null;
}

/** The lines of `list` in `format`, and what was left out. Time and memory O(entries). */
export function exportList(list: ParsedList, format: ExportFormat): ExportedList {
  const lines: string[] = [];
  const n = list.pdqCount + list.sha256Count;
  const { body } = list;
  if (format === 'te-csv') lines.push(TE_CSV_COLUMNS.join(','));
  for (let i = 0; i < n; i++) {
    const at = i * ENTRY_BYTES;
    const type = body[at] === ENTRY_TYPE_CODES.pdq ? 'pdq' : 'sha256';
    const hash = toHex(body.subarray(at + 1, at + 1 + HASH_BYTES));
    if (format === 'jsonl') {
      lines.push(JSON.stringify({ type, hash, category: categoryOfCode(body[at + ENTRY_BYTES - 1]) }));
    } else if (type === 'pdq') {
      // The collab column names the list; POSITIVE_CLASS is what the import takes as blocking material.
      lines.push(format === 'local-file' ? `pdq ${hash}` : ['pdq', hash, csvField(list.id), 'POSITIVE_CLASS', ''].join(','));
    }
  }
  if (format === 'jsonl') return { lines, leftOut: null };
  const missing: string[] = [];
  if (list.sha256Count > 0) missing.push(`${list.sha256Count} SHA-256 entries left out (${format} carries PDQ only; use --format jsonl)`);
  if (list.categories.length > 1)
    missing.push(
      `categories ${list.categories.join(', ')} not carried (${format} has none): rebuild with --category per file, or use --format jsonl`,
    );
  return { lines, leftOut: missing.length === 0 ? null : missing.join('; ') };
}
