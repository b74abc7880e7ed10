// The CSV that python-threatexchange's `dataset --csv` writes (Python's csv module: fields quoted
// with "…" when they hold a comma or quote, "" for a quote inside). One record per line: a quoted
// line break would need the next line, and is refused instead.

import { SafesealError } from '../errors.js';

/** The columns of `threatexchange dataset --csv`, in the order the import reads them. */
export const TE_CSV_COLUMNS = ['signal_type', 'signal_str', 'collab', 'category', 'tags'] as const;

/**
 * Splits one CSV record into its fields.
 * @throws SafesealError INVALID_ARGUMENT for an unterminated or misplaced quote.
 */
export function parseCsvLine(line: string, where: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new SafesealError('INVALID_ARGUMENT', `${where}: unterminated quoted CSV field (fields spanning lines are not supported)`);
        field += line.slice(i, q);
        if (line[q + 1] === '"') {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < line.length && line[i] !== ',') throw new SafesealError('INVALID_ARGUMENT', `${where}: text after a closing quote in a CSV field`);
      out.push(field);
    } else {
      const c = line.indexOf(',', i);
      const field = line.slice(i, c < 0 ? line.length : c);
      if (field.includes('"')) throw new SafesealError('INVALID_ARGUMENT', `${where}: a quote inside an unquoted CSV field`);
      out.push(field);
      i = c < 0 ? line.length : c;
    }
    if (i >= line.length) return out;
    i++; // the comma
    if (i === line.length) {
      out.push('');
      return out;
    }
  }
}

/** Quotes a field for CSV when it needs it (the way Python's csv module does by default). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
