// The database test (issue 10, item 7): the relay's SQLite file and its -wal / -journal, read as
// raw bytes after the audit, must hold none of the scenarios' texts, image bytes, their SHA-256 and
// PDQ hashes, or any secret key — in raw, hex or base64 form. Ciphertext is there, of course.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assertion } from './cross-checks.js';
import { LeakSearch, type Needle } from './leaks.js';

/** Every secret half of the demo's committed key files (demo/keys/*.key.json). */
export function keyFileSecrets(keysDir: string, names: readonly string[]): Needle[] {
  const out: Needle[] = [];
  for (const name of names) {
    const parsed = JSON.parse(readFileSync(join(keysDir, name), 'utf8')) as Record<string, unknown>;
    for (const [field, value] of Object.entries(parsed)) {
      if (!/secret/i.test(field) || typeof value !== 'string') continue;
      const bytes = /^[0-9a-f]+$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
      out.push({ what: `${name} ${field}`, bytes });
    }
  }
  return out;
}

/** Searches relay.sqlite, -wal and -journal for every needle; one assertion per file and one overall. */
export function scanDatabase(dataDir: string, needles: readonly Needle[]): Assertion[] {
  const search = new LeakSearch(needles);
  const out: Assertion[] = [];
  const files = ['relay.sqlite', 'relay.sqlite-wal', 'relay.sqlite-journal'].map((f) => join(dataDir, f)).filter((f) => existsSync(f));
  out.push({ what: `the relay's database files exist (${files.map((f) => f.split('/').pop()).join(', ')})`, passed: files.length > 0 });
  for (const file of files) {
    const bytes = readFileSync(file);
    const hits = search.search(bytes, file);
    out.push({
      what: `${file.split('/').pop()} (${bytes.length} bytes): none of ${needles.length} values (${search.size} encodings) found`,
      passed: hits.length === 0,
      ...(hits.length
        ? {
            detail: hits
              .slice(0, 5)
              .map((h) => `${h.what} as ${h.form} at ${h.offset}`)
              .join('; '),
          }
        : {}),
    });
  }
  return out;
}
