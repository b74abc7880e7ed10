// `npx tsx scripts/make-import-fixtures.ts`: writes test/fixtures/lists/import/*, one PDQ hash file
// per import format, made from the reference images under ../shared/pdq-vectors (hashes only, no
// image bytes). The hashes are the C++ reference's own (COMPUTED-CPP.tsv): `fullres` (the
// convention the SDK follows bit for bit) for every format, and `ref512` — what pdq-photo-hasher
// prints, with its 512 × 512 pre-resize — in pdq-photo-hasher-ref512.txt. Two low-quality images
// appear where the format carries quality, to show they are skipped; formats without quality
// hold only the hashes of quality ≥ 50 (so every file imports to the same entries).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VECTORS } from '../test/helpers/vectors.js';

export const IMPORT_IMAGES = [
  'pdq/data/misc-images/c.png',
  'pdq/data/misc-images/wee.jpg',
  'pdq/data/misc-images/small.jpg',
  'pdq/data/misc-images/modes/original.jpg',
  'pdq/data/reg-test-input/pen-and-coaster.png',
  'pdq/data/reg-test-input/labelme-subset/q0003.jpg',
  'pdq/data/reg-test-input/labelme-subset/q0004.jpg',
  'pdq/data/reg-test-input/labelme-subset/q0122.jpg',
  'pdq/data/reg-test-input/labelme-subset/q0291.jpg',
  'pdq/data/reg-test-input/labelme-subset/q0746.jpg',
  'pdq/data/reg-test-input/labelme-subset/q1050.jpg',
  'pdq/data/reg-test-input/labelme-subset/q2821.jpg',
];
export const IMPORT_FIXTURES = join(import.meta.dirname, '../test/fixtures/lists/import');

interface Row {
  file: string;
  hash: string;
  quality: number;
}

function rows(mode: 'fullres' | 'ref512'): Row[] {
  const lines = readFileSync(join(VECTORS, 'COMPUTED-CPP.tsv'), 'utf8').trim().split('\n').slice(1);
  const byFile = new Map(
    lines
      .map((l) => l.split('\t'))
      .filter((c) => c[1] === mode)
      .map((c) => [c[0], { file: c[0], hash: c[3], quality: Number(c[2]) }]),
  );
  return IMPORT_IMAGES.map((f) => {
    const r = byFile.get(f);
    if (!r) throw new Error(`${f} is not in COMPUTED-CPP.tsv (${mode})`);
    return r;
  });
}

const popcount = (hex: string): number => [...hex].reduce((n, c) => n + [...parseInt(c, 16).toString(2)].filter((b) => b === '1').length, 0);
const distance = (a: string, b: string): number => [...a].reduce((n, c, i) => n + popcount((parseInt(c, 16) ^ parseInt(b[i], 16)).toString(16)), 0);

/** The fixture files, by name: what this script writes (a unit test compares them with the committed ones). */
export function importFixtures(): Record<string, string> {
  const full = rows('fullres');
  const good = full.filter((r) => r.quality >= 50);
  const files: Record<string, string> = {};
  const write = (name: string, lines: string[]): void => {
    files[name] = lines.join('\n') + '\n';
  };
  // A hash that the MSC4113 file adds and then removes (an empty-content event for its state key).
  const removed = 'f'.repeat(16) + '0'.repeat(48);

  write(
    'hex.txt',
    good.map((r) => r.hash),
  );
  write(
    'pdq-photo-hasher.txt',
    full.map((r) => `${r.hash},${r.quality},${r.file}`),
  );
  write(
    'pdq-photo-hasher-ref512.txt',
    rows('ref512').map((r) => `${r.hash},${r.quality},${r.file}`),
  );
  write(
    'pdq-photo-hasher-d.txt',
    full.map(
      (r, i) =>
        `hash=${r.hash},norm=${popcount(r.hash)},delta=${i === 0 ? 0 : distance(r.hash, full[i - 1].hash)},quality=${r.quality},filename=${r.file}`,
    ),
  );
  write('te-local-file.txt', [...good.map((r) => `pdq ${r.hash}`), 'video_md5 d41d8cd98f00b204e9800998ecf8427e']);
  write('te-dataset.csv', [
    'signal_type,signal_str,collab,category,tags',
    ...good.map((r) => `pdq,${r.hash},"PDQ vectors, reference",POSITIVE_CLASS,reference`),
    `pdq,${full.find((r) => r.quality < 50)!.hash},"PDQ vectors, reference",INVESTIGATION_SEED,lead`,
  ]);
  const event = (type: string, key: string, hash: string, quality: number) => ({
    type: `${type}.policy.media_hash`,
    state_key: hash,
    content: { [`${key}.pdqhash`]: { hash, quality: String(quality) }, reason: 'reference image' },
  });
  const events = [
    ...full.map((r, i) =>
      i % 2 === 0 ? event('m', 'm', r.hash, r.quality) : event('space.midnightthoughts', 'space.midnightthoughts', r.hash, r.quality),
    ),
    event('m', 'm', removed, 100),
    { type: 'm.policy.media_hash', state_key: removed, content: {} },
  ];
  write(
    'msc4113.jsonl',
    events.map((e) => JSON.stringify(e)),
  );
  files['msc4113.json'] = JSON.stringify(events, null, 2) + '\n';
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, text] of Object.entries(importFixtures())) writeFileSync(join(IMPORT_FIXTURES, name), text);
  process.stdout.write(`wrote ${Object.keys(importFixtures()).length} files to ${IMPORT_FIXTURES}\n`);
}
