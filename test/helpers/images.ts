// The image sets the Node and browser tests share (paths relative to ../shared/pdq-vectors).

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cppRows, VECTORS } from './vectors.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** JPEG / PNG files under pdq/data that have a fullres row in COMPUTED-CPP.tsv, with that row. */
export function referenceImages() {
  const rows = new Map(
    cppRows()
      .filter((r) => r.mode === 'fullres')
      .map((r) => [r.file, r]),
  );
  return walk(join(VECTORS, 'pdq/data'))
    .map((p) => relative(VECTORS, p))
    .filter((f) => /\.(jpe?g|png)$/i.test(f) && rows.has(f))
    .sort()
    .map((file) => ({ file, row: rows.get(file)! }));
}

/** The WebP files in misc-images/modes (no reference row; compared with modes/original.jpg). */
export function webpImages(): string[] {
  return readdirSync(join(VECTORS, 'pdq/data/misc-images/modes'))
    .filter((f) => f.endsWith('.webp'))
    .sort()
    .map((f) => `pdq/data/misc-images/modes/${f}`);
}

/** python-threatexchange's test images: a translucent LA PNG and a 16-bit grey PNG among them. */
export function extraImages(): string[] {
  const dir = 'python-threatexchange/threatexchange/tests/hashing/resources';
  return readdirSync(join(VECTORS, dir))
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}
